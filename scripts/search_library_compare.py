"""Run scripts/search_library_compare.js: our engine against MiniSearch on a built site.

python scripts/search_library_compare.py --site site/ --minisearch /tmp/ms/node_modules/minisearch
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ("tests/search_eval_set.yml", "tests/search_eval_fresh.yml", "tests/search_queries.yml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (mkdocs build)")
    parser.add_argument("--minisearch", type=Path, required=True, help="MiniSearch's folder")
    args = parser.parse_args()
    sets = {}
    for name in SETS:
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        sets[name] = {
            lang: [
                {
                    "q": q["q"],
                    "expect": q["expect"] if isinstance(q["expect"], list) else [q["expect"]],
                    "family": q.get("family") or q.get("kind"),
                }
                for q in data[lang]
            ]
            for lang in ("ja", "en")
        }
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as queries:
        json.dump(sets, queries, ensure_ascii=False)
        queries.flush()
        script = ROOT / "scripts" / "search_library_compare.js"
        command = [
            "node",
            str(script),
            str(args.site.resolve()),
            queries.name,
            str(args.minisearch),
        ]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
