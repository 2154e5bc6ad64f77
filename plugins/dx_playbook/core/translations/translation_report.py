"""The translation status of every page, as an HTML table for readers or text for the terminal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.core.translations.translations import PairStatus, State, format_date


@dataclass(frozen=True)
class StatusRow:
    """One page pair with the URLs of its two pages, relative to the page showing the table."""

    status: PairStatus
    original_url: str | None
    translation_url: str | None


def _link(text: str, url: str | None, lang: str | None, reader_lang: str) -> str:
    label = escape(text)
    lang_attr = f' lang="{lang}"' if lang and lang != reader_lang else ""
    if url is None:
        return f"<span{lang_attr}>{label}</span>"
    hreflang = f' hreflang="{lang}"' if lang else ""
    return f'<a href="{escape(url)}"{hreflang}{lang_attr}>{label}</a>'


def counts(statuses: list[PairStatus]) -> dict[str, int]:
    found = Counter(status.state for status in statuses)
    return {state.value: found.get(state, 0) for state in State} | {"total": len(statuses)}


def render_html(rows: list[StatusRow], reader_lang: str, source: str) -> str:
    """A summary and a table: one row per page of the original (in ``source``), for one
    translation language."""
    labels = catalogue(reader_lang)["translation_report"]
    summary = labels["summary"].format(**counts([row.status for row in rows]))
    head = "".join(
        f'<th scope="col">{escape(labels[key])}</th>' for key in ("page", "other", "state", "date")
    )
    body = []
    for row in rows:
        status = row.status
        original = _link(status.original.title, row.original_url, source, reader_lang)
        if status.translation is not None:
            translated = _link(
                status.translation.title, row.translation_url, status.lang, reader_lang
            )
        elif reader_lang == source:
            translated = escape(labels["none"])
        else:
            # Readers of the translation still reach the page: it shows the original.
            translated = _link(status.original.title, row.translation_url, source, reader_lang)
        first, second = (original, translated) if reader_lang == source else (translated, original)
        state = labels["states"][status.state.value]
        date = ""
        if status.record is not None and status.record.date is not None:
            date = (
                f'<time datetime="{status.record.date.isoformat()}">'
                f"{escape(format_date(status.record.date, reader_lang))}</time>"
            )
        body.append(
            f'<tr data-dxp-state="{status.state.value}" data-dxp-path="{escape(status.rel_path)}">'
            f'<th scope="row">{first}</th><td>{second}</td>'
            f'<td><span class="dxp-state dxp-state--{status.state.value}">{escape(state)}</span>'
            f"</td><td>{date}</td></tr>"
        )
    return (
        f'<div class="dxp-translation-status">'
        f'<p class="dxp-translation-status__summary">{escape(summary)}</p>'
        f"<table><caption>{escape(labels['caption'])}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def render_text(statuses: list[PairStatus]) -> str:
    """The table for the terminal: one line per page, aligned, then a summary line."""
    header = ("STATE", "LANG", "CHECKED", "PAGE")
    lines = [header]
    for status in statuses:
        checked = status.record.date.isoformat() if status.record and status.record.date else "-"
        path = (
            status.translation.display_path
            if status.translation is not None
            else f"{status.original.display_path} (no {status.lang} page)"
        )
        lines.append((status.state.value, status.lang, checked, path))
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    text = [
        "  ".join(cell.ljust(width) for cell, width in zip(line[:3], widths, strict=True))
        + "  "
        + line[3]
        for line in lines
    ]
    total = counts(statuses)
    text.append(
        f"{total['total']} pages: {total['current']} current, {total['stale']} stale, "
        f"{total['missing']} missing, {total['untracked']} untracked"
    )
    return "\n".join(text)


def finish_page(
    html: str,
    permalink_titles: tuple[str, str] | None,
    table: str,
    original_lang: str | None,
    source_line: str,
) -> str:
    """A page's HTML with what the translations plugin adds: headers' permalink titles in the
    page's language (``(configured, wanted)``), the status ``table`` of the status page, the
    original's ``lang`` around the text of a page shown untranslated, and the ``source_line``."""
    if permalink_titles is not None:
        configured, wanted = permalink_titles
        html = html.replace(f'title="{configured}"', f'title="{wanted}"')
    html += table
    if original_lang is not None:
        # The original shown in place of a missing translation: the page around it is in
        # the reader's language, so screen readers must be told this part is Japanese.
        html = f'<div class="dxp-original-text" lang="{original_lang}">{html}</div>'
    return html + source_line


