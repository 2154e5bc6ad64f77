"""The glossary: its data file, finding terms in page HTML, and the generated glossary pages."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook.core.checklists.checklist_html import mark_items, render_items
from dx_playbook.core.glossary.glossary import (
    Glossary,
    Matcher,
    annotate,
    apply_edits,
    load_glossary,
    render_markdown,
    term_edits,
)
from dx_playbook.core.quality.overlap import shared_runs, source_windows

DATA = ROOT / "data" / "glossary.yml"
SOURCE = Path("/work/shared/source/series-part5.ja.txt")
#: Terms the playbook's pages use and issue 3 names.
REQUIRED_TERMS = [
    "ICT化", "デジタル変革", "CDO", "LGWAN", "RPA", "実証実験", "包括連携協定", "パブリックマインド",
    "ソーシャルキャピタル", "BPR", "KPI", "DX推進員", "デジタル活用支援員", "自治体DX推進計画",
    "三層の対策", "アクティブシニア", "UX/UI", "オープンデータ", "標準化・共通化",
]  # fmt: skip


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(DATA, display="data/glossary.yml")


def write_glossary(tmp_path: Path, text: str) -> Glossary:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return load_glossary(path, display="data/glossary.yml")


# The data file ------------------------------------------------------------------------------


def test_the_real_glossary_is_valid_and_complete(glossary):
    assert glossary.problems == []
    names = {term.names["ja"] for term in glossary.terms}
    assert [term for term in REQUIRED_TERMS if term not in names] == []
    dx = next(term for term in glossary.terms if term.id == "dx")
    assert "DX" in dx.forms["ja"]
    assert "DX" in dx.forms["en"]
    for term in glossary.terms:
        assert term.definition["ja"], term.id
        assert term.definition["en"], term.id


def test_definitions_are_our_own_words(glossary):
    if not SOURCE.exists():
        pytest.skip("the source article is not on this machine")
    windows = source_windows(SOURCE.read_text(encoding="utf-8"))
    copied = {
        term.id: runs
        for term in glossary.terms
        if (runs := shared_runs(term.definition["ja"], windows))
    }
    assert copied == {}


GOOD = """\
version: 1
terms:
  - id: sample
    ja: 見本
    reading: みほん
    en: sample
    definition:
      ja: 例として示すもの。
      en: Something shown as an example.
