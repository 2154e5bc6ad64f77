"""What the downloads page offers: the offline zip and the checklist and data exports.

The exports are written into the built site's ``downloads/`` folder by another part of the build
(after the pages are rendered), so the page links them by name with plain HTML anchors: MkDocs
checks Markdown links against the docs folder, where these files never are.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from dx_playbook.core.exports.exports import (
    CHECKLIST_CSV,
    CHECKLIST_XLSX,
    DATASET_JSON,
    DATASET_SCHEMA,
)
from dx_playbook.core.model.languages import Languages
from dx_playbook.core.text.catalogue import catalogue, language_name

#: The exports of each language, in the order the page lists them (each kind in every language,
#: then the format of the data): ``(kind, file name pattern)``. Their descriptions are
#: ``downloads.exports.<kind>`` of each catalogue, ``{language}`` the file's language.
PER_LANGUAGE: tuple[tuple[str, str], ...] = (
    ("xlsx", CHECKLIST_XLSX),
    ("csv", CHECKLIST_CSV),
    ("json", DATASET_JSON),
)


@dataclass(frozen=True)
class Export:
    name: str
    kind: str
    #: The language of the file's text, or ``None`` for the format, which has none.
    lang: str | None


def export_files(languages: Languages) -> list[Export]:
    """Every export the downloads page lists, in order."""
    found = [
        Export(pattern.format(lang=lang), kind, lang)
        for kind, pattern in PER_LANGUAGE
        for lang in languages
    ]
    return [*found, Export(DATASET_SCHEMA, "schema", None)]


@dataclass(frozen=True)
class OfflineZip:
    #: Link to the zip from the downloads page, or ``None`` when there is none to link.
    href: str | None
    size: int
    version: str
    date: str
    #: The zip's SHA-256 (hexadecimal) and the link to its ``.sha256`` file, when published.
    sha256: str | None = None
    checksum_href: str | None = None


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def offline_paragraph(
    zip_file: OfflineZip, lang: str, *, offline: bool, site_url: str | None = None
) -> str:
    """The downloads page's paragraph on the offline edition, as HTML."""
    text: dict[str, Any] = catalogue(lang)["downloads"]
    facts = {"version": zip_file.version, "date": zip_file.date, "size": human_size(zip_file.size)}
    if offline:
        paragraph = html.escape(text["zip_here"].format(**facts))
        if site_url:
            url = html.escape(site_url, quote=True)
            paragraph += f'<br>{text["website"]}<a href="{url}">{html.escape(site_url)}</a>'
        return f'<p class="dxp-downloads__offline">{paragraph}</p>'
    if zip_file.href is None:
        return f'<p class="dxp-downloads__offline">{html.escape(text["zip_missing"])}</p>'
    label = html.escape(text["zip"].format(**facts))
    href = html.escape(zip_file.href, quote=True)
    checksum = ""
    if zip_file.sha256 is not None:
        digest = html.escape(zip_file.sha256)
        checksum = f'<br>{html.escape(text["checksum"])}<code class="dxp-checksum">{digest}</code>'
        if zip_file.checksum_href is not None:
            link = html.escape(zip_file.checksum_href, quote=True)
            checksum += f' (<a href="{link}">{html.escape(text["checksum_file"])}</a>)'
    return (
        f'<p class="dxp-downloads__offline"><a href="{href}" type="application/zip" '
        f'data-dxp-download="offline-zip">{label}</a>{checksum}</p>'
    )


def exports_list(hrefs: dict[str, str], lang: str, languages: Languages) -> str:
    """The exports as an HTML list; ``hrefs`` maps each file name to its link."""
    descriptions = catalogue(lang)["downloads"]["exports"]
    items = []
    for export in export_files(languages):
        name = export.name
        language = language_name(export.lang, lang) if export.lang is not None else ""
        description = html.escape(descriptions[export.kind]).replace("{language}", language)
        href = html.escape(hrefs[name], quote=True)
        items.append(
            f'<li><a href="{href}" data-dxp-download="{html.escape(name, quote=True)}">'
            f"{description}</a> <code>{html.escape(name)}</code></li>"
        )
    return '<ul class="dxp-downloads__exports">\n' + "\n".join(items) + "\n</ul>"
