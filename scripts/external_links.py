"""List every external link of a built playbook (URL, link text, pages), without fetching any.

Usage:
    mkdocs build --strict -d site && python scripts/external_links.py site
    python scripts/external_links.py site --format json --output external-links.json
tests/test_links.py runs it over the real playbook in every test run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dx_playbook.core.quality.links import external_links, report_json, report_markdown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path, help="the built site (mkdocs build -d …)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--output", type=Path, help="write the report here, not to stdout")
    arguments = parser.parse_args(argv)
    if not (arguments.site_dir / "index.html").is_file():
        print(f"{arguments.site_dir} is not a built site (no index.html)", file=sys.stderr)
        return 2
    links = external_links(arguments.site_dir)
    text = report_json(links) if arguments.format == "json" else report_markdown(links)
    if arguments.output:
        arguments.output.write_text(text, encoding="utf-8")
        print(f"{len(links)} external links listed in {arguments.output}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
