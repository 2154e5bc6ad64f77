"""The report of external links: every link of the built site that leaves it.

Links are listed, never fetched: CI runs without the internet, and a link checker that fails
when someone else's server is down would block unrelated work. A person reviews the report
(``python scripts/external_links.py site``) before a release. Internal links and anchors are
checked by MkDocs itself (``validation`` in ``mkdocs.yml``, fatal under ``--strict``).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

#: Folders of a built site that hold files, not pages.
NOT_PAGES = ("assets/", "search/", "downloads/")


@dataclass
class ExternalLink:
    """One external URL, the pages that link to it and the texts they link it with."""

    url: str
    pages: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "pages": self.pages, "texts": self.texts}


def is_external(href: str) -> bool:
    """Whether ``href`` leaves the site: an absolute URL other than ``file:`` or ``data:``."""
    href = href.strip()
    if href.startswith("//"):
        return True
    scheme = urlsplit(href).scheme.lower()
    return bool(scheme) and scheme not in ("file", "data", "javascript", "blob", "about")


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        attributes = dict(attrs)
        href = attributes.get("href") or ""
        label = attributes.get("aria-label") or attributes.get("title") or ""
        self._open.append((href, [], label))

    def handle_data(self, data: str) -> None:
        for _, parts, _ in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self._open:
            return
        href, parts, label = self._open.pop()
        text = " ".join("".join(parts).split()) or label.strip()
        if href and is_external(href):
            self.links.append((href.strip(), text))


def links_in(html: str) -> list[tuple[str, str]]:
    """``(url, link text)`` for each external link of one page, in order."""
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.links


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, relative to it, in a stable order."""
    pages = []
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if not relative.startswith(NOT_PAGES):
            pages.append(relative)
    return sorted(pages)


def external_links(site_dir: Path) -> list[ExternalLink]:
    """Every external link of the built site at ``site_dir``, sorted by URL."""
    found: dict[str, ExternalLink] = {}
    for relative in site_pages(site_dir):
        html = (site_dir / relative).read_text(encoding="utf-8", errors="replace")
        for url, text in links_in(html):
            link = found.setdefault(url, ExternalLink(url))
            if relative not in link.pages:
                link.pages.append(relative)
            if text and text not in link.texts:
                link.texts.append(text)
    return [found[url] for url in sorted(found)]


def report_json(links: list[ExternalLink]) -> str:
    return json.dumps([link.as_dict() for link in links], ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(links: list[ExternalLink], *, max_pages: int = 5) -> str:
    """A Markdown table: URL, link text(s), page(s) (the first ``max_pages``, then a count)."""
    lines = [
        f"# External links ({len(links)})",
        "",
        "Listed, not fetched. Check each before a release.",
        "",
        "| URL | Link text | Pages |",
        "|---|---|---|",
    ]
    for link in links:
        pages = ", ".join(link.pages[:max_pages])
        if len(link.pages) > max_pages:
            pages += f" and {len(link.pages) - max_pages} more"
        texts = " / ".join(link.texts) or "(no text)"
        lines.append(f"| <{_cell(link.url)}> | {_cell(texts)} | {_cell(pages)} |")
    return "\n".join(lines) + "\n"
