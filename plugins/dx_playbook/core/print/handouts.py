"""Printed forms of the playbook, generated from the content model.

* A **handout** (1枚もの) per principle and language: title, summary, checklist with boxes and key
  questions on one A4 sheet, for meetings and workshops. It is a view of the principle page
  itself (``#dxp-handout``), not a page of its own: :func:`handout` writes the parts the page
  gains, :func:`add_handout` puts them in, and ``dxp-print.css`` lays the view out.
* The **print-all** page: every pillar and principle on one page with a table of contents, for
  printing or saving as PDF. :func:`print_all_markdown` writes its generated part.

The print-all page is Markdown that the normal pipeline renders, so checklist items become the
same checkboxes (whose ticks the reader's browser restores) and links are checked like any other.
Text moved from ``principles/x.md`` to it has its relative links rebased (:func:`rebase_links`).
"""

from __future__ import annotations

import functools
import html
import math
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dx_playbook.core.model import schema
from dx_playbook.core.model.credit import credit_html, credit_line
from dx_playbook.core.model.markdown import md_escape
from dx_playbook.core.model.site import Page, Principle, Site
from dx_playbook.core.model.structure import CODE, HEADING, HEADING_ID, line_kinds
from dx_playbook.core.text.catalogue import catalogue

PILLARS_DIR = "pillars"
PRINT_ALL_VIEW = "print-all"
#: The print-all page's own style sheet (its cover and contents), which no other page loads.
PRINT_ALL_STYLES = "assets/stylesheets/dxp-print-all.css"


def labels(lang: str) -> dict[str, str]:
    """The handouts' words in ``lang`` (``handouts`` of its catalogue); an unknown language is a
    :class:`~dx_playbook.core.text.catalogue.CatalogueError`."""
    words: dict[str, str] = catalogue(lang)["handouts"]
    return words


# --- Links ---------------------------------------------------------------------------------------

_INLINE_LINK = re.compile(r"(?P<head>!?\[[^\[\]\n]*+\]\()(?P<target>[^)\s]++)(?P<tail>[^)\n]*+\))")
_REFERENCE = re.compile(r"^(?P<head>[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<target>\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\[\s]++)\]")


def rebase_target(
    target: str, from_path: str, to_path: str, anchors: Mapping[str, str] | None = None
) -> str:
    """Rewrite a relative link ``target`` written in ``from_path`` to work from ``to_path``.

    Paths are relative to the language folder (``principles/x.md``). A page listed in
    ``anchors`` is shown on the target page itself, so its link becomes an in-page anchor: the
    page's own anchor, or ``<anchor>--<fragment>`` for one of its headings.
    """
    if _SCHEME.match(target) or target.startswith(("/", "//")):
        return target
    path, hashmark, fragment = target.partition("#")
    resolved = (
        posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
        if path
        else from_path
    )
    if resolved.startswith("../"):
        return target
    if anchors and resolved in anchors:
        anchor = anchors[resolved]
        return f"#{anchor}--{fragment}" if fragment else f"#{anchor}"
    rebased = posixpath.relpath(resolved, posixpath.dirname(to_path) or ".")
    return rebased + (hashmark + fragment if hashmark else "")


def rebase_links(
    markdown: str, from_path: str, to_path: str, anchors: Mapping[str, str] | None = None
) -> str:
    """:func:`rebase_target` applied to every inline and reference link and image."""

    def inline(match: re.Match[str]) -> str:
        target = rebase_target(match.group("target"), from_path, to_path, anchors)
        return match.group("head") + target + match.group("tail")

    def reference(match: re.Match[str]) -> str:
        target = rebase_target(match.group("target"), from_path, to_path, anchors)
        return match.group("head") + target

    return _REFERENCE.sub(reference, _INLINE_LINK.sub(inline, markdown))


# --- Embedding a page's body in another ---------------------------------------------------------


