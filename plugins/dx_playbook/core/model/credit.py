"""What a principle page may say it is drawn from, in words (issue 20).

The editors have read the whole text of some parts of the series
(:data:`~dx_playbook.core.model.schema.SERIES_TEXT_PARTS`); the others they know by title and
section headings alone. So the credit is worked out, never written by hand: from the page's
``series_part`` and ``series_headings``, a page of a part held in full says it is drawn from
that text, and any other page that it was inspired by those headings (or by the part's title)
and that the text is the editors'. No page can claim more than the source gives.

Material other than the series (``references``) is named apart from the credit, in full (title
and publisher), so a reader without a network can ask for it by name; it is never attributed to
the series. Plain text: the views and the handouts escape and place it.
"""

from __future__ import annotations

import html
from typing import Final, Literal

from dx_playbook.core.model import schema
from dx_playbook.core.model.site import Principle
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.core.text.lang import japanese_runs
from dx_playbook.core.text.ui_text import LIST_SEPARATOR, VIEW_TEXT

#: What a page is drawn from: the text of its part, some of its headings, or its title only.
CreditKind = Literal["text", "headings", "title"]
KINDS: Final[tuple[CreditKind, ...]] = ("text", "headings", "title")


def credit_kind(principle: Principle) -> CreditKind:
    """What ``principle`` is drawn from (see the module's text)."""
    if principle.series_part in schema.SERIES_TEXT_PARTS:
        return "text"
    return "headings" if principle.series_headings else "title"


def headings(principle: Principle, lang: str) -> tuple[str, ...]:
    """The section headings ``principle`` names, in ``lang`` (numbers out of range left out:
    validation has reported them)."""
    known = schema.SERIES_HEADINGS[principle.series_part][lang]
    return tuple(known[n - 1] for n in principle.series_headings if 1 <= n <= len(known))


def credit_line(principle: Principle, lang: str, words: dict[str, str]) -> str:
    """The credit of ``principle`` in ``lang``, worded by ``words`` (a catalogue section with
    ``credit_text``, ``credit_headings`` and ``credit_title``)."""
    series = catalogue(lang)["series"]
    view = catalogue(lang)["views"]
    named = headings(principle, lang)
    kind = credit_kind(principle)
    if kind == "text" and not named:
        named = schema.SERIES_HEADINGS[principle.series_part][lang]
    separator: str = catalogue(lang)["separator"]
    return words[f"credit_{kind}"].format(
        series=series["title"],
        author=series["author"],
        publisher=series["publisher"],
        part=words["part"].format(part=principle.series_part)
        if "part" in words
        else principle.series_part,
        part_title=series["parts"][principle.series_part],
        headings=separator.join(view["heading"].format(heading=h) for h in named),
        s="s" if len(named) > 1 else "",
        source=words.get("source", ""),
    )


def references(principle: Principle, lang: str) -> tuple[tuple[str, str, str], ...]:
    """``(publisher, title, published as)`` of each reference of ``principle`` in ``lang``: the
    last is the title it is published under when that is not ``title`` (else empty)."""
    known = schema.REFERENCES[lang]
    return tuple(
        (
            known[ref]["publisher"],
            known[ref]["title"],
            "" if known[ref]["published_as"] == known[ref]["title"] else known[ref]["published_as"],
        )
        for ref in principle.references
        if ref in known
    )


def credit_html(principle: Principle, sources_url: str | None) -> str:
    """The credit of ``principle`` as HTML, the same on its page and on the print-all page: what
    it is drawn from, a link to ``sources_url`` (the sources page, or the print-all cover, which
    carries the same credit on paper), and apart from the series the other material it names."""
    lang = principle.lang
    text = VIEW_TEXT[lang]
    line = html.escape(" ".join(credit_line(principle, lang, text).split()), quote=False)
    if sources_url:
        label = html.escape(" ".join(text["credit_link"].split()), quote=False)
        line += f' · <a href="{html.escape(" ".join(sources_url.split()))}">{label}</a>'
    parts = [
        f'<div class="dxp-credit" data-dxp-credit="{credit_kind(principle)}">',
        f"<p>{line}</p>",
    ]
    named = []
    for publisher, title, published_as in references(principle, lang):
        shown = html.escape(text["reference"].format(publisher=publisher, title=title), quote=False)
        if published_as:
            original = html.escape(published_as, quote=False)
            marked = (
                f'<span lang="ja">{original}</span>' if japanese_runs(published_as) else original
            )
            shown += html.escape(text["published_as"], quote=False).replace("{title}", marked)
        named.append(shown)
    if named:
        listed = html.escape(text["references"], quote=False).replace(
            "{references}", html.escape(LIST_SEPARATOR[lang]).join(named)
        )
        parts.append(f'<p class="dxp-credit__references" data-dxp-references>{listed}</p>')
    parts.append("</div>")
    return "\n".join(parts)
