"""Paper that carries the credit (issue 20, step 2): every printed set ends with its credit, the
licence and the edition; the print-all has a cover with them and contents that give each part's sheet; sheets are
numbered; no heading is left at the foot of a sheet; no sheet holds only the end matter.

Each page is printed by Chromium to PDF (as "Save as PDF" does) and read back with pypdf."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from tests.paper_helpers import PAGE_NUMBER, Sheet, sheets, squeeze

from dx_playbook.core.print.handouts import principles_for_build

PREFIX = {"ja": "", "en": "en/"}
#: Every kind of page a reader prints, in both languages (principle pages: see below).
PRINTED = (
    "",
    "checklist/",
    "dashboard/",
    "report/",
    "glossary/",
    "meeting/overview/",
    "meeting/facilitator/",
    "about/sources/",
    "about/feedback/",
    "downloads/",
    "pillars/people/",
    "roles/cdo/",
)
#: A checklist's count line ("0 / 5 完了"), which stays with its heading.
COUNT = re.compile(r"^\d+/\d+\D{0,6}$")


class _Parts(HTMLParser):
    """The headings of a page's article, and the text of its end matter (credit, date,
    colophon)."""

    END_MATTER = ("dxp-credit", "dxp-updated", "dxp-colophon")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.end_matter: list[str] = []
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "input", "img", "meta", "link", "hr", "wbr", "source"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        kind = next((name for name in self.END_MATTER if name in classes), None)
        if tag in {"h1", "h2", "h3", "h4"}:
            kind = "heading"
        if "headerlink" in classes or "dxp-term__tip" in classes:
            kind = "skip"
        if kind in {"heading", *self.END_MATTER}:
            (self.headings if kind == "heading" else self.end_matter).append("")
        self._stack.append((tag, kind))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        kinds = [kind for _, kind in self._stack if kind]
        if not kinds or "skip" in kinds:
            return
        target = self.headings if kinds[-1] == "heading" else self.end_matter
        target[-1] += data


def parts_of(html: str) -> _Parts:
    article = html[html.index("<article") : html.index("</article>")]
    parser = _Parts()
    parser.feed(article)
    return parser


def check_sheets(name: str, printed: list[Sheet], html: str, *, contents: int = 0) -> None:
    """Checks every sheet; ``contents`` is the sheet holding a table of contents, whose entries
    are the headings' words and may end a sheet."""
    parts = parts_of(html)
    headings = {squeeze(text) for text in parts.headings if squeeze(text)}
    end_matter = "".join(squeeze(text) for text in parts.end_matter)
    assert printed, name
    for number, sheet in enumerate(printed, start=1):
        where = f"{name}, sheet {number} of {len(printed)}"
        assert sheet.lines, f"{where} is blank"
        # No sheet holds only the end matter (the credit, the date, the colophon).
        assert not all(line in end_matter for line in sheet.lines), f"{where} holds only {sheet}"
        # No heading at the foot of a sheet (its count line stays with it too).
        body = [line for line in sheet.lines if not COUNT.match(line)]
        if number < len(printed) and body and number != contents:
            # A heading may wrap: its last one, two or three lines.
            ends = {"".join(body[-count:]) for count in (1, 2, 3)}
            stranded = sorted(ends & headings)
            assert not stranded, f"{where} ends with the heading {stranded[0]!r}"
        # Sheets after the first are numbered "n / N" in the bottom margin.
        if number > 1:
            assert PAGE_NUMBER.match(sheet.margin), f"{where}: margin says {sheet.margin!r}"
            assert sheet.margin == f"{number}/{len(printed)}", where


def check_ends_with_colophon(name: str, printed: list[Sheet], lang: str, stamp: str) -> None:
    """The last sheet carries the licence and the edition stamp (the colophon)."""
    last = printed[-1].text
    licence = "本文CCBY4.0" if lang == "ja" else "TextCCBY4.0"
    assert licence in last, f"{name}: no licence on its last sheet"
    assert squeeze(stamp) in last, f"{name}: no edition on its last sheet"