def embed_body(body: str, *, shift: int, anchor: str, drop_title: bool = True) -> str:
    """``body`` fit for another page: headings ``shift`` levels deeper with IDs prefixed by
    ``anchor--`` (so that several pages' ``#checklist`` stay distinct), footnote labels made
    unique, and the page's own title dropped."""
    lines = body.split("\n")
    kinds = line_kinds(lines)  # the engine's own reading: fenced and indented code stay as they are
    out: list[str] = []
    title_dropped = not drop_title
    for line, kind in zip(lines, kinds, strict=True):
        if kind == CODE:
            out.append(line)
            continue
        heading = HEADING.match(line)
        if heading is None:
            out.append(_FOOTNOTE.sub(rf"[^{anchor}-\g<label>]", line))
            continue
        level = len(heading.group("hashes"))
        if level == 1 and not title_dropped:
            title_dropped = True
            continue
        text = heading.group("text")
        id_match = HEADING_ID.search(text)
        if id_match:
            start, end = id_match.span("id")
            text = f"{text[:start]}{anchor}--{text[start:end]}{text[end:]}"
        out.append("#" * min(level + shift, 6) + " " + text)
    return "\n".join(out)


# --- Handouts ------------------------------------------------------------------------------------


def principle_path(principle_id: str) -> str:
    return f"{schema.PRINCIPLES_DIR}/{principle_id}.md"


#: A Latin letter in the proportional sans-serif type is about nine tenths of half a kanji wide.
NARROW_CELL = 0.9


def display_width(text: str) -> float:
    """Width in half-width cells: a kanji or kana takes two, a Latin letter about one."""
    if text.isascii():
        return NARROW_CELL * len(text)
    if max(text) <= "\uffff":
        # One pass in C over the line, for every line of every principle in both languages.
        wide = len(text) - len(_wide_in_bmp().sub("", text))
        return 2 * wide + NARROW_CELL * (len(text) - wide)
    return sum(_cell_width(char) * count for char, count in Counter(text).items())


@functools.cache
def _wide_in_bmp() -> re.Pattern[str]:
    """Every character of the Basic Multilingual Plane that takes two cells, as one class
    (read from ``unicodedata`` once: about ten milliseconds)."""
    ranges: list[str] = []
    start: int | None = None
    for code in range(0x10001):
        wide = code <= 0xFFFF and unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return re.compile(f"[{''.join(ranges)}]")


@functools.lru_cache(maxsize=4096)
def _cell_width(char: str) -> float:
    return 2 if unicodedata.east_asian_width(char) in "WF" else NARROW_CELL


_MARKUP = re.compile(r"!?\[([^\[\]\n]*+)\]\([^()\n]*+\)|[*_`]|\{[^{}\n]*+\}|<[^<>\n]++>")


def plain_text(markdown: str) -> str:
    """The words a reader sees in a line of inline Markdown."""
    return _MARKUP.sub(lambda m: m.group(1) or "", markdown).strip()


@dataclass(frozen=True)
class Density:
    """One way to set a handout: the smaller the type, the more fits on the sheet.

    Lengths are in lines of body text of this setting. The figures were measured in Chromium's
    A4 print of a handout (``dxp-print.css``: 13 mm + 15 mm margins, 10.5/9.5/8.5 pt type) and
    rounded towards safety; re-measure them when that style sheet changes. The browser tests
    print every handout and synthetic ones at each setting's limit, so drift shows up there.
    """

    name: str
    #: Half-width cells (a kanji counts two) on a line of the summary, and of a list entry.
    line_cells: int
    item_cells: int
    #: The space between two checklist items, and between two questions.
    item_gap: float
    question_gap: float
    #: Kicker, title, meta line, both headings, footer and the space around them.
    overhead: float
    #: Lines on the sheet.
    capacity: float


#: From the roomiest to the tightest; ``dxp-print.css`` sets the type for each
#: (``.dxp-handout--normal`` and so on).
DENSITIES: tuple[Density, ...] = (
    Density("normal", 89, 87, item_gap=0.8, question_gap=0.3, overhead=12.5, capacity=47),
    Density("compact", 98, 96, item_gap=0.85, question_gap=0.3, overhead=12.8, capacity=54),
    Density("tight", 109, 107, item_gap=1.05, question_gap=0.3, overhead=13.0, capacity=62),
)
#: Sizes relative to body text, as ``dxp-print.css`` sets them.
TITLE_SCALE, META_SCALE = 1.75, 0.85


