"""Links: broken internal links and anchors fail the strict build; external ones are reported."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dx_playbook.core.quality.links import external_links, is_external, links_in, report_markdown
from factories import pair

ROOT = Path(__file__).resolve().parent.parent
_MARKDOWN_LINK = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")


@pytest.mark.build
def test_broken_links_and_anchors_fail_the_strict_build_in_both_languages(build_site):
    files = pair()
    files["ja/about.md"] = "# 概要\n\n[ない](missing-ja.md) と [ない見出し](index.md#no-such-ja)\n"
    files["en/about.md"] = (
        "# About\n\n[gone](missing-en.md) and [no heading](index.md#no-such-en)\n"
    )
    result = build_site(files)
    assert result.returncode != 0, "a strict build with broken links passed"
    warnings = "\n".join(result.warnings)
    for lang, target in (("ja", "missing-ja.md"), ("en", "missing-en.md")):
        assert re.search(rf"{lang}/about\.md.*{re.escape(target)}", warnings), (
            f"no warning names {lang}/about.md and its broken link {target}:\n{result.output}"
        )
    for lang, anchor in (("ja", "no-such-ja"), ("en", "no-such-en")):
        assert re.search(rf"{lang}/about\.md.*#{anchor}", warnings), (
            f"no warning names {lang}/about.md and its broken anchor #{anchor}:\n{result.output}"
        )


def test_external_links_are_told_from_internal_ones():
    assert is_external("https://www.soumu.go.jp/")
    assert is_external("//cdn.example.org/x.js")
    assert is_external("mailto:dx@example.org")
    assert not is_external("../principles/act-now/")
    assert not is_external("#checklist")
    assert not is_external("file:///tmp/x.html")
    html = (
        '<a href="https://example.org/a">An <em>example</em>\n site</a>'
        '<a href="../b/">internal</a><a href="https://example.org/i" aria-label="Icon">'
        "<svg></svg></a>"
    )
    assert links_in(html) == [
        ("https://example.org/a", "An example site"),
        ("https://example.org/i", "Icon"),
    ]


@pytest.mark.slow
def test_report_lists_every_external_link_of_the_playbook(playbook, tmp_path, capsys):
    links = external_links(playbook.site_dir)
    listed = {link.url for link in links}
    written = set()
    for markdown in (ROOT / "docs").rglob("*.md"):
        for match in _MARKDOWN_LINK.finditer(markdown.read_text(encoding="utf-8")):
            written.add(match.group(1) or match.group(2))
    assert written <= listed, f"links in the docs missing from the report: {written - listed}"
    assert all(is_external(url) for url in listed)
    assert all(link.pages for link in links)
    output = tmp_path / "external-links.md"
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "external_links.py"),
            str(playbook.site_dir),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert output.read_text(encoding="utf-8") == report_markdown(links)
    as_json = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "external_links.py"),
            str(playbook.site_dir),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert [entry["url"] for entry in json.loads(as_json.stdout)] == sorted(listed)
    pages = len({page for link in links for page in link.pages})
    with capsys.disabled():
        print(
            f"\n[quality] external links: {len(links)} URLs on {pages} pages "
            f"(listed, not fetched): {output}"
        )
