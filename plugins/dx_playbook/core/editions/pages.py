"""A town's own pages: ``editions/<slug>/<lang>/pages/<name>.md``.

Each is an ordinary page of the playbook, in the town's words: its DX plan in short, whom to
ask, a page for its own staff. It is published at ``<slug>/<name>/`` in its language, listed
under the town's name in the navigation, found by search and checked as every page is (one
line per mistake, naming the town's file). A page of the original language needs its
translation in each other language the edition publishes, with the same name. Nothing here
imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dx_playbook.core.editions.edition_file import inside
from dx_playbook.core.editions.overlays import PAGES_DIR
from dx_playbook.core.model import schema
from dx_playbook.core.model.local_edition import LocalEdition
from dx_playbook.core.model.site import Page, Problem, Site, read_page

Say = Callable[[str, int | None, str, str], None]


def page_path(edition: LocalEdition, name: str) -> str:
    """Where the town's page ``name`` sits among ours (as if in a language folder)."""
    return f"{edition.slug}/{name}.md"


def add_pages(site: Site, edition: LocalEdition, say: Say) -> list[Page]:
    """Read the edition's own pages of every language it publishes into ``site``."""
    added = []
    for lang in edition.languages:
        folder = edition.folder / lang / PAGES_DIR
        if not folder.is_dir():
            continue
        if not inside(folder, edition.folder / lang):
            continue  # read_overlays reported the link
        for path in sorted(folder.iterdir()):
            shown = f"{edition.display_dir}/{lang}/{PAGES_DIR}/{path.name}"
            if path.is_dir() or path.suffix != ".md" or not schema.is_slug(path.stem):
                say(
                    shown,
                    None,
                    "a town's page is a file named with lowercase letters, digits and hyphens, "
                    "ending in .md",
                    f"rename it, e.g. '{schema.suggest_slug(path.stem)}.md', or remove it",
                )
                continue
            if path.is_symlink() or not inside(path, folder):
                say(shown, None, "a town's page must be a file, not a link", "copy it here")
                continue
            rel_path = page_path(edition, path.stem)
            if site.page(lang, rel_path) is not None:
                say(
                    shown,
                    None,
                    f"the playbook already has docs/{lang}/{rel_path}",
                    "give the town's page another name",
                )
                continue
            problems: list[Problem] = []
            page = read_page(path, edition.folder, lang, problems)
            page = replace(page, rel_path=rel_path, display_path=shown)
            for found in problems:
                say(shown, found.line, found.message, found.fix)
            site.pages[(lang, rel_path)] = page
            added.append(page)
    return added
