"""Strict builds of small sites: each kind of bad content fails with one line naming the file."""

from __future__ import annotations

import pytest
from tests.factories import pair, principle

pytestmark = pytest.mark.build


def problem_lines(result, path: str) -> list[str]:
    return [line for line in result.warnings if path in line]


def assert_fails_with(result, path: str, *needles: str) -> str:
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output
    lines = problem_lines(result, path)
    matching = [line for line in lines if all(needle in line for needle in needles)]
    assert len(matching) == 1, f"expected one line about {needles} in:\n{result.output}"
    return matching[0]


def test_valid_pair_builds_strict(build_site):
    result = build_site(pair())
    assert result.returncode == 0, result.output
    html = result.read("principles/sample-principle/index.html")
    assert 'data-dxp-item="sample-principle-step-1"' in html
    assert (result.site_dir / "en/principles/sample-principle/index.html").exists()


def test_invalid_yaml_names_file_and_line(build_site):
    files = pair()
    files["ja/principles/sample-principle.md"] = principle(
        front_matter="id: sample-principle\npillar: [people\nseries_part: 5\n"
    )
    result = build_site(files)
    line = assert_fails_with(result, "docs/ja/principles/sample-principle.md", "not valid YAML")
    assert "docs/ja/principles/sample-principle.md:" in line
    assert "Fix:" in line


def test_unknown_pillar_suggests_the_right_one(build_site):
    files = pair()
    files["ja/principles/sample-principle.md"] = principle(pillar="peeple")
    result = build_site(files)
    line = assert_fails_with(result, "docs/ja/principles/sample-principle.md:3", "unknown pillar")
    assert "did you mean 'people'" in line


def test_duplicate_item_id_names_both_files(build_site):
    files = {**pair("first-principle"), **pair("second-principle")}
    files["ja/principles/second-principle.md"] = principle(
        "second-principle", items=["Again { #first-principle-step-1 }", "B { #b-b }", "C { #c-c }"]
    )
    result = build_site(files)
    line = assert_fails_with(
        result, "docs/ja/principles/second-principle.md", "already used", "first-principle-step-1"
    )
    assert "docs/ja/principles/first-principle.md" in line


def test_item_id_mismatch_between_languages(build_site):
    files = pair()
    files["en/principles/sample-principle.md"] = principle(
        lang="en",
        items=[
            "Step 1 { #sample-principle-step-1 }",
            "Step 2 { #sample-principle-step-2 }",
            "Step 3 { #sample-principle-renamed }",
        ],
    )
    result = build_site(files)
    missing = assert_fails_with(
        result, "docs/en/principles/sample-principle.md", "'sample-principle-step-3'", "missing"
    )
    assert "docs/ja/principles/sample-principle.md" in missing
    assert_fails_with(
        result, "docs/en/principles/sample-principle.md:", "'sample-principle-renamed'"
    )


def test_non_strict_build_survives_bad_content(build_site):
    files = pair()
    files["ja/principles/sample-principle.md"] = principle(pillar="nowhere", roles="[mayor]")
    result = build_site(files, strict=False)
    assert result.returncode == 0, result.output
    assert any("unknown role 'mayor'" in line for line in result.warnings)


def test_a_page_markdown_cannot_convert_is_one_line_naming_it(build_site):
    """Issue 16: a page nested too deeply is refused before MkDocs converts it."""
    files = pair()
    files["ja/notes.md"] = "# メモ\n\n" + "- " * 500 + "x\n"
    files["en/notes.md"] = "# Notes\n\nText.\n"
    result = build_site(files)
    line = assert_fails_with(result, "docs/ja/notes.md:3", "nested 500 levels deep")
    assert "Fix:" in line
    assert not (result.site_dir / "notes/index.html").exists()


def test_a_recursion_error_in_a_conversion_is_one_line_not_a_traceback(build_site, monkeypatch):
    """The last line of defence: nesting the limits do not count (here: none are counted)
    still ends in one warning naming the page, and the strict build fails."""
    from dx_playbook.core.authoring import validation

    monkeypatch.setattr(validation, "markdown_shape", lambda lines: None)
    files = pair()
    files["ja/notes.md"] = "# メモ\n\n" + "- " * 600 + "x\n"
    files["en/notes.md"] = "# Notes\n\n" + "*" * 3000 + "x" + "*" * 3000 + "\n"
    result = build_site(files)
    for path in ("docs/ja/notes.md", "docs/en/notes.md"):
        line = assert_fails_with(result, path, "Markdown could not convert the page")
        assert "Fix:" in line
    assert "Error reading page" not in result.output
