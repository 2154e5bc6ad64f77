"""Hostile content: front matter, files and snippets that used to crash, hang or leak.

Each bad input is one line naming the file (with the fix) from both ``mkdocs build --strict``
and ``dx-playbook check``; never a traceback, never a hang, and MkDocs never reads the file.
The cases git can hold are in tests/bad_inputs/ (``fm-``, ``file-``, ``snippet-``); links, FIFOs
and folders named like pages are made here, in ``tmp_path``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import ROOT, make_project, run_build
from tests.factories import home, pair, principle

from dx_playbook.cli import main
from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import (
    MAX_DEPTH,
    MAX_FRONT_MATTER_BYTES,
    FrontMatterError,
    parse,
)
from dx_playbook.core.model.languages import PLAYBOOK

PAGE = {"ja": "# 概要\n\n本文です。\n", "en": "# About\n\nSome text.\n"}


def base_files(**extra: str) -> dict[str, str | bytes]:
    return {"ja/index.md": home("ja"), "en/index.md": home("en"), **extra}


def check_lines(docs: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", "--docs", str(docs)])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def assert_one_line(lines: list[str], path: str, *needles: str) -> str:
    """Exactly one line names ``path``; it says all of ``needles`` and how to fix it."""
    about = [line for line in lines if re.search(re.escape(path) + r"(:\d+)?: ", line)]
    assert len(about) == 1, "\n".join(lines)
    assert all(needle in about[0] for needle in needles), about[0]
    assert ". Fix: " in about[0]
    return about[0]


def assert_everywhere(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, *needles: str
) -> None:
    """The strict build, ``load_site`` and ``dx-playbook check`` each say one line."""
    result = run_build(project)
    assert result.returncode != 0, result.output
    assert "Traceback" not in result.output, result.output
    assert_one_line(result.warnings, path, *needles)
    site = load_site(project / "docs")
    assert_one_line([str(problem) for problem in site.problems], path, *needles)
    code, lines = check_lines(project / "docs", capsys)
    assert code != 0
    assert not any("Traceback" in line for line in lines)
    assert_one_line(lines, path, *needles)
    for built in result.site_dir.rglob("*"):
        if built.is_file() and built.suffix in {".html", ".json", ".js", ".xml", ".txt"}:
            text = built.read_text(encoding="utf-8", errors="replace")
            assert "root:x:0:0" not in text, built


# Files that are not ordinary pages -------------------------------------------------------------


def make_special(kind: str, target: Path, project: Path) -> None:
    if kind == "folder":
        target.mkdir()
        (target / "notes.txt").write_text("a folder named like a page\n", encoding="utf-8")
    elif kind == "dangling-link":
        target.symlink_to(project / "nowhere.md")
    elif kind == "link-to-etc-passwd":
        target.symlink_to("/etc/passwd")
    elif kind == "link-to-proc-environ":
        target.symlink_to("/proc/self/environ")
    elif kind == "link-outside-docs":
        (project / "outside.md").write_text(PAGE["ja"], encoding="utf-8")
        target.symlink_to(project / "outside.md")
    elif kind == "fifo":
        os.mkfifo(target)


SPECIAL = {
    "folder": "this is a folder, but its name ends in '.md'",
    "dangling-link": "this link leads to nothing",
    "link-to-etc-passwd": "this link leads outside the docs folder (to /etc/passwd)",
    "link-to-proc-environ": "this link leads outside the docs folder (to /proc/",
    "link-outside-docs": "this link leads outside the docs folder",
    "fifo": "this is a named pipe (FIFO), not an ordinary file",
}


@pytest.mark.build
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_a_special_file_named_like_a_page_is_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    # A folder is not a page, so it has no English twin; the others do, as a real page would.
    twin = {} if kind == "folder" else {"en/about.md": PAGE["en"]}
    project = make_project(tmp_path, base_files(**twin))
    make_special(kind, project / "docs/ja/about.md", project)
    assert_everywhere(project, capsys, "docs/ja/about.md", SPECIAL[kind])


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_load_site_reports_a_special_file_and_never_reads_it(kind: str, tmp_path: Path):
    """Without a build: quick, and the page is kept unreadable, so nothing is made of it."""
    project = make_project(tmp_path, base_files(**{"en/about.md": PAGE["en"]}))
    make_special(kind, project / "docs/ja/about.md", project)
    site = load_site(project / "docs")
    assert_one_line([str(p) for p in site.problems], "docs/ja/about.md", SPECIAL[kind])
    page = site.page("ja", "about.md")
    if kind == "folder":
        assert page is None
    else:
        assert page is not None
        assert not page.readable
        assert not page.decoded  # drop_unreadable leaves it out of the build
        assert page.source == ""


def test_a_link_to_a_page_inside_the_docs_folder_is_a_page(tmp_path: Path):
    project = make_project(tmp_path, base_files(**{"ja/real.md": PAGE["ja"]}))
    (project / "docs/ja/about.md").symlink_to(project / "docs/ja/real.md")
    (project / "docs/en/about.md").write_text(PAGE["en"], encoding="utf-8")
    (project / "docs/en/real.md").write_text(PAGE["en"], encoding="utf-8")
    site = load_site(project / "docs")
    assert [str(p) for p in site.problems] == []
    page = site.page("ja", "about.md")
    assert page is not None
    assert page.readable
    assert "本文です。" in page.source


def test_linked_folders_are_followed_inside_docs_and_refused_elsewhere(tmp_path: Path):
    project = make_project(tmp_path, base_files())
    docs = project / "docs"
    (docs / "ja/shared").mkdir()
    (docs / "ja/shared/page.md").write_text(PAGE["ja"], encoding="utf-8")
    (docs / "ja/again").symlink_to(docs / "ja/shared")
    (docs / "ja/loop").symlink_to(docs / "ja")
    (project / "elsewhere").mkdir()
    (project / "elsewhere/hidden.md").write_text("# Hidden\n\nNot checked.\n", encoding="utf-8")
    (docs / "ja/out").symlink_to(project / "elsewhere")
    for name in ("shared", "again"):
        (docs / "en" / name).mkdir()
        (docs / "en" / name / "page.md").write_text(PAGE["en"], encoding="utf-8")
    site = load_site(docs)
    lines = [str(p) for p in site.problems]
    assert site.page("ja", "again/page.md") is not None  # followed, as MkDocs follows it
    assert_one_line(lines, "docs/ja/loop", "leads back to")
    assert_one_line(lines, "docs/ja/out", "leads outside the docs folder")
    assert sorted(site.excluded) == ["ja/loop", "ja/out"]
    hidden = site.page("ja", "out/hidden.md")
    assert hidden is not None  # listed, so that translations see it, but never read
    assert not hidden.decoded
    assert hidden.source == ""


@pytest.mark.build
def test_a_linked_folder_outside_the_docs_is_left_out_of_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = make_project(tmp_path, base_files())
    (project / "elsewhere").mkdir()
    (project / "elsewhere/hidden.md").write_text("# Hidden\n\nUnchecked.\n", encoding="utf-8")
    (project / "docs/ja/out").symlink_to(project / "elsewhere")
    assert_everywhere(project, capsys, "docs/ja/out", "leads outside the docs folder")
    assert not (project / "site/out/hidden/index.html").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_page_that_cannot_be_opened_is_one_line(tmp_path: Path):
    project = make_project(tmp_path, base_files(**{"ja/about.md": PAGE["ja"]}))
    (project / "docs/ja/about.md").chmod(0)
    site = load_site(project / "docs")
    assert_one_line([str(p) for p in site.problems], "docs/ja/about.md", "cannot be read")


# Front matter is plain data ------------------------------------------------------------------


def alias_bomb(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("front", "line", "needle"),
    [
        (alias_bomb(), 2, "uses the anchor '&a0'"),
        ("title: x\nsummary: *nothing", 3, "uses the alias '*nothing'"),
        ("title: !!python/object/apply:os.system ['true']", 2, "tag '!!python/object/apply"),
        ("title: !!python/name:os.system", 2, "tag '!!python/name:os.system'"),
        ("title: !custom x", 2, "tag '!custom'"),
        ("title: !!str 5", 2, "tag '!!str'"),
        ("? !!python/tuple [a, b]\n: c", 2, "tag '!!python/tuple'"),
        ("title: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 2, "more than 10 levels"),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 12)), 12, "more than 10 levels"),
        ("title: " + "[" * 5000, 2, "more than 10 levels"),
        ("title: '" + "x" * MAX_FRONT_MATTER_BYTES + "'", 1, "over the 16 KB limit"),
        ("title: a\x01b", 2, "control character U+0001"),
        ("title: x\nupdated: 2024-02-30", 3, "cannot be read (day is out of range"),
        ("n: " + "9" * 5000, 2, "cannot be read"),
        ("? [a, b]\n: c", 2, "not valid YAML (found unhashable key)"),
    ],
)
def test_front_matter_that_is_not_plain_data_is_refused(front: str, line: int, needle: str):
    with pytest.raises(FrontMatterError) as error:
        parse(f"---\n{front}\n---\n# T\n")
    assert needle in error.value.message
    assert error.value.line == line
    assert "\n" not in error.value.message
    assert error.value.fix


def test_ten_levels_of_nesting_and_16_kb_are_still_fine():
    deep = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert parse(f"---\ntitle: x\nlist: {deep}\n---\n# T\n").meta["list"] is not None
    text = "x" * (MAX_FRONT_MATTER_BYTES - 20)
    assert parse(f"---\ntitle: '{text}'\n---\n# T\n").meta["title"] == text


@pytest.mark.build
def test_an_alias_bomb_never_reaches_mkdocs(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """MkDocs parses front matter itself: the page is left out, so it never expands it."""
    bomb = f"---\n{alias_bomb()}\ntitle: *a9\n---\n\n# 概要\n"
    project = make_project(tmp_path, base_files(**{"ja/about.md": bomb, "en/about.md": PAGE["en"]}))
    assert_everywhere(project, capsys, "docs/ja/about.md:2", "uses the anchor '&a0'")
    assert not (project / "site/about/index.html").exists()


# Every field has a type, on every page --------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "needle"),
    [
        ("hide: 5", "hide 5 is not a list"),
        ("hide: toc", "hide 'toc' is not a list"),
        ("hide: [navigation, navigation]", "listed twice"),
        ("search: 5", "search 5 is not a mapping"),
        ("search: {boost: -1}", "search option 'boost' is -1, not a positive number"),
        ("search: {boost: .nan}", "not a positive number"),
        ("search: {exclude: 1}", "search option 'exclude' is 1, not true or false"),
        ("search: {exlude: true}", "unknown search option 'exlude'"),
        ("template: nope.html", "unknown template 'nope.html'"),
        ("template: [main.html]", "template ['main.html'] is not a single value"),
        ("title: [1]", "title [1] is not text"),
        ("title: ''", "title is empty"),
        ("description: {a: 1}", "description {'a': 1} is not text"),
        ("keywords: contact", "keywords 'contact' is not a list of words"),
        ("keywords: []", "keywords an empty list is not a list of words"),
        ("keywords: [問い合わせ, 1]", "keywords entry 1 is not a word"),
        ("keywords: [問い合わせ, '  ']", "keywords entry '  ' is not a word"),
        ("keywords: [Contact, contact]", "keywords entry 'contact' is listed twice"),
        ("keywords: [" + "あ" * 41 + "]", "is not one line of at most 40 characters"),
        ("keywords: [" + ", ".join(f"w{n}" for n in range(13)) + "]", "13 entries, more than 12"),
        ("dxp_view: nope", "unknown dxp_view 'nope'"),
        ("dxp_view: [role]", "dxp_view ['role'] is not a single value"),
        ("role: [leaders]", "role ['leaders'] is not a single value"),
        ("role: mayor", "unknown role 'mayor'"),
        ("pillar_view: 5", "pillar_view 5 is not a single value"),
        ('order: "x"', "order 'x' is not a whole number"),
        ("order: true", "order True is not a whole number"),
        ("id: Not A Slug", "id 'Not A Slug' is not a lowercase slug"),
        ("series_part: 9", "series_part 9 is not a whole number from 1 to 7"),
        ("roles: [mayor]", "unknown roles entry 'mayor'"),
        ("summary: [x]", "summary ['x'] is not text"),
        ("icon: material/home", "front-matter field 'icon' is Material's"),
        ("colour: blue", "unknown front-matter field 'colour'"),
    ],
)
def test_each_field_is_checked_on_any_page(tmp_path: Path, front: str, needle: str):
    files = base_files(**{"ja/about.md": f"---\n{front}\n---\n\n{PAGE['ja']}"})
    files["en/about.md"] = PAGE["en"]
    project = make_project(tmp_path, files)
    problems = [str(p) for p in load_site(project / "docs").problems]
    assert_one_line(problems, "docs/ja/about.md", needle)


@pytest.mark.parametrize(
    ("front", "refused"),
    [
        ("hide: 5", True),
        ("search: {exclude: maybe}", True),
        ("template: nope.html", True),
        ("title: [1]", True),
        ("icon: nope", True),
        ("dxp_view: [glossary]", True),
        ("dxp_view: nope", False),
        ('order: "x"', False),
        ("colour: blue", False),
    ],
)
def test_pages_material_would_fail_on_are_left_out(tmp_path: Path, front: str, refused: bool):
    files = base_files(**{"ja/about.md": f"---\n{front}\n---\n\n{PAGE['ja']}"})
    site = load_site(make_project(tmp_path, files) / "docs")
    page = site.page("ja", "about.md")
    assert page is not None
    assert page.refused is refused
    if refused:
        assert not page.readable
        assert page.meta == {}  # nothing of it reaches anything made from the pages


def test_a_refused_principle_page_is_not_a_principle(tmp_path: Path):
    files: dict[str, str | bytes] = {**pair("alpha")}
    files["ja/principles/alpha.md"] = principle(
        "alpha",
        front_matter="id: alpha\npillar: people\nseries_part: 5\nroles: [leaders]\n"
        "summary: A summary.\nhide: {toc: true}\n",
    )
    site = load_site(make_project(tmp_path, files) / "docs")
    assert "alpha" not in site.principles.get("ja", {})
    assert "alpha" in site.principles["en"]
    assert_one_line([str(p) for p in site.problems], "docs/ja/principles/alpha.md:7", "hide")


def test_the_real_playbook_uses_only_typed_fields():
    site = load_site(ROOT / "docs")
    assert [str(p) for p in site.problems] == []
    for page in site.pages.values():
        assert set(page.meta) <= set(schema.FIELDS), page.display_path


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_the_schema_page_documents_every_field_and_value(lang: str):
    text = (ROOT / "docs" / lang / "contributing/schema.md").read_text(encoding="utf-8")
    for name in schema.FIELDS:
        assert f"`{name}`" in text, name
    for value in (
        *schema.HIDE_OPTIONS,
        *schema.SEARCH_OPTIONS,
        *schema.TEMPLATES,
        *schema.VIEWS,
        *schema.THEME_ONLY_FIELDS,
        schema.SNIPPETS_DIR + "/",
    ):
        assert f"`{value}" in text, value
    assert (
        f"{MAX_FRONT_MATTER_BYTES // 1024}KB" in text
        or f"{MAX_FRONT_MATTER_BYTES // 1024} KB" in text
    )
    assert str(MAX_DEPTH) in text


# Snippets come from snippets/ only ------------------------------------------------------------


def snippet_project(tmp_path: Path, line: str) -> Path:
    body = f"# 概要\n\n本文です。\n\n{line}\n"
    project = make_project(tmp_path, base_files(**{"ja/about.md": body, "en/about.md": PAGE["en"]}))
    (project / "snippets").mkdir()
    (project / "snippets/note.md").write_text("Text from a snippet.\n", encoding="utf-8")
    return project


@pytest.mark.build
def test_a_snippet_from_the_snippets_folder_is_included(tmp_path: Path):
    project = snippet_project(tmp_path, '--8<-- "note.md"')
    result = run_build(project)
    assert result.returncode == 0, result.output
    assert "Text from a snippet." in result.read("about/index.html")
    assert load_site(project / "docs").problems == []


@pytest.mark.build
@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("link-to-etc-passwd", "snippet 'leak.md' leads outside the snippets/ folder"),
        ("fifo", "this is a named pipe (FIFO), not an ordinary file"),
        ("nested-dot-dot", "snippet '../../../../../etc/passwd' contains '..'"),
    ],
)
def test_a_snippet_that_could_leak_or_hang_leaves_its_page_out(
    kind: str, needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = snippet_project(tmp_path, '--8<-- "leak.md"')
    leak = project / "snippets/leak.md"
    if kind == "link-to-etc-passwd":
        leak.symlink_to("/etc/passwd")
        path = "docs/ja/about.md:5"
    elif kind == "fifo":
        os.mkfifo(leak)
        path = "snippets/leak.md"
    else:
        leak.write_text('Nested:\n\n--8<-- "../../../../../etc/passwd"\n', encoding="utf-8")
        path = "snippets/leak.md:3"
    assert_everywhere(project, capsys, path, needle)
    assert not (project / "site/about/index.html").exists()
    page = load_site(project / "docs").page("ja", "about.md")
    assert page is not None
    assert page.refused


@pytest.mark.build
def test_a_snippets_folder_linked_out_of_the_project_gives_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """The reviewer's leak: ``snippets`` itself a link to a folder outside the project."""
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "key.txt").write_text("SECRET=hunter2\n", encoding="utf-8")
    project = snippet_project(tmp_path / "p", '--8<-- "key.txt"')
    shutil.rmtree(project / "snippets")
    (project / "snippets").symlink_to(outside)
    assert_everywhere(project, capsys, "docs/ja/about.md:5", "snippets/ folder leads outside")
    assert "hunter2" not in "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (project / "site").rglob("*")
        if path.is_file()
    )


