"""The ``dx-playbook`` command line: new, check, i18n status, i18n mark-current."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.conftest import BUILD_ENV, make_project, run_build
from tests.factories import home, pair, principle

from dx_playbook.cli import main
from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model.frontmatter import parse

PROBLEM_LINE = re.compile(r"^docs/(ja|en)/\S+\.md(:\d+)?: .+\. Fix: .+$")


def starter_files() -> dict[str, str]:
    return {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/pillars/people.md": "# 人と仕組み\n\n概要。\n",
        "en/pillars/people.md": "# People\n\nOverview.\n",
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, starter_files())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def new_principle(capsys, project: Path, principle_id: str = "hire-locally", *extra: str):
    return run(
        capsys,
        "new",
        "principle",
        principle_id,
        "--pillar",
        "people",
        "--title-ja",
        "地元で採用する",
        "--title-en",
        "Hire locally",
        "--date",
        "2025-06-01",
        "--docs",
        str(project / "docs"),
        *extra,
    )


@pytest.mark.build
def test_new_then_check_then_strict_build_gives_a_valid_pair(capsys, project):
    code, out, err = new_principle(capsys, project, "hire-locally", "--part", "5")
    assert code == 0, err
    assert "Created docs/ja/principles/hire-locally.md" in out
    assert "Created docs/en/principles/hire-locally.md" in out
    ja = (project / "docs/ja/principles/hire-locally.md").read_text(encoding="utf-8")
    en = (project / "docs/en/principles/hire-locally.md").read_text(encoding="utf-8")
    assert "# 地元で採用する" in ja
    assert "series_part: 5" in ja
    assert re.search(r'^translation_of: "[0-9a-f]{12} 2025-06-01"$', en, re.M)
    ids = re.findall(r"\{ #(hire-locally-[a-z0-9-]+) \}", ja)
    assert ids == ["hire-locally-draft-1", "hire-locally-draft-2", "hire-locally-draft-3"]
    assert re.findall(r"\{ #(hire-locally-[a-z0-9-]+) \}", en) == ids

    code, out, _ = run(capsys, "check", "--docs", str(project / "docs"))
    assert code == 0, out
    assert out.startswith("OK: 6 pages (ja 3, en 3), ")

    result = run_build(project, strict=True)
    assert result.returncode == 0, result.output
    for page in ("principles/hire-locally/index.html", "en/principles/hire-locally/index.html"):
        html = result.read(page)
        assert 'data-dxp-item="hire-locally-draft-1"' in html
        assert "data-dxp-translation-notice" not in html, "a new pair starts up to date"


def test_new_refuses_to_overwrite_or_to_take_a_bad_id(capsys, project):
    assert new_principle(capsys, project)[0] == 0
    path = project / "docs/ja/principles/hire-locally.md"
    path.write_text("my work\n", encoding="utf-8")
    code, _, err = new_principle(capsys, project)
    assert code == 2
    assert "already exists" in err
    assert path.read_text(encoding="utf-8") == "my work\n"
    for bad, reason in (
        ("Hire_Locally", "not a valid ID"),
        ("x" * 60, "too long"),
    ):
        code, _, err = new_principle(capsys, project, bad)
        assert code == 2
        assert reason in err
    code, _, err = new_principle(capsys, project, "fine-id", "--roles", "mayor")
    assert code == 2
    assert "unknown role(s) mayor" in err
    assert not (project / "docs/ja/principles/fine-id.md").exists()


def test_new_takes_the_next_order_and_default_part(capsys, project):
    assert new_principle(capsys, project, "first-one")[0] == 0
    code, out, _ = new_principle(capsys, project, "second-one")
    assert code == 0
    text = (project / "docs/ja/principles/second-one.md").read_text(encoding="utf-8")
    assert "order: 2" in text
    assert "series_part: 4" in text
    assert "series_part is 4" in out


def broken_docs(tmp_path: Path) -> Path:
    files = {
        **pair("sample-principle"),
        **{k.replace("sample", "other"): v for k, v in pair("other-principle").items()},
    }
    files["ja/principles/sample-principle.md"] = principle(
        front_matter="id: sample-principle\npillar: [people\n"
    )
    files["en/principles/other-principle.md"] = principle(
        "other-principle", "en", pillar="peeple", items=["Only { #other-principle-step-1 }"]
    )
    files["ja/lonely.md"] = "# ひとり\n\n本文。\n"
    files["en/bad-bytes.md"] = "# x\n\n"
    docs = tmp_path / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (docs / "en/bad-bytes.md").write_bytes(b"# \xff\xfe\n")
    return docs


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path):
    docs = broken_docs(tmp_path)
    command = shutil.which("dx-playbook") or f"{sys.executable} -m dx_playbook.cli"
    completed = subprocess.run(
        [*command.split(), "check", "--docs", str(docs)],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    assert lines, completed.stderr
    for line in lines:
        assert PROBLEM_LINE.match(line), line
    text = completed.stdout
    assert re.search(
        r"^docs/ja/principles/sample-principle\.md:3: front matter is not valid YAML", text, re.M
    )
    assert re.search(
        r"^docs/en/principles/other-principle\.md:3: unknown pillar 'peeple'", text, re.M
    )
    assert "docs/ja/lonely.md: this page has no en translation yet" in text
    assert "docs/en/bad-bytes.md: the file is not UTF-8 text" in text
    assert re.search(
        r"^docs/en/principles/other-principle\.md:\d+: checklist item 'other-principle-step-2'",
        text,
        re.M,
    )
    assert completed.stderr.strip().endswith("problems found")


def test_check_reports_the_glossary_with_its_line(capsys, project, tmp_path):
    broken = tmp_path / "glossary.yml"
    broken.write_text("version: 1\nterms:\n  - id: Bad Id\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--docs", str(project / "docs"), "--glossary", str(broken))
    assert code == 1
    assert re.search(r"glossary\.yml:3: .*has no 'ja', 'reading', 'en', 'definition'\. Fix: ", out)


def test_check_reports_a_recursion_error_as_one_line_naming_the_page(capsys, project, monkeypatch):
    """Issue 16: should a page's conversion still end in a RecursionError (nesting the page
    limits do not count; here none are counted), check says so in the build's one line."""
    from dx_playbook.core.authoring import validation

    monkeypatch.setattr(validation, "markdown_shape", lambda lines: None)
    (project / "docs/ja/notes.md").write_text("# メモ\n\n" + "- " * 600 + "x\n", encoding="utf-8")
    (project / "docs/en/notes.md").write_text("# Notes\n\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--docs", str(project / "docs"))
    assert code == 1
    assert "internal error" not in out + err
    lines = [line for line in out.splitlines() if "docs/ja/notes.md" in line]
    assert len(lines) == 1, out
    assert lines[0].startswith("docs/ja/notes.md: Markdown could not convert the page")
    assert PROBLEM_LINE.match(lines[0])


