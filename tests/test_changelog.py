"""``data/changelog.yml``: what changed in each edition (issue 20). Its mistakes are one line
each, read in milliseconds; the real file is valid, names the version being built, and becomes
the "what changed" pages and the zip's RELEASE-NOTES.txt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook import __version__
from dx_playbook.core.model.changelog import read_changelog, release_notes
from dx_playbook.core.text.catalogue import catalogue

LANGUAGES = ("ja", "en")
PAGES = {"principles/command-tower.md", "dashboard.md"}

GOOD = f"""\
- version: {__version__}
  date: 2027-04-01
  changes:
    - ja: 直しました。
      en: Fixed.
      pages: [principles/command-tower.md]
- version: 0.0.9
  date: 2026-01-01
  changes:
    - ja: 試しの版。
      en: A trial edition.
"""


def read(tmp_path: Path, text: str) -> tuple[tuple, list[str]]:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data/changelog.yml").write_text(text, encoding="utf-8")
    lines: list[str] = []

    def problem(path: str, line: int | None, message: str, fix: str) -> None:
        lines.append(f"{path}:{line}: {message}. Fix: {fix}")

    releases = read_changelog(tmp_path, LANGUAGES, problem, lambda page: page in PAGES)
    return releases, lines


def test_a_good_changelog_reads_newest_first(tmp_path):
    releases, problems = read(tmp_path, GOOD)
    assert problems == []
    assert [release.version for release in releases] == [__version__, "0.0.9"]
    assert releases[0].changes[0].pages == ("principles/command-tower.md",)
    assert releases[0].anchor == "v" + __version__.replace(".", "-")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ((f"version: {__version__}", "version: 9.9.9"), f"no entry for version {__version__}"),
        (("date: 2027-04-01", "date: 2027-13-01"), "is not a date"),
        (("      en: Fixed.\n", ""), "has no 'en' text"),
        (
            ("[principles/command-tower.md]", "[principles/nowhere.md]"),
            "'principles/nowhere.md', which does not exist",
        ),
        (("version: 0.0.9", f"version: {__version__}"), "is listed twice (first on line 1)"),
        (
            ("- version: 0.0.9\n  date: 2026-01-01", "- version: 9.0.0\n  date: 2028-01-01"),
            "comes after a newer one",
        ),
        (("version: 0.0.9", "version: 1.0"), "'1.0' is not three numbers"),
        (("      pages:", "      page:"), "unknown field 'page'"),
        (
            ("  changes:\n    - ja: 試しの版。\n      en: A trial edition.\n", "  changes: []\n"),
            "lists no changes",
        ),
        (("- version: 0.0.9", "- version: 0.0.9\n  version: 0.0.8"), "is written twice"),
    ],
)
def test_each_mistake_is_one_line_with_its_place_and_fix(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    _, problems = read(tmp_path, GOOD.replace(old, new, 1))
    matching = [line for line in problems if expected in line]
    assert len(matching) == 1, problems
    assert re.match(r"^data/changelog\.yml:\d+: .+\. Fix: .+", matching[0]), matching[0]


def test_no_file_is_no_changelog_and_no_problem(tmp_path):
    assert read_changelog(tmp_path, LANGUAGES, lambda *a: pytest.fail(str(a)), bool) == ()


def test_the_real_changelog_is_valid_and_names_this_version():
    problems: list[str] = []
    releases = read_changelog(
        ROOT,
        LANGUAGES,
        lambda *found: problems.append(str(found)),
        lambda page: (ROOT / "docs/ja" / page).is_file(),
    )
    assert problems == []
    assert releases[0].version == __version__
    notes = release_notes(
        releases, LANGUAGES, {lang: catalogue(lang)["changes"] for lang in LANGUAGES}
    )
    assert notes.index(catalogue("ja")["changes"]["notes_title"]) < notes.index(
        catalogue("en")["changes"]["notes_title"]
    )
    for release in releases:
        for change in release.changes:
            assert f"- {change.text['ja']}" in notes
            assert f"- {change.text['en']}" in notes


@pytest.mark.build
def test_the_what_changed_pages_list_every_edition_with_links(playbook):
    for prefix, current in (("", "いまお読みの版"), ("en/", "the edition you are reading")):
        html = playbook.read(f"{prefix}about/changes/index.html")
        heading = re.search(r'<h2 id="v' + __version__.replace(".", "-") + r'">(.*?)<a', html)
        assert heading, prefix
        assert current in heading.group(1)
        assert 'href="../../dashboard/"' in html