@pytest.mark.build
def test_snippets_come_from_the_project_wherever_mkdocs_runs(tmp_path: Path):
    """pymdownx reads base_path from the working folder; the build reads the project's."""
    project = snippet_project(tmp_path / "p", '--8<-- "note.md"')
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "snippets").mkdir(parents=True)
    (elsewhere / "snippets/note.md").write_text("Text from elsewhere.\n", encoding="utf-8")
    site = tmp_path / "site"
    config = str(project / "mkdocs.yml")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    page = (site / "about/index.html").read_text(encoding="utf-8")
    assert "Text from a snippet." in page
    assert "elsewhere" not in page


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('--8<-- "missing.md"', "snippet file 'snippets/missing.md' is missing"),
        ("--8<-- '/etc/passwd'", "snippet '/etc/passwd' is an absolute path"),
        ('--8<-- "C:/Windows/win.ini"', "is an absolute path"),
        ('--8<-- "sub/../../x.md"', "contains '..'"),
        ('-8<- "http://example.com/x.md"', "is a web address"),
        ('--8<-- ":3:4"', "snippet line names no file"),
        ("--8<--\nnote.md\n\n../x.md\n--8<--", "snippet '../x.md' contains '..'"),
        ('    ---8<--- "missing.md:2:3"', "snippet file 'snippets/missing.md' is missing"),
        ('--8<-- "missing.md:section"', "snippet file 'snippets/missing.md' is missing"),
        ('--8<-- "' + "a/" * 200 + 'x.md"', "characters is too long"),
    ],
)
def test_each_bad_snippet_line_is_one_line(tmp_path: Path, line: str, needle: str):
    project = snippet_project(tmp_path, line)
    site = load_site(project / "docs")
    assert_one_line([str(p) for p in site.problems], "docs/ja/about.md", needle)
    page = site.page("ja", "about.md")
    assert page is not None
    assert page.refused