def _lines(text: str, cells: float) -> int:
    return max(1, math.ceil(_width(text) / cells))


@functools.lru_cache(maxsize=16384)
def _width(markdown: str) -> float:
    """:func:`display_width` of a line's words: each line is measured once for all settings,
    and once for both language passes of a build (issue 9)."""
    return display_width(plain_text(markdown))


def handout_lines(principle: Principle, lang: str, density: Density) -> float:
    """Estimated height of ``principle``'s handout in ``density``, in lines of body text."""
    title = (_lines(principle.title, density.line_cells / TITLE_SCALE) - 1) * TITLE_SCALE
    meta = (_lines(_meta_line(principle, lang), density.line_cells / META_SCALE) - 1) * META_SCALE
    summary = _lines(principle.summary, density.line_cells)
    items = sum(
        _lines(item.text, density.item_cells) + density.item_gap for item in principle.items
    )
    questions = sum(
        _lines(question, density.item_cells) + density.question_gap
        for question in principle.questions
    )
    return density.overhead + title + meta + summary + items + questions


def choose_density(principle: Principle, lang: str) -> tuple[Density, bool]:
    """The roomiest setting whose estimate fits one sheet, and whether any fits at all."""
    for density in DENSITIES:
        if handout_lines(principle, lang, density) <= density.capacity:
            return density, True
    return DENSITIES[-1], False


def _series_credit(principle: Principle, lang: str) -> str:
    """The handout's short credit: what the principle is drawn from, as its page says it."""
    return credit_line(principle, lang, labels(lang))


def _meta_line(principle: Principle, lang: str) -> str:
    words = labels(lang)
    known = catalogue(lang)
    pillar = known["pillars"].get(principle.pillar, principle.pillar)
    roles = words["separator"].join(known["roles"].get(role, role) for role in principle.roles)
    parts = [f"{words['pillar']}: {pillar}"]
    if roles:
        parts.append(f"{words['roles']}: {roles}")
    return " · ".join(parts)


#: The element a principle page's handout view targets: ``principles/<id>/#dxp-handout``.
HANDOUT_ANCHOR = "dxp-handout"
#: The sections of a principle page (``<h2 id>``) that its handout shows; the others are hidden.
HANDOUT_SECTIONS = ("checklist", "key-questions")


@dataclass(frozen=True)
class Handout:
    """The parts a principle page gains for its one-page handout view.

    The handout is not a page of its own: it is the principle page seen through the
    ``#dxp-handout`` target (``dxp-print.css``), which hides everything but the title, summary,
    checklist and key questions and adds a kicker, a meta line, lines for notes and a footer.
    One page per principle keeps the build small and the ticks the reader made in place.
    """

    principle: Principle
    #: The language the page is built for (a missing translation falls back to Japanese).
    lang: str
    density: Density
    fits: bool
    #: Link under the title that opens the handout view.
    link: str
    #: Above the title: the target of the view (hint and buttons on screen), then the kicker.
    before_title: str
    #: Under the title: the meta line (pillar, roles).
    after_title: str
    #: At the end of the text: lines for notes and the footer with credit and edition.
    after_body: str


