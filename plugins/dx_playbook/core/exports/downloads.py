"""What the downloads page offers: the offline zip and the checklist and data exports.

The exports are written into the built site's ``downloads/`` folder by another part of the build
(after the pages are rendered), so the page links them by name with plain HTML anchors: MkDocs
checks Markdown links against the docs folder, where these files never are.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from dx_playbook.core.model import schema
from dx_playbook.core.text.catalogue import catalogue

#: The exports, in the order the page lists them; their descriptions are ``downloads.exports``
#: of each catalogue, by file name.
EXPORT_NAMES: tuple[str, ...] = (
    "dx-playbook-checklist.ja.xlsx",
    "dx-playbook-checklist.en.xlsx",
    "dx-playbook-checklist.ja.csv",
    "dx-playbook-checklist.en.csv",
    "playbook.ja.json",
    "playbook.en.json",
    "playbook.schema.json",
)
#: Each export with its description in each language: ``(name, {"ja": ..., "en": ...})``.
EXPORTS: tuple[tuple[str, dict[str, str]], ...] = tuple(
    (name, {lang: catalogue(lang)["downloads"]["exports"][name] for lang in schema.LANGUAGES})
    for name in EXPORT_NAMES
)


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


def exports_list(hrefs: dict[str, str], lang: str) -> str:
    """The exports as an HTML list; ``hrefs`` maps each file name to its link."""
    descriptions = catalogue(lang)["downloads"]["exports"]
    items = []
    for name in EXPORT_NAMES:
        description = html.escape(descriptions[name])
        href = html.escape(hrefs[name], quote=True)
        items.append(
            f'<li><a href="{href}" data-dxp-download="{html.escape(name, quote=True)}">'
            f"{description}</a> <code>{html.escape(name)}</code></li>"
        )
    return '<ul class="dxp-downloads__exports">\n' + "\n".join(items) + "\n</ul>"
