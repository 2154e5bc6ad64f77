"""Translation states without MkDocs: fingerprints, records, git dates, parity messages."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from tests.factories import home, principle

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model.history import History
from dx_playbook.core.translations.translation_report import StatusRow, render_html, render_text
from dx_playbook.core.translations.translations import (
    Record,
    State,
    fingerprint,
    format_date,
    parse_record,
    stale_notice,
    statuses,
    with_record,
)

JA = "ja/principles/sample-principle.md"
EN = "en/principles/sample-principle.md"


def write(docs: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return docs


def site_of(tmp_path: Path, files: dict[str, str]):
    return load_site(write(tmp_path / "docs", files))


def recorded(text: str, record: str) -> str:
    """``text`` (a page with front matter) with a ``translation_of`` line."""
    return text.replace("\n---\n", f'\ntranslation_of: "{record}"\n---\n', 1)


# Fingerprints -------------------------------------------------------------------------------


def test_fingerprint_ignores_layout_but_not_words(tmp_path):
    base = principle("sample-principle", "ja")
    layouts = {
        "crlf": base.replace("\n", "\r\n"),
        "bom": "\ufeff" + base,
        "trailing spaces": base.replace("\n## ", "   \n\n\n## "),
    }
    original = fingerprint(
        site_of(tmp_path / "base", {JA: base}).page("ja", "principles/sample-principle.md")
    )
    for name, text in layouts.items():
        page = site_of(tmp_path / name, {JA: text}).page("ja", "principles/sample-principle.md")
        assert fingerprint(page) == original, name
    changed = site_of(tmp_path / "words", {JA: base.replace("Step 2", "Step two")})
    assert fingerprint(changed.page("ja", "principles/sample-principle.md")) != original


def test_fingerprint_follows_translatable_front_matter_only(tmp_path):
    base = principle("sample-principle", "ja")
    page = site_of(tmp_path / "a", {JA: base}).page("ja", "principles/sample-principle.md")
    summary = site_of(tmp_path / "b", {JA: principle("sample-principle", "ja", summary="Other.")})
    roles = site_of(tmp_path / "c", {JA: principle("sample-principle", "ja", roles="[cdo]")})
    assert fingerprint(summary.page("ja", "principles/sample-principle.md")) != fingerprint(page)
    assert fingerprint(roles.page("ja", "principles/sample-principle.md")) == fingerprint(page)


# Records ------------------------------------------------------------------------------------


def test_parse_record_reads_fingerprint_and_date():
    assert parse_record("0123456789ab 2025-06-01") == Record(
        "0123456789ab", datetime.date(2025, 6, 1)
    )
    assert parse_record("0123456789ab") == Record("0123456789ab", None)
    assert str(Record("0123456789ab", datetime.date(2025, 6, 1))) == "0123456789ab 2025-06-01"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("xyz", "is not '<12 hex digits> <YYYY-MM-DD>'"),
        ("0123456789ab 2025-02-30", "impossible date"),
        ("0123456789AB", "is not"),
        (["0123456789ab"], "must be text"),
        (True, "must be text"),
    ],
)
def test_parse_record_refuses_bad_values(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_record(value)


def test_with_record_inserts_then_replaces_keeping_layout():
    text = "\ufeff---\r\nid: x # keep me\r\n---\r\n\r\n# X\r\n"
    first = with_record(text, Record("0123456789ab", datetime.date(2025, 1, 2)))
    assert first.startswith("\ufeff---\r\n")
    assert 'translation_of: "0123456789ab 2025-01-02"\r\n---' in first
    assert "# keep me" in first
    second = with_record(first, Record("ba9876543210", datetime.date(2025, 3, 4)))
    assert second.count("translation_of") == 1
    assert 'translation_of: "ba9876543210 2025-03-04"' in second
    bare = with_record("# No front matter\n", Record("0123456789ab"))
    assert bare.startswith('---\ntranslation_of: "0123456789ab"\n---\n# No front matter')


def test_with_record_refuses_unterminated_front_matter():
    with pytest.raises(ValueError, match="never ends"):
        with_record("---\nid: x\n# X\n", Record("0123456789ab"))


# States -------------------------------------------------------------------------------------


def test_each_state_is_recognised(tmp_path):
    ja = principle("sample-principle", "ja")
    files = {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        JA: ja,
        "ja/about.md": "# 概要\n\n本文。\n",
        "en/about.md": "# About\n\nText.\n",
        "ja/only-japanese.md": "# 日本語だけ\n\n本文。\n",
    }
    site = site_of(tmp_path / "first", files)
    current = fingerprint(site.page("ja", "principles/sample-principle.md"))
    files[EN] = recorded(principle("sample-principle", "en"), f"{current} 2025-05-01")
    files["en/index.md"] = "---\ntranslation_of: 000000000000 2025-01-01\n---\n" + home("en")
    site = site_of(tmp_path / "second", files)
    found = {status.rel_path: status.state for status in statuses(site)}
    assert found == {
        "index.md": State.STALE,
        "principles/sample-principle.md": State.CURRENT,
        "about.md": State.UNTRACKED,
        "only-japanese.md": State.MISSING,
    }
    assert not [p for p in site.problems if "translation_of" in p.message]


def test_bad_records_are_problems_with_file_and_line(tmp_path):
    files = {
        "ja/index.md": "---\ntitle: ホーム\ntranslation_of: 0123456789ab\n---\n\n# ホーム\n",
        "en/index.md": "---\ntitle: Home\ntranslation_of: not-a-fingerprint\n---\n\n# Home\n",
    }
    problems = [str(p) for p in site_of(tmp_path, files).problems]
    assert any(
        line.startswith("docs/ja/index.md:3: 'translation_of' belongs on translations")
        for line in problems
    ), problems
    assert any(
        line.startswith("docs/en/index.md:3: translation_of 'not-a-fingerprint' is not")
        and "Fix: run 'dx-playbook i18n mark-current docs/en/index.md'" in line
        for line in problems
    ), problems


# Parity, each mismatch with file and line ---------------------------------------------------


def test_parity_mismatches_name_file_and_line(tmp_path):
    ja = principle("sample-principle", "ja").replace(
        "## 問いかけ", "See [home](../index.md).\n\n## 背景 { #background }\n\n## 問いかけ"
    )
    en = principle(
        "sample-principle",
        "en",
        items=[
            "Step 1 { #sample-principle-step-1 }",
            "Step 2 { #sample-principle-step-2 }",
            "Extra { #sample-principle-extra }",
        ],
        questions=5,
    )
    site = site_of(tmp_path, {"ja/index.md": home("ja"), "en/index.md": home("en"), JA: ja, EN: en})
    problems = [str(p) for p in site.problems if p.path == "docs/en/principles/sample-principle.md"]
    lines = {p.split(": ", 1)[0]: p for p in problems}
    en_lines = en.split("\n")
    checklist_line = en_lines.index("## Checklist { #checklist }") + 1
    extra_line = next(i for i, t in enumerate(en_lines, 1) if "#sample-principle-extra" in t)
    assert any(
        "checklist item 'sample-principle-step-3' of docs/ja/principles/sample-principle.md:" in p
        and p.startswith(f"docs/en/principles/sample-principle.md:{checklist_line}: ")
        for p in problems
    ), problems
    assert f"docs/en/principles/sample-principle.md:{extra_line}" in lines
    assert any("heading ID '#background'" in p and ":None" not in p for p in problems), problems
    assert any("link to '../index.md'" in p and "0 links here, 1 in" in p for p in problems)
    # Translations need not have as many key questions as the original.
    assert not any("question" in p for p in problems), problems
    # Every mismatch has a line number.
    assert all(p.split(": ", 1)[0].rsplit(":", 1)[-1].isdigit() for p in problems), problems


def test_a_translated_outside_link_is_fine_when_counts_match(tmp_path):
    ja = principle("sample-principle", "ja") + "\n[資料](https://example.org/ja/)\n"
    en = principle("sample-principle", "en") + "\n[Report](https://example.org/en/)\n"
    site = site_of(tmp_path, {"ja/index.md": home("ja"), "en/index.md": home("en"), JA: ja, EN: en})
    assert not [p for p in site.problems if "link" in p.message], site.problems


# Dates from git -----------------------------------------------------------------------------


def git(cwd: Path, *args: str, date: str = "2024-03-05T10:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "a.md").write_text("one\n", encoding="utf-8")
    git(repo, "add", "a.md")
    git(repo, "commit", "-q", "-m", "first")
    (repo / "a.md").write_text("two\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second", date="2024-07-09T10:00:00+00:00")
    return repo


def test_git_dates_come_from_the_last_commit(repository):
    assert History(repository).last_change(repository / "a.md") == datetime.date(2024, 7, 9)


def test_git_dates_are_none_where_git_cannot_tell(repository, tmp_path):
    (repository / "a.md").write_text("uncommitted\n", encoding="utf-8")
    assert History(repository).last_change(repository / "a.md") is None
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("x\n", encoding="utf-8")
    assert History(plain).last_change(plain / "a.md") is None
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repository.as_uri(), str(shallow))
    dates = History(shallow)
    assert not dates.usable
    assert dates.last_change(shallow / "a.md") is None


# What readers and contributors read ---------------------------------------------------------


def test_dates_are_written_for_each_language():
    date = datetime.date(2025, 6, 1)
    assert format_date(date, "ja") == "2025年6月1日"
    assert format_date(date, "en") == "1 June 2025"


def test_stale_notice_gives_both_dates_and_the_original(tmp_path):
    files = {
        JA: principle("sample-principle", "ja"),
        EN: recorded(principle("sample-principle", "en"), "000000000000 2025-05-01"),
    }
    (status,) = statuses(site_of(tmp_path, files))
    notice = stale_notice(
        status, "../../../principles/sample-principle/", datetime.date(2025, 6, 3)
    )
    assert notice.lang == "en"
    assert "last brought up to date on 1 May 2025." in notice.sentences[0]
    assert notice.sentences[1] == "The original was last changed on 3 June 2025."
    assert notice.link_url == "../../../principles/sample-principle/"
    assert notice.link_lang == "ja"


def test_status_table_escapes_titles_and_marks_languages(tmp_path):
    files = {"ja/x.md": "---\ntitle: <script>alert(1)</script>\n---\n\n# x\n"}
    found = statuses(site_of(tmp_path, files))
    html = render_html([StatusRow(s, "../x/", "../../en/x/") for s in found], "en", "ja")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'lang="ja"' in html
    assert 'data-dxp-state="missing"' in html
    text = render_text(found)
    assert "missing" in text.splitlines()[1]
    assert text.splitlines()[-1] == "1 pages: 0 current, 0 stale, 1 missing, 0 untracked"