def handout(principle: Principle, lang: str, *, site_name: str, edition_stamp: str) -> Handout:
    """The handout parts of ``principle``'s page in the ``lang`` build, as HTML."""
    words = labels(lang)
    density, fits = choose_density(principle, lang)
    link = (
        f'<p class="dxp-handout-open" data-search-exclude data-dxp-no-glossary>'
        f'<a class="dxp-handout-link" href="#{HANDOUT_ANCHOR}">{_text(words["print_handout"])}</a>'
        "</p>"
    )
    before_title = (
        f'<div class="dxp-handout-bar dxp-handout--{density.name}" id="{HANDOUT_ANCHOR}" '
        f'tabindex="-1" role="region" aria-label="{_attr(words["handout"])}" '
        f'lang="{lang}" data-search-exclude data-dxp-no-glossary>'
        f'<p class="dxp-handout-bar__hint">{_text(words["hint"])}</p>'
        '<p class="dxp-handout-bar__actions">'
        f'<button type="button" class="md-button md-button--primary" data-dxp-print hidden>'
        f"{_text(words['print'])}</button> "
        f'<a class="md-button" href="#">{_text(words["back"])}</a></p>'
        "</div>\n"
        f'<p class="dxp-handout__kicker" lang="{lang}" data-search-exclude data-dxp-no-glossary>'
        f"{_text(site_name)} · {_text(words['handout'])}</p>\n"
    )
    after_title = (
        f'\n<p class="dxp-handout__meta" lang="{lang}" data-search-exclude data-dxp-no-glossary>'
        f"{_text(_meta_line(principle, lang))}</p>"
    )
    after_body = (
        f'\n<div class="dxp-handout__notes" aria-hidden="true" data-search-exclude '
        "data-dxp-no-glossary>"
        f"<p>{_text(words['notes'])}</p></div>\n"
        f'<p class="dxp-handout__footer" lang="{lang}" data-search-exclude data-dxp-no-glossary>'
        f"{_text(_series_credit(principle, lang))} · "
        f"{_text(words['license'])}<br>{_text(site_name)} · {_text(edition_stamp)}</p>\n"
    )
    return Handout(principle, lang, density, fits, link, before_title, after_title, after_body)


_H1_END = re.compile(r"</h1>")
_H1_START = re.compile(r"<h1[\s>]")
#: Where a principle page's sections start, and where its trailing credit lines start.
_SECTION_START = re.compile(r'<h2 id="(?P<id>[^"]+)"|<(?:p|div) class="dxp-credit"')


def wrap_sections(html: str) -> str:
    """``html`` of a page with each ``<h2 id>`` and what follows it, up to the next ``<h2>`` or
    the credit line, in a ``<section data-dxp-section="<id>">`` so that a view can show or hide
    a whole section."""
    out: list[str] = []
    position = 0
    open_section = False
    for match in _SECTION_START.finditer(html):
        out.append(html[position : match.start()])
        if open_section:
            out.append("</section>\n")
            open_section = False
        if match.group("id"):
            out.append(f'<section class="dxp-section" data-dxp-section="{match.group("id")}">\n')
            open_section = True
        position = match.start()
    out.append(html[position:])
    if open_section:
        out.append("\n</section>")
    return "".join(out)


def add_handout(html: str, parts: Handout) -> str:
    """The rendered ``html`` of a principle page with its handout view: sections wrapped, the
    bar and kicker before the title, the meta line and the link after it, notes and footer at
    the end. Unchanged if the page has no ``<h1>`` (nothing to anchor the view to)."""
    start, end = _H1_START.search(html), _H1_END.search(html)
    if start is None or end is None:
        return html
    head, title, rest = html[: start.start()], html[start.start() : end.end()], html[end.end() :]
    return (
        head
        + parts.before_title
        + title
        + parts.after_title
        + "\n"
        + parts.link
        + wrap_sections(rest)
        + parts.after_body
    )


def _text(text: str) -> str:
    """``text`` on one line, safe as HTML text (quotes stay: they are not in an attribute).

    One line, because a blank line inside a raw HTML block would end the block in Markdown.
    """
    return html.escape(" ".join(text.split()), quote=False)


def _attr(text: str) -> str:
    """``text`` on one line, safe inside a double-quoted attribute."""
    return html.escape(" ".join(text.split()), quote=True)


def _heading_text(text: str) -> str:
    """A title safe on a Markdown heading line: no trailing ``#`` or ``{`` that would be read
    as syntax."""
    text = " ".join(text.split())
    return text.replace("{", "&#123;").rstrip("#").strip() or text


def principles_for_build(site: Site, lang: str) -> list[Principle]:
    """The principles a ``lang`` build shows: its own, and the Japanese original of any
    principle not yet translated (static-i18n falls back to it the same way)."""
    own = {principle.id: principle for principle in site.principles_in(lang)}
    ordered: list[Principle] = []
    for original in site.principles_in(site.languages.source):
        ordered.append(own.pop(original.id, original))
    ordered.extend(own.values())
    pillar_rank = {name: rank for rank, name in enumerate(schema.PILLARS)}
    return sorted(ordered, key=lambda p: (pillar_rank[p.pillar], p.order, p.id))


