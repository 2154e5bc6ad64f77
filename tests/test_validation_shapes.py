"""The shapes of Markdown that Python-Markdown cannot convert (issue 16), found before it runs.

Python-Markdown ends in a RecursionError on a list nested ~250 levels by indentation (or ~500
markers on one line), ~330 admonitions or ``<div markdown>`` inside one another, emphasis
nested ~1,000 deep; it takes 30 s on 16,000 "[" on one line. :func:`markdown_shape` refuses far
less: these tests pin each limit (at the limit passes, one over is refused), what it does not
count (fenced code, rules), and that a page at every limit converts at once.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook.core.authoring.render import page_renderer
from dx_playbook.core.authoring.validation import (
    MAX_EMPHASIS_MARKERS,
    MAX_EMPHASIS_RUN,
    MAX_MARKDOWN_ATTRIBUTES,
    MAX_MARKDOWN_NESTING,
    MAX_PAGE_OPENERS,
    MAX_PARAGRAPH_OPENERS,
    markdown_shape,
)
from dx_playbook.core.model.frontmatter import parse

NEST, RUN, EMPH = MAX_MARKDOWN_NESTING, MAX_EMPHASIS_RUN, MAX_EMPHASIS_MARKERS
OPEN, PAGE, ATTRS = MAX_PARAGRAPH_OPENERS, MAX_PAGE_OPENERS, MAX_MARKDOWN_ATTRIBUTES


def indented_lists(levels: int, indent: str = "    ") -> str:
    return "\n".join(indent * level + "- x" for level in range(levels))


def nested_divs(count: int) -> str:
    return "<div markdown>\n\n" * count + "x\n\n" + "</div>\n\n" * count


def nested_emphasis(pairs: int) -> str:
    return "*a " * pairs + "x" + " a*" * pairs


#: name -> (body at a limit, the same one step over it, what the refusal says).
LIMITS = {
    "list markers on one line": ("- " * NEST + "x", "- " * (NEST + 1) + "x", "markers in a row"),
    "ordered list markers": ("1. " * NEST + "x", "1. " * (NEST + 1) + "x", "markers in a row"),
    "quote markers": ("> " * NEST + "x", "> " * (NEST + 1) + "x", "markers in a row"),
    "lists indented": (indented_lists(NEST), indented_lists(NEST + 1), "indented by"),
    "lists indented by tabs": (
        indented_lists(NEST, "\t"),
        indented_lists(NEST + 1, "\t"),
        "indented by",
    ),
    "admonitions indented": (
        "\n\n".join("    " * level + "!!! note" for level in range(NEST + 1)),
        "\n\n".join("    " * level + "!!! note" for level in range(NEST + 2)),
        "indented by",
    ),
    "a run of '*'": ("*" * RUN + "x" + "*" * RUN, "*" * (RUN + 1) + "x", "a run of 101 '*'"),
    "a run of '_'": ("_" * RUN + "x" + "_" * RUN, "x" + "_" * (RUN + 1), "a run of 101 '_'"),
    "emphasis in a paragraph": (
        nested_emphasis(EMPH // 2),
        nested_emphasis(EMPH // 2) + "*",
        "'*' and '_'",
    ),
    "emphasis over lines": (
        "*a\n" * EMPH,
        "*a\n" * (EMPH + 1),
        "the paragraph that starts here holds 501",
    ),
    "'[' on one line": ("[" * OPEN, "[" * (OPEN + 1), "this line holds 301 '['"),
    "'![' on one line": ("![" * OPEN, "![" * (OPEN + 1), "this line holds 301 '['"),
    "'<a ' on one line": ("<a " * OPEN, "<a " * (OPEN + 1), "this line holds 301 '<'"),
    "'[' in a paragraph": ("[\n" * OPEN, "[\n" * (OPEN + 1), "paragraph that starts here"),
    "'[' in a page": (
        ("[" * 100 + "\n\n") * (PAGE // 100),
        ("[" * 100 + "\n\n") * (PAGE // 100) + "[",
        f"the page holds {PAGE + 1} '['",
    ),
    "'<' in a page": (
        "x <x\n\n" * PAGE,
        "x <x\n\n" * (PAGE + 1),
        f"the page holds {PAGE + 1} '<'",
    ),
    "'<' in indented code": (
        "    <x\n" * PAGE,
        "    <x\n" * (PAGE + 1),
        f"the page holds {PAGE + 1} '<'",
    ),
    "elements with Markdown inside": (
        nested_divs(ATTRS),
        nested_divs(ATTRS + 1),
        f"{ATTRS + 1} 'markdown' attributes",
    ),
}


def shape(body: str) -> tuple[int, str, str] | None:
    return markdown_shape(body.split("\n"))


@pytest.mark.parametrize("name", list(LIMITS))
def test_each_limit_passes_at_the_limit_and_refuses_one_more(name: str):
    at_limit, over, says = LIMITS[name]
    assert shape(at_limit) is None
    found = shape(over)
    assert found is not None, name
    assert says in found[1], found


@pytest.fixture(scope="module")
def render():
    return page_renderer(ROOT / "mkdocs.yml")


@pytest.mark.parametrize("name", list(LIMITS))
def test_a_page_at_each_limit_converts_at_once(render, name: str):
    """Far from the failures: no RecursionError, and no minute-long conversion (an alarm)."""

    def late(*_: object) -> None:
        raise TimeoutError("a page within the limits took over 10 s to convert")

    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(10)
    try:
        render("# X\n\n" + LIMITS[name][0])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_refusal_names_the_line():
    body = "# X\n\ntext\n\n" + "- " * 500 + "x\n\nmore"
    found = shape(body)
    assert found is not None
    index, message, fix = found
    assert index == 4
    assert message.startswith("this line is nested 500 levels deep")
    assert "500 list or quote markers" in message
    assert "20 levels" in fix


def test_a_paragraph_is_named_by_its_first_line():
    found = shape("# X\n\nsome text\n" + "[\n" * 400)
    assert found is not None
    assert found[0] == 2
    assert found[1].startswith("the paragraph that starts here holds 400 '['")


def test_one_finding_per_page_the_first():
    body = "[" * 16000 + "\n\n" + "- " * 500 + "x"
    found = shape(body)
    assert found is not None
    assert found[0] == 0
    assert "16000 '['" in found[1]


@pytest.mark.parametrize(
    "body",
    [
        "```\n" + "[" * 16000 + "\n```",
        "```text\n" + "- " * 500 + "x\n" + "*" * 4000 + "x\n" + "<a " * 5000 + "\n```",
        "~~~~\n```\n" + "[" * 2000 + "\n```\n~~~~",
        "- item\n\n    ```\n    " + "[" * 2000 + "\n    ```",
        "    " + "[" * 2000,  # indented code: not inline Markdown
        "    " + "- " * 500 + "x",
    ],
    ids=["fence", "everything in a fence", "nested fence", "fence in a list", "code", "code 2"],
)
def test_code_is_not_counted(body: str):
    assert shape("# X\n\n" + body) is None


@pytest.mark.parametrize(
    "body",
    [
        "- " * 500,  # a rule, not 500 list markers
        "*" * 4000,
        "_ " * 2000,
        "* * * * * * * * * * * * * * * * * * * * * * * *",
    ],
)
def test_rules_are_not_lists_or_emphasis(body: str):
    assert shape(body) is None


def test_spaced_dashes_that_are_no_rule_are_list_markers():
    """Three spaces apart, "-" are list markers again: Markdown nests one list per marker."""
    found = shape("-   " * (NEST + 1))
    assert found is not None
    assert "markers in a row" in found[1]


def test_each_list_item_is_a_paragraph_of_its_own():
    items = "".join(f"- [x{n}](a.md) **{n}** " + "[" * 200 + "\n" for n in range(2))
    assert shape(items) is None
    assert shape("* item\n" * 3000) is None


def test_html_with_markdown_inside_is_one_paragraph_across_blank_lines():
    """In ``<p markdown>`` the text is one run of inline Markdown: blank lines do not end it."""
    text = "*a " * 200 + "\n\n"
    assert shape("<p markdown>\n" + text * 2 + "</p>") is None
    found = shape("<p markdown>\n" + text * 3 + "</p>")
    assert found is not None
    assert "'*' and '_'" in found[1]


def test_markdown_in_prose_counts_only_where_an_attribute_could_stand():
    prose = "Markdown's rules, (markdown), Markdown. markdownish\n" * (ATTRS + 10)
    assert shape(prose) is None


def test_no_page_of_the_playbook_comes_near_a_limit():
    for path in sorted(Path(ROOT / "docs").rglob("*.md")):
        body = parse(path.read_text(encoding="utf-8")).body
        assert shape(body) is None, path


def test_fenced_lines_are_the_fenced_code_blocks_and_nothing_else():
    from tests.test_generated_features import generated_pages

    from dx_playbook.core.model.structure import CODE, kinds_and_fences, line_kinds

    lines = [
        "x",
        "```",
        "[",
        "```",
        "",
        "    code",
        "",
        "- item",
        "",
        "    ~~~",
        "    <",
        "    ~~~",
    ]
    kinds, fenced = kinds_and_fences(lines)
    assert kinds == line_kinds(lines)
    assert fenced == {1, 2, 3, 9, 10, 11}
    for page in generated_pages(seed=16, count=400):
        kinds, fenced = kinds_and_fences(page)
        assert kinds == line_kinds(page), page
        assert all(kinds[index] == CODE for index in fenced), page


def test_the_print_all_page_is_held_to_the_page_limit_of_all_it_embeds(tmp_path: Path):
    """Pages each under the limit of '<' make a print-all page over it: that page is refused
    (named at its dxp_view line), the principle pages are not."""
    from tests.factories import pair

    from dx_playbook.core.authoring.load import load_site

    files: dict[str, str] = {}
    per_page = PAGE // 2 + 1  # two pages pass each on their own, together they do not
    paragraphs = "\n\n".join(["<x " * (OPEN // 2)] * (per_page // (OPEN // 2) + 1))
    for name in ("first", "second"):
        for path, text in pair(name).items():
            files[path] = text + ("\n" + paragraphs + "\n" if "/principles/" in path else "")
    files["ja/print-all.md"] = "---\ndxp_view: print-all\n---\n\n# 全体を印刷\n"
    files["en/print-all.md"] = "---\ndxp_view: print-all\n---\n\n# Print all\n"
    docs = tmp_path / "docs"
    for path, text in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    site = load_site(docs)
    lines = [str(problem) for problem in site.problems]
    assert sorted(line.split(":")[0] for line in lines) == [
        "docs/en/print-all.md",
        "docs/ja/print-all.md",
    ]
    assert all(":2: the print-all page would hold" in line for line in lines), lines
    assert all("Fix:" in line for line in lines)
    assert site.page("ja", "print-all.md").refused
    assert not site.page("ja", "principles/first.md").refused


def test_a_snippet_is_held_to_the_limits_it_brings_into_the_page(tmp_path: Path):
    from tests.factories import pair

    from dx_playbook.core.authoring.load import load_site

    project = tmp_path / "project"
    files = pair("sample")
    files["ja/about.md"] = '# 概要\n\n--8<-- "runs.md"\n'
    files["en/about.md"] = "# About\n\nText.\n"
    for path, text in files.items():
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(text, encoding="utf-8")
    (project / "snippets").mkdir()
    (project / "snippets/runs.md").write_text(
        "Intro.\n\n" + "[" * (OPEN + 1) + "\n", encoding="utf-8"
    )
    site = load_site(project / "docs")
    lines = [str(problem) for problem in site.problems]
    assert len(lines) == 1, lines
    assert lines[0].startswith("snippets/runs.md:3: ")
    assert "Fix:" in lines[0]
    assert site.page("ja", "about.md").refused