def test_check_without_a_project_is_one_line_not_a_traceback(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.startswith("dx-playbook: no mkdocs.yml here")
    code, _, err = run(capsys, "check", "--docs", str(tmp_path / "nowhere"))
    assert code == 2
    assert "has no language folders" in err


def test_i18n_status_and_mark_current(capsys, project):
    docs = project / "docs"
    assert new_principle(capsys, project)[0] == 0
    (docs / "ja/lonely.md").write_text("# ひとり\n\n本文。\n", encoding="utf-8")
    original = docs / "ja/principles/hire-locally.md"
    original.write_text(original.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")

    code, out, _ = run(capsys, "i18n", "status", "--docs", str(docs))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["STATE", "LANG", "CHECKED", "PAGE"]
    assert re.search(r"^stale +en +2025-06-01 +docs/en/principles/hire-locally\.md$", out, re.M)
    assert re.search(r"^missing +en +- +docs/ja/lonely\.md \(no en page\)$", out, re.M)
    assert re.search(r"^untracked +en +- +docs/en/index\.md$", out, re.M)
    assert lines[-1] == "4 pages: 0 current, 1 stale, 1 missing, 2 untracked"
    assert run(capsys, "i18n", "status", "--check", "--docs", str(docs))[0] == 1

    code, out, _ = run(
        capsys, "i18n", "mark-current", "--docs", str(docs), "--date", "2025-07-01",
        str(docs / "en/principles/hire-locally.md"),
    )  # fmt: skip
    assert code == 0, out
    assert "docs/en/principles/hire-locally.md: translation_of" in out
    out = run(capsys, "i18n", "status", "--docs", str(docs))[1]
    assert re.search(r"^current +en +2025-07-01 +docs/en/principles/hire-locally\.md$", out, re.M)

    code, _, err = run(capsys, "i18n", "mark-current", "--docs", str(docs), str(original))
    assert code == 2
    assert "is a Japanese original" in err

    code, out, _ = run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))
    assert code == 0
    assert len(out.splitlines()) == 2, out  # the two untracked pages; the missing one has no file
    out = run(capsys, "i18n", "status", "--docs", str(docs))[1]
    assert out.splitlines()[-1] == "4 pages: 3 current, 0 stale, 1 missing, 0 untracked"
    assert "Nothing to mark" in run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))[1]