def not_fitting(handouts: Mapping[str, Handout]) -> list[tuple[str, str]]:
    """``(file, principle ID)`` of each handout that fits no sheet even in its tightest type."""
    return [
        (handout.principle.page.display_path, handout.principle.id)
        for handout in handouts.values()
        if not handout.fits
    ]


def handouts_for_build(
    site: Site, lang: str, *, site_name: str, edition_stamp: str
) -> dict[str, Handout]:
    """The handout parts of every principle page of the ``lang`` build, by principle ID."""
    return {
        principle.id: handout(principle, lang, site_name=site_name, edition_stamp=edition_stamp)
        for principle in principles_for_build(site, lang)
    }


# --- Print-all -----------------------------------------------------------------------------------


def pillar_anchor(pillar: str) -> str:
    return f"pillar-{pillar}"


def _page_for_build(site: Site, lang: str, rel_path: str) -> Page | None:
    page = site.page(lang, rel_path)
    if page is None or not page.readable:
        page = site.page(site.languages.source, rel_path)
    return page if page is not None and page.readable else None


#: The print-all cover's anchor: on paper, links to the sources page lead here, for the cover
#: carries the credit of the whole playbook.
COVER_ANCHOR = "cover"
SOURCES_PAGE = "about/sources.md"


@dataclass(frozen=True)
class Colophon:
    """What every printed set says of itself: the site's name, the licence line (the config's
    ``copyright`` for the language), the edition stamp and, when the site has one, its address."""

    site_name: str
    licence: str
    edition_stamp: str
    address: str = ""


def print_all_markdown(site: Site, lang: str, page_path: str, colophon: Colophon) -> str:
    """The generated part of the print-all page at ``page_path``: a cover with the credit,
    licence and edition, a table of contents, then every pillar (its page's text) and every
    principle (its whole page and its credit), in reading order, principles numbered through as
    on the one-page overview."""
    words = labels(lang)
    principles = principles_for_build(site, lang)
    by_pillar: dict[str, list[Principle]] = {pillar: [] for pillar in schema.PILLARS}
    for principle in principles:
        by_pillar[principle.pillar].append(principle)
    number = {p.id: n for n, p in enumerate(_reading_order(by_pillar), start=1)}
    anchors = {principle_path(p.id): p.id for p in principles}
    anchors.update(
        {f"{PILLARS_DIR}/{pillar}.md": pillar_anchor(pillar) for pillar in schema.PILLARS}
    )
    anchors[SOURCES_PAGE] = COVER_ANCHOR

    contents = [f"## {words['contents']} {{ #contents }}", ""]
    for pillar, members in by_pillar.items():
        if not members:
            continue
        contents.append(f"- [{schema.PILLARS[pillar][lang]}](#{pillar_anchor(pillar)})")
        contents.extend(f"    - [{number[p.id]}. {_link_text(p.title)}](#{p.id})" for p in members)
    blocks = [
        *_cover(lang, colophon),
        "",
        '<nav class="dxp-printall__contents" markdown>',
        "",
        *contents,
        "",
        "</nav>",
    ]

    for pillar, members in by_pillar.items():
        if not members:
            continue
        anchor = pillar_anchor(pillar)
        blocks += ["", '<section class="dxp-printall__pillar" markdown>', ""]
        blocks.append(f"## {schema.PILLARS[pillar][lang]} {{ #{anchor} }}")
        pillar_page = _page_for_build(site, lang, f"{PILLARS_DIR}/{pillar}.md")
        if pillar_page is not None:
            body = embed_body(pillar_page.document.body, shift=1, anchor=anchor)
            blocks += ["", rebase_links(body, pillar_page.rel_path, page_path, anchors)]
        for principle in members:
            blocks += _principle_block(principle, number[principle.id], page_path, anchors)
        blocks += ["", "</section>"]
    return "\n".join(blocks) + "\n"


