"""The theme's files, listed once per build or ``mkdocs serve`` session, not at every language
pass and rebuild.

Before each language pass, MkDocs lists every file of the theme's folders to copy the static
ones (``Files.add_files_from_theme`` asks the template environment's loader), and matches each
name against a dozen patterns. Material's folders hold some 14,500 files, 14,350 of them icons
under ``.icons`` that the patterns then leave out one by one: 0.17 s of a 2.1 s rebuild of the
playbook, both languages together.

static-i18n runs a pass per language in one build, each listing the same folders: the
second takes the first's listing (0.1 s of a 3.4 s build of the playbook, measured with
cProfile). Under ``mkdocs serve`` the listing is kept for as long as no folder of the theme
changes.
Adding, removing or renaming a file changes the modification time of the folder that holds it,
and every folder the listing walked is looked at again before the kept listing is used (25 in
Material's templates): so a new stylesheet in ``overrides/`` is copied at the next rebuild, as
without this. A file's contents do not matter here: MkDocs copies the files after listing them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

#: The name MkDocs 1.6 gives the filter it lists the theme's static files with. A listing with
#: another filter, or none, is not kept: what it depends on is not known here.
MKDOCS_THEME_FILTER = "Files.add_files_from_theme.<locals>.filter"

Stamp = tuple[tuple[str, int], ...]


def folder_stamp(roots: Sequence[str]) -> Stamp | None:
    """Every folder under ``roots`` (as the loader walks them: links not followed) with its
    modification time; ``None`` if a root is missing."""
    found: list[tuple[str, int]] = []
    for root in roots:
        try:
            found.append((root, Path(root).stat().st_mtime_ns))
        except OSError:
            return None
        for folder, dirs, _ in os.walk(root):
            for name in dirs:
                path = Path(folder, name)
                try:
                    found.append((str(path), path.lstat().st_mtime_ns))
                except OSError:
                    return None
    return tuple(found)


def unchanged(stamp: Stamp) -> bool:
    """Whether every folder of ``stamp`` still has the modification time it had then."""
    for path, mtime in stamp:
        try:
            if Path(path).lstat().st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


class ThemeListings:
    """The filtered listings of the theme's files, by theme folders and filter settings."""

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], tuple[Stamp, list[str]]] = {}
        #: Listings answered from the kept ones, and listings made, since this was made.
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self._kept.clear()

    def keep_listings_of(self, env: Any, roots: Sequence[str], settings: Sequence[str]) -> None:
        """Make ``env.list_templates`` answer MkDocs' listing of the static files from the kept
        listing while ``roots`` are unchanged. ``settings``: everything else the filter reads
        (the theme's ``static_templates``; MkDocs' Markdown extensions are a constant)."""
        original: Callable[..., list[str]] = env.list_templates
        # static-i18n adds its sitemap folder again at each pass; a folder listed twice gives
        # the same names (the loader's listing is a set).
        roots = tuple(dict.fromkeys(roots))

        def list_templates(
            extensions: Sequence[str] | None = None,
            filter_func: Callable[[str], bool] | None = None,
        ) -> list[str]:
            if (
                extensions is not None
                or filter_func is None
                or getattr(filter_func, "__qualname__", "") != MKDOCS_THEME_FILTER
            ):
                return original(extensions=extensions, filter_func=filter_func)
            key = (roots, tuple(settings))
            kept = self._kept.get(key)
            if kept is not None and unchanged(kept[0]):
                self.hits += 1
                return list(kept[1])
            self.misses += 1
            # The folders first: a file added while the listing runs shows at the next one.
            stamp = folder_stamp(roots)
            names = original(filter_func=filter_func)
            if stamp is not None:
                self._kept[key] = (stamp, list(names))
            return names

        env.list_templates = list_templates