def test_bundle_outside_a_project_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "bundle")
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "dx-playbook: no mkdocs.yml here or in any parent folder: run this in the project"
    )


# Never writing where it must not ----------------------------------------------------------------
#
# Three families: a write that would go through a symbolic link or land outside the docs folder
# (refused, nothing written); a write that would change more than the one record line (line
# ends, BOM, the last line end); free text from the command line that would break the page.

REFUSAL_LINE = re.compile(r"^docs/(ja|en)/\S+\.md(:\d+)?: [^\n]+\. Fix: [^\n]+$")
OLD_TIME_NS = 1_600_000_000 * 10**9


def stamp(path: Path) -> tuple[bytes, int]:
    """Content and modification time of the file ``path`` leads to."""
    return path.read_bytes(), path.stat().st_mtime_ns


def make_old(path: Path) -> tuple[bytes, int]:
    """Set the file's time in the past, so that any write shows, and return its stamp."""
    os.utime(path, ns=(OLD_TIME_NS, OLD_TIME_NS))
    return stamp(path)


def no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def mark(capsys, docs: Path, *names: str) -> tuple[int, str, str]:
    return run(capsys, "i18n", "mark-current", "--docs", str(docs), "--date", "2025-07-01", *names)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, not inside its docs: it must never be written."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_mark_all_refuses_a_translation_linked_outside_and_writes_nothing(capsys, project, outside):
    docs = project / "docs"
    (docs / "ja/notes.md").write_text("# メモ\n\n本文。\n", encoding="utf-8")
    victim = outside / "secret.md"
    victim.write_text("# Not part of the playbook\n", encoding="utf-8")
    before = make_old(victim)
    (docs / "en/notes.md").symlink_to(victim)
    home_before = make_old(docs / "en/index.md")

    code, out, err = run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))

    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert REFUSAL_LINE.match(lines[0]), err
    assert lines[0].startswith("docs/en/notes.md: it is a symbolic link")
    assert "outside the docs folder" in lines[0]
    assert lines[-1].startswith("dx-playbook: nothing was marked")
    assert len(lines) == 2
    assert stamp(victim) == before
    # All or nothing: the pages that could have been marked are untouched too.
    assert stamp(docs / "en/index.md") == home_before
    assert (docs / "en/notes.md").is_symlink()
    assert no_leftovers(project)
    assert no_leftovers(outside)


def test_mark_named_file_refuses_a_link_even_to_a_page_inside_docs(capsys, project):
    docs = project / "docs"
    for lang, text in (("ja", "# メモ\n\n本文。\n"), ("en", "# Notes\n\nText.\n")):
        (docs / lang / "notes.md").write_text(text, encoding="utf-8")
    (docs / "ja/alias.md").write_text("# 別名\n\n本文。\n", encoding="utf-8")
    (docs / "en/alias.md").symlink_to("notes.md")  # would write alias's record into notes.md
    before = make_old(docs / "en/notes.md")

    code, out, err = mark(capsys, docs, str(docs / "en/alias.md"))

    assert code == 1
    assert out == ""
    assert REFUSAL_LINE.match(err.splitlines()[0]), err
    assert err.startswith("docs/en/alias.md: it is a symbolic link (to notes.md)")
    assert stamp(docs / "en/notes.md") == before
    assert (docs / "en/alias.md").is_symlink()