@pytest.fixture
def pdf_of(print_page, playbook_url, playbook):
    """``(sheets, html)`` of a site path printed to A4."""

    def printed(path: str) -> tuple[list[Sheet], str]:
        print_page.goto(playbook_url + path)
        print_page.wait_for_load_state("load")
        html = playbook.read(path + "index.html")
        return sheets(print_page.pdf(prefer_css_page_size=True)), html

    return printed


def edition_stamp(html: str) -> str:
    found = re.search(r'<div class="dxp-edition-stamp">\s*(?:<a [^>]*>)?([^<]+)<', html)
    assert found, "no edition stamp in the footer"
    return found.group(1).strip()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_kind_of_printed_page_ends_with_licence_and_edition(pdf_of, lang):
    for path in PRINTED:
        site_path = PREFIX[lang] + path
        printed, html = pdf_of(site_path)
        name = site_path or "/"
        check_sheets(name, printed, html)
        check_ends_with_colophon(name, printed, lang, edition_stamp(html))


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_principle_page_prints_with_its_credit_and_no_stranded_heading(
    pdf_of, real_site, lang
):
    for principle in principles_for_build(real_site, lang):
        site_path = f"{PREFIX[lang]}principles/{principle.id}/"
        printed, html = pdf_of(site_path)
        check_sheets(site_path, printed, html)
        check_ends_with_colophon(site_path, printed, lang, edition_stamp(html))
        credit = parts_of(html).end_matter[0]
        assert squeeze(credit)[:20] in "".join(s.text for s in printed[-2:]), site_path


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_print_all_has_a_cover_numbered_contents_and_every_credit(pdf_of, real_site, lang):
    site_path = f"{PREFIX[lang]}print-all/"
    printed, html = pdf_of(site_path)
    check_sheets(site_path, printed, html, contents=2)
    stamp = edition_stamp(html)
    check_ends_with_colophon(site_path, printed, lang, stamp)
    cover = printed[0]
    # The cover: the name, the edition, what each of the seven parts gave, the licence; no number.
    assert squeeze(stamp) in cover.text
    assert ("本文CCBY4.0" if lang == "ja" else "TextCCBY4.0") in cover.text
    for part in range(1, 8):
        assert (f"第{part}回" if lang == "ja" else f"Part{part},") in cover.text, part
    assert cover.margin == ""
    # The contents on the next sheet, the principles numbered through as on the overview.
    principles = principles_for_build(real_site, lang)
    contents = printed[1].text
    for number, principle in enumerate(_in_reading_order(principles), start=1):
        assert squeeze(f"{number}. {principle.title}") in contents, principle.id
    # Each entry gives the sheet its part starts on: that sheet's first line, numbered so.
    entries = _contents_entries(printed[1])
    assert len(entries) == len(principles) + 4, entries
    for title, number in entries:
        assert printed[number - 1].text.startswith(title), (title, number)
        assert printed[number - 1].margin == f"{number}/{len(printed)}", (title, number)
        assert not printed[number - 2].text.startswith(title), (title, number)
    # Every principle's own credit is printed, and its link leads to the cover, not off paper.
    whole = "".join(sheet.text for sheet in printed)
    assert whole.count("編集部" if lang == "ja" else "editors") >= len(principles)
    assert 'href="#cover"' in html
    assert (
        "about/sources/"
        not in html[html.index('class="dxp-printall__contents"') :].split('class="dxp-colophon"')[0]
    )


def _contents_entries(sheet: Sheet) -> list[tuple[str, int]]:
    """The (title, sheet number) of each entry of a printed table of contents; an entry that
    wraps ends at the line with its number."""
    entries, title = [], ""
    for line in sheet.lines[1:]:
        title += line
        digits = len(title) - len(title.rstrip("0123456789"))
        if digits:
            entries.append((title[:-digits], int(title[-digits:])))
            title = ""
    assert not title, f"an entry without its sheet number: {title}"
    return entries


def _in_reading_order(principles):
    from dx_playbook.core.model import schema

    return [p for pillar in schema.PILLARS for p in principles if p.pillar == pillar]
