"""What the downloads page offers: the offline zip and the checklist and data exports.

The exports are written into the built site's ``downloads/`` folder by another part of the build
(after the pages are rendered), so the page links them by name with plain HTML anchors: MkDocs
checks Markdown links against the docs folder, where these files never are.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

#: The exports, in the order the page lists them, with their descriptions.
EXPORTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("dx-playbook-checklist.ja.xlsx", {"ja": "チェックリスト(Excel、日本語)",
                                       "en": "Checklist (Excel, Japanese)"}),
    ("dx-playbook-checklist.en.xlsx", {"ja": "チェックリスト(Excel、英語)",
                                       "en": "Checklist (Excel, English)"}),
    ("dx-playbook-checklist.ja.csv", {"ja": "チェックリスト(CSV、日本語)",
                                      "en": "Checklist (CSV, Japanese)"}),
    ("dx-playbook-checklist.en.csv", {"ja": "チェックリスト(CSV、英語)",
                                      "en": "Checklist (CSV, English)"}),
    ("playbook.ja.json", {"ja": "プレイブック全体のデータ(JSON、日本語)",
                          "en": "The whole playbook as data (JSON, Japanese)"}),
    ("playbook.en.json", {"ja": "プレイブック全体のデータ(JSON、英語)",
                          "en": "The whole playbook as data (JSON, English)"}),
    ("playbook.schema.json", {"ja": "JSONデータの形式の定義(JSON Schema)",
                              "en": "The format of the JSON data (JSON Schema)"}),
)  # fmt: skip

TEXT = {
    "ja": {
        "zip": "オフライン版(ZIP、{size}、版 {version}、{date}作成)",
        "zip_missing": "オフライン版のZIPは、このサイトにはまだありません"
        "(作る人へ: make bundle で作成されます)。",
        "zip_here": "いまお読みのものがオフライン版です(版 {version}、{date}作成)。"
        "新しい版は、プレイブックのWebサイトのこのページ、"
        "またはこのZIPを配布した担当者から入手してください。",
        "website": "Webサイト: ",
    },
    "en": {
        "zip": "Offline edition (zip, {size}, version {version}, built on {date})",
        "zip_missing": "The offline zip is not on this site yet "
        "(for maintainers: make bundle builds it).",
        "zip_here": "You are reading the offline edition (version {version}, built on {date}). "
        "Get a newer one from this page of the playbook website, "
        "or from whoever gave you the zip.",
        "website": "Website: ",
    },
}


@dataclass(frozen=True)
class OfflineZip:
    #: Link to the zip from the downloads page, or ``None`` when there is none to link.
    href: str | None
    size: int
    version: str
    date: str


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def offline_paragraph(
    zip_file: OfflineZip, lang: str, *, offline: bool, site_url: str | None = None
) -> str:
    """The downloads page's paragraph on the offline edition, as HTML."""
    text = TEXT.get(lang, TEXT["en"])
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
    return (
        f'<p class="dxp-downloads__offline"><a href="{href}" type="application/zip" '
        f'data-dxp-download="offline-zip">{label}</a></p>'
    )


def exports_list(hrefs: dict[str, str], lang: str) -> str:
    """The exports as an HTML list; ``hrefs`` maps each file name to its link."""
    items = []
    for name, descriptions in EXPORTS:
        description = html.escape(descriptions.get(lang, descriptions["en"]))
        href = html.escape(hrefs[name], quote=True)
        items.append(
            f'<li><a href="{href}" data-dxp-download="{html.escape(name, quote=True)}">'
            f"{description}</a> <code>{html.escape(name)}</code></li>"
        )
    return '<ul class="dxp-downloads__exports">\n' + "\n".join(items) + "\n</ul>"