def test_mark_refuses_pages_whose_folder_is_linked_outside(capsys, project, outside):
    docs = project / "docs"
    (docs / "ja/guides").mkdir()
    (docs / "ja/guides/start.md").write_text("# 始め方\n\n本文。\n", encoding="utf-8")
    (outside / "start.md").write_text("# Start\n\nText.\n", encoding="utf-8")
    before = make_old(outside / "start.md")
    (docs / "en/guides").symlink_to(outside, target_is_directory=True)

    code, _, err = mark(capsys, docs, str(docs / "en/guides/start.md"))
    assert code == 1
    assert REFUSAL_LINE.match(err.splitlines()[0]), err
    assert err.startswith("docs/en/guides/start.md: its folder is really ")
    assert "outside the docs folder" in err
    assert stamp(outside / "start.md") == before

    # The whole language folder linked elsewhere: --all finds its pages and refuses every one.
    english = outside / "en"
    shutil.move(docs / "en", english)
    (docs / "en").symlink_to(english, target_is_directory=True)
    index_before = make_old(english / "index.md")
    code, _, err = run(capsys, "i18n", "mark-current", "--all", "--docs", str(docs))
    assert code == 1
    refusals = err.splitlines()[:-1]
    assert refusals
    assert all(REFUSAL_LINE.match(line) and "outside the docs folder" in line for line in refusals)
    assert stamp(english / "index.md") == index_before
    assert no_leftovers(outside)


def test_mark_writes_atomically_and_keeps_the_file_mode(capsys, project, monkeypatch):
    docs = project / "docs"
    page = docs / "en/index.md"
    page.chmod(0o640)
    before = make_old(page)

    def interrupted(self, target):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(Path, "replace", interrupted)
    code, _, err = mark(capsys, docs, str(page))
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
    assert stamp(page) == before, "an interrupted write leaves the old file whole"
    assert no_leftovers(project)

    monkeypatch.undo()
    assert mark(capsys, docs, str(page))[0] == 0
    assert page.read_bytes().startswith(b'---\ntranslation_of: "')
    assert page.stat().st_mode & 0o777 == 0o640
    assert no_leftovers(project)


def test_new_principle_refuses_a_principles_folder_linked_outside(capsys, project, outside):
    docs = project / "docs"
    (docs / "en/principles").symlink_to(outside, target_is_directory=True)
    code, out, err = new_principle(capsys, project)
    assert code == 1
    assert "Created" not in out
    lines = err.splitlines()
    assert REFUSAL_LINE.match(lines[0]), err
    assert lines[0].startswith("docs/en/principles/hire-locally.md: its folder is really ")
    assert list(outside.iterdir()) == []
    assert not (docs / "ja/principles/hire-locally.md").exists(), "nothing, in either language"


def test_new_principle_refuses_a_link_at_the_target(capsys, project, outside):
    docs = project / "docs"
    (docs / "ja/principles").mkdir()
    planted = outside / "planted.md"
    planted.write_text("# Somebody else's file\n", encoding="utf-8")
    before = make_old(planted)
    (docs / "ja/principles/hire-locally.md").symlink_to(planted)
    code, _, err = new_principle(capsys, project)
    assert code == 1
    assert err.startswith("docs/ja/principles/hire-locally.md: it is a symbolic link"), err
    assert REFUSAL_LINE.match(err.splitlines()[0]), err
    assert stamp(planted) == before
    assert sorted(p.name for p in outside.iterdir()) == ["planted.md"]
    assert not (docs / "en/principles/hire-locally.md").exists()


