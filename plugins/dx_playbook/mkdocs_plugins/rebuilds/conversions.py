"""Markdown conversions remembered between the rebuilds of ``mkdocs serve``.

A save under ``mkdocs serve`` rebuilds every page of both languages, and converting Markdown
is the largest part of that: a third of a rebuild for the pages themselves, as much again for
our generated views (the checklist, role and print-all pages). Yet one save changes one page
and the few views that show it. :class:`Conversions` keeps each page's conversion under a key
made of everything the result depends on; a page whose key is unchanged is not converted again
(issue 9: a rebuild within 2 s).

What a conversion depends on, and so what the key holds:

* the Markdown after every plugin's ``on_page_markdown`` (so a view that shows an edited page
  has new Markdown, and is converted again);
* where the page is written, since links are made relative to it;
* every file of the build, with its URL: links to them are checked and rewritten;
* the Markdown extensions and their settings, and MkDocs' link validation settings.

Pages that include other files (``pymdownx.snippets``) are never kept: their Markdown does not
show what they include. Neither are pages whose conversion logged a warning, so that a broken
link is reported again at every rebuild until it is fixed.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: Pages kept (both languages). The real playbook has about 100; synthetic ones up to 2,000.
MAX_PAGES = 5000
#: How ``pymdownx.snippets`` marks an include: such a page's Markdown is not all it shows.
SNIPPET_MARK = "--8<--"


@dataclass(frozen=True)
class Converted:
    """What converting one page produced."""

    html: str
    #: The table of contents, as MkDocs builds it (kept as is: the cache does not read it).
    toc: Any
    #: The title found in the page's first heading, if any.
    title: str | None
    #: IDs a link may point to in this page.
    anchors: frozenset[str] | None
    #: Links to anchors of other pages: ``{target src_uri: {anchor: original link}}``.
    anchor_links: dict[str, dict[str, str]] | None


def fingerprint(parts: Iterable[object]) -> str:
    """One digest for ``parts``, in order (each part by its ``repr``)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class Conversions:
    """Converted pages by key, the least recently used dropped beyond :data:`MAX_PAGES`."""

    def __init__(self, limit: int = MAX_PAGES) -> None:
        self._limit = limit
        self._kept: OrderedDict[str, Converted] = OrderedDict()
        #: Pages converted again, and not, since :meth:`count_from_zero`.
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._kept)

    @staticmethod
    def cacheable(markdown: str) -> bool:
        return SNIPPET_MARK not in markdown

    @staticmethod
    def key(markdown: str, destination: str, build: str) -> str:
        """The key of a page: its final Markdown, where it is written, and the ``build``
        fingerprint (files, extensions, settings) of its language pass."""
        return fingerprint((markdown, destination, build))

    def get(self, key: str) -> Converted | None:
        found = self._kept.get(key)
        if found is None:
            self.misses += 1
            return None
        self._kept.move_to_end(key)
        self.hits += 1
        return found

    def put(self, key: str, converted: Converted) -> None:
        self._kept[key] = converted
        self._kept.move_to_end(key)
        while len(self._kept) > self._limit:
            self._kept.popitem(last=False)

    def count_from_zero(self) -> None:
        self.hits = self.misses = 0

    def clear(self) -> None:
        self._kept.clear()
        self.count_from_zero()