def render_updated_line(lang: str, date: str) -> str:
    """The page's last-updated date (``YYYY-MM-DD``), above its source line: when its file last
    changed in the repository, or the edition's date where the history cannot tell."""
    label = escape(catalogue(lang)["updated_line"]["label"])
    return (
        f'<p class="dxp-updated" data-search-exclude>{label} '
        f'<time datetime="{escape(date)}">{escape(date)}</time></p>'
    )


def mailto(address: str, subject: str, body: str) -> str:
    """A ``mailto:`` link that opens the reader's mail program with ``subject`` and ``body``
    written in (lines end CRLF, as RFC 6068 asks); no recipient when ``address`` is empty."""
    lines = "\r\n".join(body.splitlines())
    to, about, text = quote(address, safe="@"), quote(subject, safe=""), quote(lines, safe="")
    return f"mailto:{to}?subject={about}&body={text}"


def render_feedback_line(
    lang: str, *, address: str, title: str, where: str, edition: str, form_url: str | None
) -> str:
    """A page's way to send feedback that works from a closed network: a mail prefilled with
    the page, its address on the site and the edition, and the printable form (issue 20)."""
    texts = catalogue(lang)["feedback_line"]
    values = {"title": title, "where": where, "edition": edition}
    href = mailto(address, texts["subject"].format(**values), texts["body"].format(**values))
    form = ""
    if form_url:
        form = f' · <a href="{escape(form_url)}">{escape(texts["form"])}</a>'
    return (
        f'<p class="dxp-feedback" data-search-exclude><a href="{escape(href)}">'
        + escape(texts["send"])
        + f"</a>{form}</p>"
    )


#: The page with the printable feedback form, in each language folder.
FEEDBACK_PAGE = "about/feedback.md"

#: The contributor area: the folder of each language whose pages are for editors, not readers
#: (out of the reader navigation and search; the source file shown openly there).
CONTRIBUTOR_AREA = "contributing"


def render_source_line(
    lang: str,
    path: str,
    edit_url: str | None = None,
    translation_path: str | None = None,
    *,
    contributor: bool = True,
    guide_url: str | None = None,
) -> str:
    """The line at the end of a page that names the file to edit (and links to the editor).

    ``translation_path``: where the missing translation of a page shown in the original goes.
    Kept out of the search index: it is for contributors, not an answer to a reader's query.
    On a reader's page (``contributor`` false) it sits behind a closed "Fix this page", with a
    link to the contributors' guide (``guide_url``); in the contributor area it is shown.
    """
    texts = catalogue(lang)["source_line"]
    note = ""
    if translation_path:
        note = (
            ' <span class="dxp-source__note">('
            + escape(texts["translation_goes"].format(path=translation_path))
            + ")</span>"
        )
    edit = ""
    if edit_url:
        edit = (
            f' <a href="{escape(edit_url)}" class="dxp-source__edit" rel="edit">'
            f"{escape(texts['edit'])}</a>"
        )
    line = (
        f'<p class="dxp-source" lang="{lang}" data-search-exclude>'
        f'<span class="dxp-source__label">{escape(texts["label"])}</span> '
        f'<code class="dxp-source__path">{escape(path)}</code>{note}{edit}</p>'
    )
    if contributor:
        return line
    how = ""
    if guide_url:
        guide, sentence = escape(texts["guide"]), escape(texts["how"])
        link = f'<a href="{escape(guide_url)}">{guide}</a>'
        how = "<p>" + sentence.replace("{guide}", link) + "</p>"
    summary = escape(texts["summary"])
    return (
        f'<details class="dxp-source-box" lang="{lang}" data-search-exclude>'
        f"<summary>{summary}</summary>{line}{how}</details>"
    )