def test_new_principle_refuses_a_linked_folder_even_inside_docs(capsys, project):
    # The site does not read through linked folders: the English page would be "missing".
    docs = project / "docs"
    (docs / "en/shared").mkdir()
    (docs / "en/principles").symlink_to("shared", target_is_directory=True)
    code, out, err = new_principle(capsys, project)
    assert code == 1
    assert "Created" not in out
    assert err.startswith(
        "docs/en/principles/hire-locally.md: its folder is really docs/en/shared "
    ), err
    assert REFUSAL_LINE.match(err.splitlines()[0]), err
    assert list((docs / "en/shared").iterdir()) == []
    assert not (docs / "ja/principles/hire-locally.md").exists()


# Only the record line changes ------------------------------------------------------------------


def marked(capsys, docs: Path, page: Path, content: bytes) -> bytes:
    page.write_bytes(content)
    code, out, err = mark(capsys, docs, str(page))
    assert code == 0, out + err
    return page.read_bytes()


RECORD = re.compile(rb'translation_of: "[0-9a-f]{12} 2025-07-01"')


def test_mark_keeps_crlf_and_the_bom_byte_for_byte(capsys, project):
    docs = project / "docs"
    (docs / "ja/notes.md").write_text("# メモ\n\n本文。\n", encoding="utf-8")
    page = docs / "en/notes.md"
    head = "\ufeff---\r\ntitle: Notes # a comment\r\n".encode()
    tail = b"---\r\n\r\n# Notes\r\n\r\nText.\r\n"
    after = marked(capsys, docs, page, head + tail)
    assert after.startswith(head)
    assert after.endswith(tail)
    middle = after[len(head) : -len(tail)]
    assert RECORD.fullmatch(middle.removesuffix(b"\r\n")), middle
    assert middle.endswith(b"\r\n")

    # Marked again: the line is replaced in place, nothing else moves.
    again = marked(capsys, docs, page, head + b'translation_of: "0123456789ab"\r\n' + tail)
    assert again == after


def test_mark_keeps_mixed_line_ends_lone_crs_and_a_missing_last_line_end(capsys, project):
    docs = project / "docs"
    (docs / "ja/notes.md").write_text("# メモ\n\n本文。\n", encoding="utf-8")
    page = docs / "en/notes.md"
    head = b"---\ntitle: Notes\r\n"
    tail = b"---\n\n# Notes\r\n\r\nOld Mac line\rnext\nno end at all"
    after = marked(capsys, docs, page, head + tail)
    assert after.startswith(head)
    assert after.endswith(tail)
    # The new line takes the end of the line before it.
    assert RECORD.fullmatch(after[len(head) : -len(tail)].removesuffix(b"\r\n"))


@pytest.mark.parametrize("newline", [b"\r\n", b"\r", b"\n"], ids=["crlf", "cr", "lf"])
def test_mark_adds_front_matter_in_the_files_own_line_ends(capsys, project, newline):
    docs = project / "docs"
    (docs / "ja/notes.md").write_text("# メモ\n\n本文。\n", encoding="utf-8")
    page = docs / "en/notes.md"
    bom = "\ufeff".encode()
    body = b"# Notes" + newline + newline + b"Text without a final line end"
    after = marked(capsys, docs, page, bom + body)
    assert after.startswith(bom + b"---" + newline)
    assert after.endswith(newline + b"---" + newline + body)
    record = after.removeprefix(bom + b"---" + newline).split(newline)[0]
    assert RECORD.fullmatch(record)
    assert after.count(newline) == body.count(newline) + 3


# Free text from the command line ---------------------------------------------------------------

BAD_TITLES = {
    "line feed": "Hire\nlocally",
    "carriage return": "Hire\rlocally",
    "crlf and front matter": "Hire\r\n---\r\nid: evil",
    "line separator": "Hire\u2028# Injected heading",
    "paragraph separator": "Hire\u2029locally",
    "nul": "Hire\x00locally",
    "tab": "Hire\tlocally",
    "next line": "Hire\x85locally",
    "zero width space": "Hire\u200blocally",
    "right-to-left override": "Hire \u202elocally",
    "escape": "Hire \x1b[31mlocally",
}


