"""Printed forms of the playbook, generated from the content model.

* A **handout** (1枚もの) per principle and language: title, summary, checklist with boxes and key
  questions on one A4 sheet, for meetings and workshops. :func:`handout_markdown` writes it.
* The **print-all** page: every pillar and principle on one page with a table of contents, for
  printing or saving as PDF. :func:`print_all_markdown` writes its generated part.

Both are Markdown that the normal pipeline renders, so checklist items become the same checkboxes
(whose ticks the reader's browser restores) and links are checked like any other. Text moved from
``principles/x.md`` to another page has its relative links rebased (:func:`rebase_links`).
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from dx_playbook.core import schema
from dx_playbook.core.site import Page, Principle, Site
from dx_playbook.core.structure import FENCE, HEADING, HEADING_ID

#: Where the handouts live inside each language folder: ``handouts/<id>.md``. One level deep,
#: like ``principles/``, so that ``../`` links mean the same thing on both.
HANDOUTS_DIR = "handouts"
PILLARS_DIR = "pillars"
HANDOUT_VIEW = "handout"
PRINT_ALL_VIEW = "print-all"

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "handout": "1枚もの",
        "print_handout": "1枚ものを印刷",
        "checklist": "チェックリスト",
        "questions": "問いかけ",
        "pillar": "柱",
        "roles": "対象",
        "series": "連載",
        "part": "第{part}回",
        "contents": "目次",
        "full_page": "原則のページ",
        "hint": "このページはA4用紙1枚に収まるように組んであります。"
        "ブラウザの印刷機能(Ctrl+P、Macは⌘+P)で印刷してください。",
        "source": "出典",
        "license": "本文 CC BY 4.0",
        "separator": "、",
        "notes": "メモ",
    },
    "en": {
        "handout": "One-page handout",
        "print_handout": "Print one-page handout",
        "checklist": "Checklist",
        "questions": "Key questions",
        "pillar": "Pillar",
        "roles": "For",
        "series": "Series",
        "part": "part {part}",
        "contents": "Contents",
        "full_page": "Principle page",
        "hint": "This page is laid out to fit one A4 sheet. "
        "Print it with your browser (Ctrl+P, or ⌘+P on a Mac).",
        "source": "Source",
        "license": "Text CC BY 4.0",
        "separator": ", ",
        "notes": "Notes",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


# --- Links ---------------------------------------------------------------------------------------

_INLINE_LINK = re.compile(r"(?P<head>!?\[[^\]\n]*\]\()(?P<target>[^)\s]+)(?P<tail>[^)\n]*\))")
_REFERENCE = re.compile(r"^(?P<head>[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<target>\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")


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
    out: list[str] = []
    in_fence = False
    title_dropped = not drop_title
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        heading = None if in_fence else HEADING.match(line)
        if heading is None:
            out.append(line if in_fence else _FOOTNOTE.sub(rf"[^{anchor}-\g<label>]", line))
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


def handout_path(principle_id: str) -> str:
    return f"{HANDOUTS_DIR}/{principle_id}.md"


def principle_path(principle_id: str) -> str:
    return f"{schema.PRINCIPLES_DIR}/{principle_id}.md"


#: A Latin letter in the proportional sans-serif type is about nine tenths of half a kanji wide.
NARROW_CELL = 0.9


def display_width(text: str) -> float:
    """Width in half-width cells: a kanji or kana takes two, a Latin letter about one."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else NARROW_CELL for char in text)


