"""Content never silently takes the place of a generated feature.

* Pages where a view belongs, and files where the build writes its own (browser data,
  downloads, search index, theme assets, the other language's folder), are errors naming the
  file (the ``gen-*`` cases of ``tests/bad_inputs``: one line each, from ``mkdocs build
  --strict`` there and from ``dx-playbook check`` here).
* A checklist line is an item exactly where Python-Markdown renders a list item: never in
  code (fenced or indented), raw HTML or a paragraph; no internal marker is ever shown.
* Glossary tooltips go into text only: never into attributes, code, links, headings' permalinks,
  scripts or styles.
* Item and heading IDs do not take IDs the templates, plugins and scripts use.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from tests.conftest import BUILD_ENV, ROOT, project_config
from tests.factories import pair, principle

from dx_playbook.cli import main
from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.authoring.reserved import glossary_problems, reserved_problems, toc_slug
from dx_playbook.core.checklists.checklist_html import (
    MARKER,
    mark_items,
    render_items,
    unrendered_items,
)
from dx_playbook.core.glossary.glossary import Matcher, annotate, load_glossary
from dx_playbook.core.model.structure import (
    CODE,
    ITEM,
    RAW,
    TASK_LINE,
    _LineModel,
    _simple_kinds,
    line_kinds,
    parse_body,
)

CORPUS = Path(__file__).parent / "bad_inputs"
GENERATED_CASES = sorted(
    path.name
    for path in CORPUS.iterdir()
    if path.name.startswith("gen-") and (path / "case.yml").exists()
)


def spec_of(case: str) -> dict:
    return yaml.safe_load((CORPUS / case / "case.yml").read_text(encoding="utf-8"))


def write_site(tmp_path: Path, files: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


# The gen-* cases, through dx-playbook check ------------------------------------------------


@pytest.mark.parametrize("case", GENERATED_CASES)
def test_check_reports_each_generated_case_in_one_line(case: str, capsys):
    spec = spec_of(case)
    status = main(["check", "--docs", str(CORPUS / case / "docs")])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if spec["builds"]:
        assert status == 0, out
        return
    assert status == 1
    file = spec["path"].rsplit(":", 1)[0] if spec["path"][-1:].isdigit() else spec["path"]
    naming = [line for line in out.splitlines() if file in line]
    assert len(naming) == 1, f"{case}: one line naming {file}:\n{out}"
    assert naming[0].startswith(spec["path"]), naming[0]
    assert all(text in naming[0] for text in spec["expect"]), naming[0]
    assert ". Fix: " in naming[0]


def test_the_command_line_check_gives_the_same_line_without_a_traceback():
    case = CORPUS / "gen-dashboard-without-view"
    command = shutil.which("dx-playbook") or f"{sys.executable} -m dx_playbook.cli"
    completed = subprocess.run(
        [*command.split(), "check", "--docs", str(case / "docs")],
        capture_output=True,
        text=True,
        env=BUILD_ENV,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout + completed.stderr
    (line,) = completed.stdout.splitlines()
    assert line.startswith("docs/ja/dashboard.md: this is where the generated dashboard view")


def test_the_real_playbook_takes_no_reserved_place():
    assert reserved_problems(load_site(ROOT / "docs")) == []


def test_files_differing_only_in_capitals_clash(tmp_path):
    """They are one file once the offline zip is unzipped on Windows (and cannot both be in a
    repository checked out there, which is why this case is not in the corpus)."""
    files = {
        **pair("sample"),
        "ja/Dashboard.md": "# 私のページ\n\n本文。\n",
        "en/Dashboard.md": "# My page\n\nText.\n",
        "ja/dashboard.md": "---\ndxp_view: dashboard\n---\n\n# ダッシュボード\n",
        "en/dashboard.md": "---\ndxp_view: dashboard\n---\n\n# Dashboard\n",
    }
    problems = [str(p) for p in load_site(write_site(tmp_path, files)).problems]
    assert [p for p in problems if "capitals aside" in p] == [
        "docs/en/Dashboard.md: the build writes this file to 'Dashboard/index.html', as it "
        "writes docs/en/dashboard.md (capitals aside), so one of them silently replaces the "
        "other. Fix: rename or move one of the two files",
        "docs/ja/Dashboard.md: the build writes this file to 'Dashboard/index.html', as it "
        "writes docs/ja/dashboard.md (capitals aside), so one of them silently replaces the "
        "other. Fix: rename or move one of the two files",
    ]


def test_a_view_page_that_is_right_is_not_reported(tmp_path):
    files = {
        **pair("sample"),
        "ja/roles/leaders.md": "---\ndxp_view: role\nrole: leaders\n---\n\n# 首長\n",
        "en/roles/leaders.md": "---\ndxp_view: role\nrole: leaders\n---\n\n# Leaders\n",
        "ja/assets/images/logo.svg": "<svg/>",
        "ja/downloads/guide.pdf": "%PDF",
    }
    assert load_site(write_site(tmp_path, files)).problems == []


def test_a_glossary_heading_with_a_terms_anchor_is_reported(tmp_path):
    glossary = load_glossary(ROOT / "data/glossary.yml", display="data/glossary.yml")
    files = {
        **pair("sample"),
        "ja/glossary.md": "---\ndxp_view: glossary\n---\n\n# 用語集\n\n## DXとは { #dx }\n",
        "en/glossary.md": "---\ndxp_view: glossary\n---\n\n# Glossary\n",
    }
    site = load_site(write_site(tmp_path, files))
    (problem,) = glossary_problems(site, glossary)
    assert str(problem).startswith(
        "docs/ja/glossary.md:7: heading ID '#dx' is also the anchor of the glossary term 'dx' "
        "(data/glossary.yml:"
    )


def test_generated_heading_ids_follow_the_toc_extension():
    from markdown.extensions.toc import slugify

    for text in ["Why it matters", "Step 2: *do* it", "[Link](x.md) and `code`", "日本語だけ"]:
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").replace("`", "")
        assert toc_slug(text) == slugify(plain, "-")


# Checklist lines: exactly where Python-Markdown renders a list item ---------------------------


def engine() -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it (snippets left out: no files here)."""
    names, configs = [], {}
    for entry in project_config()["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name != "pymdownx.snippets":
            names.append(name)
            configs[name] = config or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


#: Lines the generated pages are made of: every construct :func:`line_kinds` models.
PIECES = [
    *["", "", "", "- [ ] T", "- [ ] T", "  - [ ] T", "    - [ ] T", "        - [ ] T"],
    *["\t- [ ] T", "* [ ] T", "+ [x] T", "   - [ ] T", "     - [ ] T", "  \t- [ ] T"],
    *["1. [ ] T", "- plain", "1. one", "Para text.", "**Bold** text.", "- **Bold**: text"],
    *["## Heading", "#tag", "###### H ######", "```", "````", "~~~", "```python"],
    *["```python foo", "    ```", "  ```", "``` ", "~~~~", "Text then ``` fence"],
    *["<div>", "</div>", '<div markdown="1">', "<div markdown>", "<details>", "</details>"],
    *["<section markdown>", "</section>", '<div markdown="span">', "<hr>", "<p>x</p>"],
    *["<span>x</span>", "<!-- c -->", "<!--", "-->", "> quote", "> - [ ] T", ">", "> ```"],
    *["    code", "---", "***", "- - -", "===", "!!! note", "??? note", "    body"],
    *["[^1]: note", "Term", ": def", "| a | b |", "|---|---|", "   "],
]
_BLOCK_TAG = re.compile(r"<(/?)(div|section|details)\b")


def _balanced(lines: list[str]) -> bool:
    """Python-Markdown loses the whole page on some unclosed HTML: not modelled."""
    stack: list[str] = []
    for line in lines:
        for match in _BLOCK_TAG.finditer(line):
            if not match.group(1):
                stack.append(match.group(2))
            elif not stack or stack.pop() != match.group(2):
                return False
    text = "\n".join(lines)
    return not stack and text.count("<!--") == text.count("-->")


def generated_pages(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    pages = []
    while len(pages) < count:
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
        lines = [line.replace("[^1]", f"[^{n}]") for n, line in enumerate(lines)]
        if _balanced(lines):
            pages.append(lines)
    return pages


def rendered_items(lines: list[str], converter: markdown.Markdown) -> set[int]:
    """The lines Python-Markdown renders as the start of a list item (every checklist line
    marked, whatever the model says)."""
    marked = []
    for number, line in enumerate(lines):
        task = TASK_LINE.match(line)
        marked.append(f"{task.group('indent')}- MK{number}MK x" if task else line)
    converter.reset()
    html = converter.convert("\n".join(marked))
    return {int(n) for n in re.findall(r"<li>\s*(?:<p>)?MK(\d+)MK", html)}


def test_checklist_lines_are_items_exactly_where_python_markdown_renders_list_items():
    converter = engine()
    wrong = []
    for lines in generated_pages(seed=20260101, count=1500):
        kinds = line_kinds(lines)
        ours = {n for n, line in enumerate(lines) if TASK_LINE.match(line) and kinds[n] == ITEM}
        if ours != rendered_items(lines, converter):
            wrong.append(lines)
    assert wrong == []


def test_the_one_pass_reading_of_simple_pages_agrees_with_the_full_model():
    simple = 0
    for lines in generated_pages(seed=7, count=3000):
        kinds = _simple_kinds(lines)
        if kinds is not None:
            simple += 1
            assert kinds == _LineModel(lines).kinds, lines
    assert simple > 100


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Para.\n\n    - [ ] x { #a }\n", CODE),  # indented code after a paragraph
        ("Para.\n\n\t- [ ] x { #a }\n", CODE),  # a tab is four columns
        ("````\n```\n- [ ] x { #a }\n```\n````\n", CODE),  # ``` lines inside ```` do not close it
        ("`````md\n- [ ] x { #a }\n````\n`````\n", CODE),  # a longer run does not close it
        ("~~~\n```\n- [ ] x { #a }\n~~~\n", CODE),
        ("<div>\n- [ ] x { #a }\n</div>\n", RAW),  # raw HTML is not read as Markdown
        ("<details>\n\n- [ ] x { #a }\n\n</details>\n", RAW),
        ('<div markdown="1">\n- [ ] x { #a }\n</div>\n', ITEM),  # md_in_html: Markdown again
        ("- [ ] p { #p }\n\n    - [ ] x { #a }\n", ITEM),  # a list's continuation, not code
        ("!!! note\n    - [ ] x { #a }\n", ITEM),  # an admonition's body
        ("```\nunclosed\n\n- [ ] x { #a }\n", ITEM),  # an unclosed fence is no fence
    ],
)
def test_where_a_checklist_line_is_code_html_or_an_item(body: str, kind: int):
    lines = body.split("\n")
    (index,) = [n for n, line in enumerate(lines) if "{ #a }" in line]
    assert line_kinds(lines)[index] == kind
    found = [item.id for item in parse_body(body).items]
    assert ("a" in found) == (kind == ITEM)


def test_items_in_code_html_and_paragraphs_are_never_marked_and_never_show_a_marker():
    body = (
        "- [ ] Real { #real }\n    - [ ] Nested { #nested }\n\n- [ ] Loose { #loose }\n\n"
        "Para.\n\n    - [ ] Indented code { #in-code }\n\n"
        "````\n```\n- [ ] Fenced { #fenced }\n```\n````\n\n"
        "<div>\n- [ ] In HTML { #in-html }\n</div>\n\n"
        "Para.\n- [ ] Lazy { #lazy }\n\n"
        '<div markdown="1">\n\n- [ ] In Markdown HTML { #in-md }\n\n</div>\n'
    )
    structure = parse_body(body)
    assert [item.id for item in structure.items] == ["real", "nested", "loose", "in-md"]
    assert [(text, why) for _, text, why in structure.hidden_items] == [
        ("In HTML", "html"),
        ("Lazy", "text"),
    ]
    html = engine().convert(mark_items(body))
    assert unrendered_items(html) == []
    page = render_items(html, "p")
    assert MARKER not in page
    assert re.findall(r'<li class="dxp-item" id="([^"]+)"', page) == [
        "real",
        "nested",
        "loose",
        "in-md",
    ]
    assert "- [ ] Indented code { #in-code }" in page  # shown as typed
    assert "- [ ] Fenced { #fenced }" in page


def test_a_nested_item_gets_its_own_checkbox_outside_its_parents_label():
    html = engine().convert(mark_items("- [ ] Parent { #parent }\n    - [ ] Child { #child }\n"))
    page = render_items(html)
    assert '<label class="dxp-item__label" for="dxp-box-parent">Parent</label><ul' in page
    assert '<label class="dxp-item__label" for="dxp-box-child">Child</label></li>' in page


def test_a_marker_markdown_did_not_make_an_item_is_named_and_removed():
    html = f"<p>{MARKER}-lost-{MARKER} text</p>\n<ul>\n<li>{MARKER}-kept-{MARKER} x</li>\n</ul>"
    assert unrendered_items(html) == ["lost"]
    page = render_items(html)
    assert MARKER not in page
    assert "<p>text</p>" in page
    assert 'id="kept"' in page


@pytest.mark.build
def test_the_build_shows_no_marker_and_only_real_items_as_checkboxes(build_site):
    items = [
        "Step 1 { #sample-step-1 }",
        "Step 2 { #sample-step-2 }",
        "Step 3 { #sample-step-3 }\n    - [ ] Sub-step { #sample-step-3-sub }",
    ]
    example = (
        "\n## Writing items { #writing }\n\nFor example:\n\n    - [ ] Example { #sample-example }\n\n"
        "````markdown\n```\n```\n- [ ] Fenced example { #sample-fenced }\n````\n"
    )
    files = {}
    for lang in ("ja", "en"):
        files[f"{lang}/principles/sample.md"] = principle("sample", lang, items=items) + example
        files[f"{lang}/index.md"] = "# Home\n\nWelcome.\n"
    result = build_site(files)
    assert result.returncode == 0, result.output
    assert not result.warnings, result.output
    for path in ("principles/sample/index.html", "en/principles/sample/index.html"):
        page = result.read(path)
        assert MARKER not in page
        found = re.findall(r'<li class="dxp-item" id="([^"]+)"', page)
        assert found == [f"sample-step-{n}" for n in (1, 2, 3)] + ["sample-step-3-sub"]
        assert "- [ ] Example { #sample-example }" in page
        assert "Fenced example" in page  # in the highlighted code block
    for path in result.site_dir.rglob("*.html"):
        assert MARKER not in path.read_text(encoding="utf-8"), path


# Glossary tooltips: text only ------------------------------------------------------------------


@pytest.fixture(scope="module")
def ja_terms() -> Matcher:
    return Matcher(load_glossary(ROOT / "data/glossary.yml"), "ja")


def link(term) -> str:
    return f"../glossary/#{term.id}"


def annotated(html: str, matcher: Matcher) -> tuple[str, list[str]]:
    result = annotate(html, matcher, link)
    return result, re.findall(r'data-dxp-term="([^"]+)"', result)


@pytest.mark.parametrize(
    "before",
    [
        '<img alt="図 > RPA" src="x.png">',  # an attribute holding ">"
        "<a title='それは > RPA' href=\"#x\">リンク</a>",
        '<p title="RPA" data-x="a<RPA">',
        "<code>RPA</code>",
        "<a href=../rpa/>RPA</a>",  # "/>" does not end a link
        '<h2 id="rpa">RPA<a class="headerlink" href="#rpa" title="RPA">¶</a></h2>',
        '<script>var s = "<p>RPA</p>";</script>',
        "<SCRIPT>x = '<p>RPA</p>'</SCRIPT>",
        "<style>/* <p>RPA</p> */</style>",
        "<!-- <p>RPA</p> -->",
        "<textarea><p>RPA</p></textarea>",
        "<noscript><p>RPA</p></noscript>",
        "</p></span></div>",  # stray end tags close nothing
    ],
)
def test_a_term_is_wrapped_in_text_only(ja_terms, before: str):
    html = f"<div>{before}</div><p>ここでRPAを使う</p>"
    result, terms = annotated(html, ja_terms)
    assert terms == ["rpa"]
    assert result.startswith(f'<div>{before}</div><p>ここで<span class="dxp-term"')


def test_an_unclosed_comment_hides_the_rest(ja_terms):
    assert annotated("<p>本文</p><!-- RPA <p>RPA</p>", ja_terms)[1] == []