"""


def test_a_term_in_kana_needs_no_reading_and_shows_none(tmp_path):
    text = GOOD.replace("ja: 見本", "ja: サンプル").replace("    reading: みほん\n", "")
    glossary = write_glossary(tmp_path, text)
    assert glossary.problems == []
    (term,) = glossary.terms
    assert term.reading == "さんぷる", "it sorts by its kana, as hiragana"
    for lang in ("ja", "en"):
        page = render_markdown(glossary, lang)
        assert "さんぷる" not in page
        assert "読み" not in page
        assert "reading" not in page
    kanji = render_markdown(write_glossary(tmp_path, GOOD), "ja")
    assert "読み: みほん" in kanji


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (GOOD.replace("ja: 見本", "ja: [見本"), None, "not valid YAML"),
        (GOOD.replace("reading: みほん", "reading: ミホン"), 5, "is not all hiragana"),
        (GOOD.replace("    reading: みほん\n", ""), 3, "has no 'reading'"),
        (GOOD.replace("    en: sample\n", ""), 3, "has no 'en'"),
        (GOOD.replace("id: sample", "id: Sample Term"), 3, "not a lowercase slug"),
        (GOOD.replace("    en: sample\n", "    en: sample\n    colour: red\n"), 7, "unknown field"),
        (GOOD + GOOD.split("terms:\n", 1)[1], 10, "already used on line 3"),
        (GOOD.replace("      en: Something", "      fr: Something"), 7, "has no en definition"),
        ("terms: nothing\n", 1, "no 'terms:' list"),
    ],
)
def test_mistakes_are_one_line_with_file_and_line(tmp_path, text, line, needle):
    problems = write_glossary(tmp_path, text).problems
    assert len(problems) == 1, problems
    shown = str(problems[0])
    assert needle in shown
    assert "Fix: " in shown
    if line is not None:
        assert shown.startswith(f"data/glossary.yml:{line}: "), shown
    else:
        assert re.match(r"data/glossary\.yml:\d+: ", shown), shown


def test_a_form_belongs_to_one_term_only(tmp_path):
    other = (
        GOOD.split("terms:\n", 1)[1]
        .replace("id: sample", "id: other")
        .replace("en: sample", "en: other")
        .replace("ja: 見本", "ja: 別物\n    aliases:\n      ja: [見本]")
    )
    problems = write_glossary(tmp_path, GOOD + other).problems
    assert [p.message for p in problems] == ["'見本' (ja) already belongs to the term 'sample'"]


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    glossary = load_glossary(tmp_path / "nowhere.yml", display="data/glossary.yml")
    assert glossary.terms == []
    assert str(glossary.problems[0]).startswith("data/glossary.yml: the glossary file is missing")


# Finding terms ------------------------------------------------------------------------------


def link(term) -> str:
    return f"../glossary/#{term.id}"


def wrapped(html: str) -> list[tuple[str, str]]:
    """``(term id, text shown)`` for each term wrapped in ``html``, in order."""
    return re.findall(r'data-dxp-term="([^"]+)"><a [^>]*>([^<]*)</a>', html)


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.void = {"br", "hr", "img", "input", "meta", "link", "wbr"}

    def handle_starttag(self, tag, attrs):
        if tag not in self.void:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack, tag
        assert self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()


def assert_balanced(html: str) -> None:
    parser = _Balance()
    parser.feed(html)
    assert parser.stack == []


def test_first_occurrence_only_and_longest_form_first(glossary):
    html = "<p>DX推進員はDXを進めます。DX推進員とDXの話。</p>"
    result = annotate(html, Matcher(glossary, "ja"), link)
    assert wrapped(result) == [("dx-promoter", "DX推進員"), ("dx", "DX")]
    assert_balanced(result)


def test_headings_links_code_labels_and_quotations_are_left_alone(glossary):
    html = (
        "<h2>RPAとKPI</h2><p><a href='x'>RPA</a> <code>RPA</code> <cite>RPA</cite></p>"
        "<pre>RPA</pre><p class='dxp-credit'>RPA</p><p>ここでRPA</p>"
    )
    result = annotate(html, Matcher(glossary, "ja"), link)
    assert wrapped(result) == [("rpa", "RPA")]
    assert '<p>ここで<span class="dxp-term" data-dxp-term="rpa">' in result
    assert result.startswith("<h2>RPAとKPI</h2><p><a href='x'>RPA</a> <code>RPA</code>")


def test_checklist_labels_keep_working(glossary):
    markdown = "- [ ] RPAの対象を決める { #pick-rpa }\n- [ ] KPIを決める { #set-kpi }\n"
    import markdown as md

    html = render_items(md.markdown(mark_items(markdown)), "sample")
    result = annotate(html + "<p>RPAの話</p>", Matcher(glossary, "ja"), link)
    assert result.startswith(html), "nothing inside the checklist changes"
    assert wrapped(result) == [("rpa", "RPA")]


def test_english_matching_respects_words_case_and_plurals(glossary):
    matcher = Matcher(glossary, "en")
    html = "<p>RPAX and xKPI are not terms. Set KPIs. Digital transformation matters.</p>"
    result = annotate(html, matcher, link)
    assert wrapped(result) == [("kpi", "KPIs"), ("dx", "Digital transformation")]


def test_acronyms_keep_their_case_and_words_their_boundaries(glossary):
    """The forms share one pattern: acronyms still match in capitals only, other English forms
    in any case, and the longest form at a position wins."""
    found = [
        (match.group(), term.id)
        for match, term in Matcher(glossary, "en").finditer(
            "dx, Dx and xDX are not terms; DXs are. pilot projects, PILOT. "
            "ux/ui, UX/UI, UX/UI (user experience and user interface), AI's"
        )
    ]
    assert found == [
        ("DXs", "dx"),
        ("pilot projects", "pilot-project"),
        ("PILOT", "pilot-project"),
        ("UX", "ux-ui"),  # English has no form "UX/UI" alone: its two acronyms
        ("UI", "ux-ui"),
        ("UX/UI (user experience and user interface)", "ux-ui"),
        ("AI", "ai"),
    ]
    assert [m.group() for m, _ in Matcher(glossary, "ja").finditer("dx推進員とDX推進員")] == [
        "DX推進員"
    ]


def test_script_content_and_attributes_are_never_touched(glossary):
    html = '<p title="RPA">x</p><script>if (a<b) { s = "RPA"; }</script><p>RPA</p>'
    result = annotate(html, Matcher(glossary, "ja"), link)
    assert '<p title="RPA">x</p><script>if (a<b) { s = "RPA"; }</script><p>' in result
    assert wrapped(result) == [("rpa", "RPA")]


def test_tooltip_is_described_escaped_and_kept_out_of_search(tmp_path):
    glossary = write_glossary(tmp_path, GOOD.replace("例として示すもの。", "<b>例</b>&示すもの"))
    result = annotate("<p>見本です</p>", Matcher(glossary, "ja"), link)
    tip = re.search(
        r'<span class="dxp-term__tip" id="([^"]+)" role="tooltip" data-search-exclude>(.*?)</span>',
        result,
    )
    assert tip is not None
    assert f'aria-describedby="{tip.group(1)}"' in result
    assert tip.group(2) == "&lt;b&gt;例&lt;/b&gt;&amp;示すもの"
    without_page = annotate("<p>見本です</p>", Matcher(glossary, "ja"), lambda term: None)
    assert '<span class="dxp-term__link" tabindex="0" aria-describedby=' in without_page


def test_glossary_pages_anchor_every_term(glossary):
    for lang, other in (("ja", "en"), ("en", "ja")):
        markdown = render_markdown(glossary, lang)
        anchors = re.findall(r"^## .* \{ #([a-z0-9-]+) \}$", markdown, re.M)
        assert sorted(anchors) == sorted(term.id for term in glossary.terms)
        assert f'<span lang="{other}">' in markdown
    japanese = re.findall(r"^## (.*) \{", render_markdown(glossary, "ja"), re.M)
    readings = {term.names["ja"]: term.reading.replace("ー", "") for term in glossary.terms}
    ordered = [readings[name.replace("\\", "")] for name in japanese]
    assert ordered == sorted(ordered), "Japanese terms follow the order of their readings"


def test_edits_make_annotates_page(glossary):
    """Where each term goes, applied, gives annotate's page."""
    html = (
        "<h2>DXとは</h2><p>DXを進め、RPAを使う。</p><script>const DX = 1;</script>"
        "<p>もう一度 DX と <code>RPA</code>。</p>"
    )
    matcher = Matcher(glossary, "ja")
    edits = term_edits(html, matcher, lambda term: f"../glossary/#{term.id}")
    assert [html[start:end] for start, end, _ in edits] == ["DX", "RPA"]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(edits))
    annotated = annotate(html, matcher, lambda term: f"../glossary/#{term.id}")
    assert apply_edits(html, edits) == annotated != html
    assert apply_edits(html, []) is html