@pytest.mark.parametrize("option", ["--title-en", "--title-ja"])
@pytest.mark.parametrize("title", list(BAD_TITLES.values()), ids=list(BAD_TITLES))
def test_new_principle_refuses_control_characters_in_titles(capsys, project, option, title):
    docs = project / "docs"
    code, out, err = run(
        capsys, "new", "principle", "hire-locally", "--pillar", "people",
        f"{option}={title}", "--docs", str(docs),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"dx-playbook: {option} '")
    assert "one line of plain text" in err
    assert not (docs / "ja/principles").exists()
    assert not (docs / "en/principles").exists()


@pytest.mark.parametrize("title", ["Hire locally #", "Hire locally { #evil-id }", "   "])
def test_new_principle_refuses_titles_markdown_would_not_read_back(capsys, project, title):
    code, _, err = new_principle(capsys, project, "hire-locally", "--title-en", title)
    assert code == 2
    assert err.startswith("dx-playbook: --title-en '")
    assert len(err.splitlines()) == 1, err
    assert not (project / "docs/en/principles").exists()


@pytest.mark.parametrize("bad_id", ["hire\nlocally", "hire-locally\r", "hire\u2028x", "x\x00"])
def test_new_principle_shows_a_bad_id_on_one_line(capsys, project, bad_id):
    code, _, err = new_principle(capsys, project, bad_id)
    assert code == 2
    assert len(err.splitlines()) == 1, repr(err)
    assert "is not a valid ID" in err
    assert not (project / "docs/ja/principles").exists()


TRICKY_TITLES = [
    ("Plan: then act", "計画: そして行動"),
    ("C# for #civic-tech, not #1", "#1 は市民のために"),
    ("Say \"yes\", 'no' and `maybe`", "「はい」と\"いいえ\"と'たぶん'"),
    ("--- three dashes ---", "---"),
    ("key: value # not a comment", "? [a, b]: {c: d} & *ref !tag %"),
]


@pytest.mark.parametrize(("title_en", "title_ja"), TRICKY_TITLES)
def test_tricky_titles_round_trip_and_the_pair_passes_check(capsys, project, title_en, title_ja):
    docs = project / "docs"
    code, out, err = run(
        capsys, "new", "principle", "tricky-one", "--pillar", "people",
        f"--title-en={title_en}", f"--title-ja={title_ja}", "--date", "2025-06-01",
        "--docs", str(docs),
    )  # fmt: skip
    assert code == 0, out + err
    expected_keys = {"id", "pillar", "series_part", "order", "roles", "summary"}
    for lang, title in (("ja", title_ja), ("en", title_en)):
        text = (docs / lang / "principles/tricky-one.md").read_text(encoding="utf-8")
        front = text.split("---\n")[1]
        meta = yaml.safe_load(front)
        assert set(meta) == expected_keys | ({"translation_of"} if lang == "en" else set())
        assert meta["id"] == "tricky-one"
        assert meta == parse(text).meta
        assert text.count("\n---\n") == 1, "the title adds no fence"
        page = load_site(docs).page(lang, "principles/tricky-one.md")
        assert page is not None
        assert page.title == title
        assert page.structure.title == title
    code, out, _ = run(capsys, "check", "--docs", str(docs))
    assert code == 0, out
    out = run(capsys, "i18n", "status", "--docs", str(docs))[1]
    assert re.search(r"^current +en +2025-06-01 +docs/en/principles/tricky-one\.md$", out, re.M)


def test_new_principle_that_loses_a_race_leaves_nothing_behind(capsys, project, monkeypatch):
    # The English page appears between the check and the write: the Japanese one is removed.
    from dx_playbook.core.authoring import scaffold

    real_write = scaffold.write_file

    def racing(real: Path, data: bytes, *, replace: bool) -> None:
        if real.parent.parent.name == "en":
            real.write_text("someone else's\n", encoding="utf-8")
        real_write(real, data, replace=replace)

    monkeypatch.setattr(scaffold, "write_file", racing)
    code, _, err = new_principle(capsys, project)
    assert code == 2
    assert err.strip().endswith(
        "docs/en/principles/hire-locally.md already exists: choose another ID"
    )
    assert not (project / "docs/ja/principles/hire-locally.md").exists()
    en = project / "docs/en/principles/hire-locally.md"
    assert en.read_text(encoding="utf-8") == "someone else's\n"
    assert no_leftovers(project)