def _reading_order(by_pillar: Mapping[str, list[Principle]]) -> list[Principle]:
    return [principle for members in by_pillar.values() for principle in members]


def _cover(lang: str, colophon: Colophon) -> list[str]:
    """The print-all cover (raw HTML, one line each): name, edition, what the playbook is drawn
    from part by part, licence and address. Its own sheet on paper; a box on screen."""
    words = labels(lang)
    series = catalogue(lang)["series"]
    parts = []
    for part, title in series["parts"].items():
        kind = "text" if int(part) in schema.SERIES_TEXT_PARTS else "headings"
        line = words[f"cover_part_{kind}"].format(
            part=words["part"].format(part=part), part_title=title
        )
        parts.append(f"<li>{_text(line[:1].upper() + line[1:])}</li>")
    credit = words["cover_credit"].format(
        author=series["author"], series=series["title"], publisher=series["publisher"]
    )
    lines = [
        f'<div class="dxp-printall__cover" id="{COVER_ANCHOR}" data-dxp-no-glossary>',
        f'<p class="dxp-printall__cover-title">{_text(colophon.site_name)}</p>',
        f'<p class="dxp-printall__cover-subtitle">{_text(words["cover"])}</p>',
        f'<p class="dxp-printall__cover-edition">{_text(colophon.edition_stamp)}</p>',
        f'<p class="dxp-printall__cover-credit">{_text(credit)}</p>',
        f'<ul class="dxp-printall__cover-parts">{"".join(parts)}</ul>',
        f'<p class="dxp-printall__cover-licence">{_text(colophon.licence)}</p>',
    ]
    if colophon.address:
        address = _text(words["cover_address"]).replace(
            "{address}", f'<span class="dxp-printall__address">{_text(colophon.address)}</span>'
        )
        lines.append(f"<p>{address}</p>")
    return [*lines, "</div>"]


#: Where the one-page overview of the pillars and principles goes (``meeting/overview.md``).
OVERVIEW_MARKER = "<!-- dxp-overview -->"


def one_line(summary: str) -> str:
    """The first sentence of a principle's summary: its one line on the overview sheet."""
    text = " ".join(summary.split())
    ends = [at + len(mark) for mark in ("。", ". ", "! ", "? ") if (at := text.find(mark)) >= 0]
    return text[: min(ends)].rstrip() if ends else text


def overview_markdown(site: Site, lang: str, page_path: str) -> str:
    """The one-page (A4) overview for a meeting: the four pillars, each with its principles,
    numbered through, each with the first sentence of its summary and a link to its page."""
    blocks = ['<div class="dxp-overview" markdown>', ""]
    number = 0
    for pillar in schema.PILLARS:
        members = [p for p in principles_for_build(site, lang) if p.pillar == pillar]
        if not members:
            continue
        blocks += [f"### {schema.PILLARS[pillar][lang]} {{ #overview-{pillar} }}", ""]
        for principle in members:
            number += 1
            target = posixpath.relpath(
                principle_path(principle.id), posixpath.dirname(page_path) or "."
            )
            blocks.append(
                f"{number}. **[{_link_text(principle.title)}]({target})** "
                f"{md_escape(one_line(principle.summary))}"
            )
        blocks.append("")
    return "\n".join([*blocks, "</div>"]) + "\n"


def _principle_block(
    principle: Principle, number: int, page_path: str, anchors: Mapping[str, str]
) -> list[str]:
    page = principle.page
    body = embed_body(page.document.body, shift=2, anchor=principle.id)
    summary = _text(principle.summary)
    return [
        "",
        f'<section class="dxp-printall__principle" lang="{principle.lang}" markdown>',
        "",
        f"### {number}. {_heading_text(principle.title)} {{ #{principle.id} }}",
        "",
        f'<p class="dxp-printall__summary">{summary}</p>',
        "",
        rebase_links(body, page.rel_path, page_path, anchors),
        "",
        credit_html(principle, f"#{COVER_ANCHOR}"),
        "",
        "</section>",
    ]


def _link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