_MARKUP = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|[*_`]|\{[^}\n]*\}|<[^>\n]+>")


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
    return max(1, math.ceil(display_width(plain_text(text)) / cells))


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


@dataclass(frozen=True)
class Handout:
    principle: Principle
    #: The language the handout is built for (a missing translation falls back to Japanese).
    lang: str
    markdown: str
    density: Density
    fits: bool


def _series_credit(principle: Principle, lang: str) -> str:
    words = labels(lang)
    series = schema.SERIES
    title = series["title"][lang]  # type: ignore[index]
    author = series["author"][lang]  # type: ignore[index]
    part_title = schema.SERIES_PART_TITLES.get(principle.series_part, {}).get(lang, "")
    part = words["part"].format(part=principle.series_part)
    if lang == "ja":
        return f"{words['source']}: {author}「{title}」{part}「{part_title}」"
    return f'{words["source"]}: {author}, "{title}", {part}: "{part_title}"'


def _meta_line(principle: Principle, lang: str) -> str:
    words = labels(lang)
    pillar = schema.PILLARS.get(principle.pillar, {}).get(lang, principle.pillar)
    roles = words["separator"].join(
        schema.ROLES.get(role, {}).get(lang, role) for role in principle.roles
    )
    parts = [f"{words['pillar']}: {pillar}"]
    if roles:
        parts.append(f"{words['roles']}: {roles}")
    return " · ".join(parts)


def handout_markdown(
    principle: Principle, lang: str, *, site_name: str, edition_stamp: str
) -> Handout:
    """The handout page of ``principle`` for the ``lang`` build, as Markdown with front matter."""
    words = labels(lang)
    density, fits = choose_density(principle, lang)
    source, target = principle_path(principle.id), handout_path(principle.id)
    items = "\n".join(
        f"- [ ] {rebase_links(item.text, source, target)} {{ #{item.id} }}"
        for item in principle.items
    )
    questions = "\n".join(
        f"- {rebase_links(question, source, target)}" for question in principle.questions
    )
    title = principle.title
    page_link = posixpath.relpath(source, HANDOUTS_DIR)
    # An untranslated principle shows the Japanese text in the English build: mark that text.
    text_lang = f' lang="{principle.lang}"' if principle.lang != lang else ""
    heading_lang = f" lang={principle.lang}" if text_lang else ""
    markdown = f"""---
title: {_yaml_string(f"{title} ({words['handout']})")}
dxp_view: {HANDOUT_VIEW}
template: dxp-handout.html
search:
  exclude: true
hide:
  - navigation
  - toc
  - footer
---

<p class="dxp-print-hint">{_text(words["hint"])}</p>

<article class="dxp-handout dxp-handout--{density.name}" markdown>

<p class="dxp-handout__kicker">{_text(site_name)} · {_text(words["handout"])}</p>

# {_heading_text(title)} {{ #title{heading_lang} }}

<p class="dxp-handout__meta">{_text(_meta_line(principle, lang))}</p>

<p class="dxp-handout__summary"{text_lang}>{_text(principle.summary)}</p>

<section class="dxp-handout__checklist" markdown>

## {words["checklist"]} {{ #checklist }}

<div{text_lang} markdown>

{items}

</div>

</section>

<section class="dxp-handout__questions" markdown>

## {words["questions"]} {{ #key-questions }}

<div{text_lang} markdown>

{questions}

</div>

</section>

<div class="dxp-handout__notes" aria-hidden="true"><p>{_text(words["notes"])}</p></div>

<footer class="dxp-handout__footer" markdown>
{_text(_series_credit(principle, lang))} · {_text(words["license"])}<br>
{_text(site_name)} · {_text(edition_stamp)} ·
[{words["full_page"]}]({page_link})
</footer>

</article>
"""
    return Handout(principle, lang, markdown, density, fits)


def _text(text: str) -> str:
    """``text`` on one line, safe as HTML text (quotes stay: they are not in an attribute).

    One line, because a blank line inside a raw HTML block would end the block in Markdown.
    """
    return html.escape(" ".join(text.split()), quote=False)


def _yaml_string(text: str) -> str:
    text = " ".join(text.split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    for original in site.principles_in(schema.SOURCE_LANGUAGE):
        ordered.append(own.pop(original.id, original))
    ordered.extend(own.values())
    pillar_rank = {name: rank for rank, name in enumerate(schema.PILLARS)}
    return sorted(ordered, key=lambda p: (pillar_rank[p.pillar], p.order, p.id))


def handouts_for_build(
    site: Site, lang: str, *, site_name: str, edition_stamp: str
) -> list[Handout]:
    return [
        handout_markdown(principle, lang, site_name=site_name, edition_stamp=edition_stamp)
        for principle in principles_for_build(site, lang)
    ]


def handout_link_markdown(principle_id: str, lang: str) -> str:
    """The link a principle page carries to its handout (hidden in print)."""
    target = posixpath.relpath(handout_path(principle_id), schema.PRINCIPLES_DIR)
    return f"[{labels(lang)['print_handout']}]({target}){{ .dxp-handout-link }}"


def add_handout_link(markdown: str, principle_id: str, lang: str) -> str:
    """``markdown`` of a principle page with the handout link under its title."""
    link = handout_link_markdown(principle_id, lang)
    lines = markdown.split("\n")
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            lines[index + 1 : index + 1] = ["", link, ""]
            return "\n".join(lines)
    return f"{link}\n\n{markdown}"


# --- Print-all -----------------------------------------------------------------------------------


def pillar_anchor(pillar: str) -> str:
    return f"pillar-{pillar}"


def _page_for_build(site: Site, lang: str, rel_path: str) -> Page | None:
    page = site.page(lang, rel_path)
    if page is None or not page.readable:
        page = site.page(schema.SOURCE_LANGUAGE, rel_path)
    return page if page is not None and page.readable else None


def print_all_markdown(site: Site, lang: str, page_path: str) -> str:
    """The generated part of the print-all page at ``page_path``: a table of contents, then every
    pillar (its page's text) and every principle (its whole page), in reading order."""
    words = labels(lang)
    principles = principles_for_build(site, lang)
    by_pillar: dict[str, list[Principle]] = {pillar: [] for pillar in schema.PILLARS}
    for principle in principles:
        by_pillar[principle.pillar].append(principle)
    anchors = {principle_path(p.id): p.id for p in principles}
    anchors.update(
        {f"{PILLARS_DIR}/{pillar}.md": pillar_anchor(pillar) for pillar in schema.PILLARS}
    )

    contents = [f"## {words['contents']} {{ #contents }}", ""]
    for pillar, members in by_pillar.items():
        if not members:
            continue
        contents.append(f"1. [{schema.PILLARS[pillar][lang]}](#{pillar_anchor(pillar)})")
        contents.extend(f"    1. [{_link_text(p.title)}](#{p.id})" for p in members)
    blocks = ['<nav class="dxp-printall__contents" markdown>', "", *contents, "", "</nav>"]

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
            blocks += _principle_block(principle, page_path, anchors)
        blocks += ["", "</section>"]
    return "\n".join(blocks) + "\n"


def _principle_block(principle: Principle, page_path: str, anchors: Mapping[str, str]) -> list[str]:
    page = principle.page
    body = embed_body(page.document.body, shift=2, anchor=principle.id)
    summary = _text(principle.summary)
    return [
        "",
        f'<section class="dxp-printall__principle" lang="{principle.lang}" markdown>',
        "",
        f"### {_heading_text(principle.title)} {{ #{principle.id} }}",
        "",
        f'<p class="dxp-printall__summary">{summary}</p>',
        "",
        rebase_links(body, page.rel_path, page_path, anchors),
        "",
        "</section>",
    ]


def _link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")