@pytest.mark.parametrize(
    "line",
    [
        ';--8<-- "missing.md"',  # escaped: pymdownx prints it as text
        '--8<-- "missing.md" trailing',  # not a snippet line for pymdownx either
        "```\nplain 8< scissors\n```",
        "--8<--\n;missing.md\n--8<--",  # commented out inside a block
    ],
)
def test_text_that_pymdownx_does_not_read_as_a_snippet_is_fine(tmp_path: Path, line: str):
    site = load_site(snippet_project(tmp_path, line) / "docs")
    assert [str(p) for p in site.problems] == []


def test_a_snippet_that_includes_itself_is_fine_and_each_file_is_read_once(tmp_path: Path):
    project = snippet_project(tmp_path, '--8<-- "a.md"\n\n--8<-- "a.md"')
    (project / "snippets/a.md").write_text('A\n--8<-- "b.md"\n', encoding="utf-8")
    (project / "snippets/b.md").write_text(
        'B\n--8<-- "a.md"\n--8<-- "../no.md"\n', encoding="utf-8"
    )
    site = load_site(project / "docs")
    assert_one_line([str(p) for p in site.problems], "snippets/b.md:3", "contains '..'")
    assert len(site.problems) == 1


def test_mkdocs_yml_keeps_snippets_in_the_snippets_folder():
    from dx_playbook.core.authoring.render import markdown_settings

    _, settings = markdown_settings(ROOT / "mkdocs.yml")
    options = settings["pymdownx.snippets"]
    assert options["restrict_base_path"] is True
    assert options["check_paths"] is False
    assert Path(str(options["base_path"])).name == schema.SNIPPETS_DIR
