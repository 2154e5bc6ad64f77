"""What content must leave to the generated features: their pages, files and IDs.

The plugins fill some pages (the dashboard, the role views...), write files into the site (the
browser data, the downloads, the search index) and give elements IDs (checkboxes, tooltips,
the handout view). Content that takes one of those places wins without a word: a page where
the dashboard belongs shows only its own text, a file written to ``assets/data/`` is replaced or
replaces ours, an item whose ID is also a heading's breaks the link to one of them. Each such
clash is a :class:`~dx_playbook.core.model.site.Problem` naming the file, and :func:`check_reserved`
(called at the end of :func:`~dx_playbook.core.authoring.validation.validate_site`) finds them all, so
that ``mkdocs build --strict`` and ``dx-playbook check`` report the same lines.

It also reports checklist lines that Markdown does not show as list items (see
:attr:`~dx_playbook.core.model.structure.Structure.hidden_items`).
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dx_playbook.core.checklists.checklist_html import code_spans
from dx_playbook.core.model import schema
from dx_playbook.core.model.structure import IN_HTML, unfenced

#: An ``id`` given in raw HTML or an attribute list that starts with a reserved prefix.
_WRITTEN_ID = re.compile(r"""(?<![\w-])id[ \t]*+=[ \t]*+["']?+(?P<id>(?:__|dxp-)[^\s"'<>}]*+)""")

if TYPE_CHECKING:
    from dx_playbook.core.glossary.glossary import Glossary
    from dx_playbook.core.model.site import Page, Problem, Site

#: Pages the plugins link to by their path and fill with a view (``dxp_view``): path inside a
#: language folder -> the view it must ask for. Role pages are ``roles/<role>.md``.
VIEW_PAGES: dict[str, str] = {
    "dashboard.md": "dashboard",
    "report.md": "report",
    "checklist.md": "checklist",
    "print-all.md": "print-all",
    "glossary.md": "glossary",
    "about/translation-status.md": "translation-status",
}
_KNOWN_VIEWS = frozenset(
    {
        "role",
        "pillar",
        "dashboard",
        "report",
        "checklist",
        "print-all",
        "glossary",
        "translation-status",
    }
)
#: What links to each of them (for messages).
_LINKED_FROM = {
    "dashboard": "every checklist's 'manage assessments' link leads here",
    "report": "the dashboard links to the one-page report here",
    "checklist": "the navigation offers the whole checklist here",
    "print-all": "the navigation offers the whole playbook for printing here",
    "glossary": "every term's tooltip links to its entry here",
    "translation-status": "every translation notice links here",
    "role": "principle pages and the dashboard link here for the role",
}
#: Folders of the site the theme and the plugins fill (their file names change with versions):
#: folder -> what it holds.
RESERVED_FOLDERS: dict[str, str] = {
    "assets/data/": "the checklist data the plugins write for the browser (assets/data/)",
    "assets/javascripts/": "the theme's and the playbook's scripts (assets/javascripts/)",
    "assets/stylesheets/": "the theme's and the playbook's style sheets (assets/stylesheets/)",
    "assets/vendor/": "the scripts the offline bundle ships (assets/vendor/)",
}
#: Files of the site's root the theme and MkDocs write: path -> what it is.
RESERVED_FILES: dict[str, str] = {
    "404.html": "the page-not-found page",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "search/search_index.json": "the search index",
    "search/search_index.js": "the search index of the offline bundle",
}
#: Heading and item IDs the playbook's pages and views use whatever the content.
RESERVED_IDS: dict[str, str] = {
    "checklist": "the checklist section of every principle page",
    "key-questions": "the key questions section of every principle page",
    "contents": "the table of contents of the print-all page",
    **{f"pillar-{pillar}": "a pillar's section of the print-all page" for pillar in schema.PILLARS},
}
#: Prefixes of IDs that the playbook's plugins and scripts (``dxp-``) and Material (``__``)
#: give elements: ``dxp-box-<item>``, ``dxp-note-<item>``, ``dxp-term-<term>``,
#: ``dxp-handout``, ``__drawer``, ``__search``, ``__toc``, ``__config``...
RESERVED_PREFIXES: dict[str, str] = {
    "dxp-": "the playbook's own elements: its checkboxes, notes, tooltips and handout view",
    "__": "the theme's own elements: its menu, search and table of contents",
}
#: What the checklist script adds to an item's note ID (``dxp-note-<item>``) for its parts.
NOTE_SUFFIXES = ("-text", "-error")


def check_reserved(site: Site, downloads_folder: str = "downloads") -> None:
    """Add a problem to ``site.problems`` for each clash with what the build generates."""
    site.problems.extend(reserved_problems(site, downloads_folder))


def reserved_problems(site: Site, downloads_folder: str = "downloads") -> list[Problem]:
    """Every clash of ``site``'s content with the generated pages, files and IDs, sorted."""
    found = _Finder(site)
    found.view_pages()
    found.site_paths(downloads_folder)
    found.ids()
    found.hidden_items()
    return sorted(found.problems, key=lambda p: (p.path, p.line or 0, p.message))


def glossary_problems(site: Site, glossary: Glossary) -> list[Problem]:
    """Headings of the glossary pages whose ID is also a term's anchor there (the glossary
    plugin gives each term a heading ``{ #<term id> }`` on every ``dxp_view: glossary`` page)."""
    from dx_playbook.core.model.site import Problem

    terms = {term.id: term for term in glossary.terms}
    problems = []
    for page in site.pages.values():
        if not page.readable or page.meta.get("dxp_view") != "glossary":
            continue
        for heading_ids, line in _page_ids(page):
            for anchor in heading_ids:
                term = terms.get(anchor)
                if term is not None:
                    problems.append(
                        Problem(
                            page.display_path,
                            line,
                            f"heading ID '#{anchor}' is also the anchor of the glossary term "
                            f"'{term.id}' ({glossary.path}:{term.line}), which this page lists",
                            f"give the heading another ID, e.g. '{{ #about-{anchor} }}'",
                        )
                    )
                    break
    return problems


# Auto-generated heading IDs ----------------------------------------------------------------------

_LINK_TEXT = re.compile(r"!?\[([^\[\]\n]*+)\]\([^()\n]*+\)")
_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]++")


def toc_slug(text: str) -> str:
    """The ID the ``toc`` extension gives a heading without one, from its Markdown text
    (Python-Markdown's ``slugify``, on the text without link targets and emphasis)."""
    text = _LINK_TEXT.sub(r"\1", text).replace("*", "").replace("`", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", text).strip().lower())


def _page_ids(page: Page) -> Iterable[tuple[tuple[str, ...], int]]:
    """The IDs each heading of ``page`` gets, with its line: its own, or the generated one."""
    for heading in page.structure.headings:
        if heading.id:
            yield (heading.id,), heading.line
        else:
            slug = toc_slug(heading.text)
            yield ((slug,) if slug else ()), heading.line


def _heading_ids(page: Page) -> dict[str, int]:
    ids: dict[str, int] = {}
    for found, line in _page_ids(page):
        for one in found:
            ids.setdefault(one, line)
    return ids


def _generated_ids(page: Page) -> set[str]:
    """IDs the toc extension gives headings of ``page`` that have none (they keep them when
    the page is embedded in the print-all page, where written IDs get a prefix)."""
    return {
        slug
        for heading in page.structure.headings
        if not heading.id
        for slug in (toc_slug(heading.text),)
        if slug
    }


# Paths in the built site -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Output:
    """A file of the docs folder and where the build writes it."""

    shown: str
    lang: str | None
    #: Path in the built site, relative to its root, for directory URLs and for the offline
    #: bundle's file URLs (the same for files that are not pages).
    hosted: str
    offline: str
    page: Page | None = None


def _destinations(rel_path: str) -> tuple[str, str]:
    """Where MkDocs writes the file at ``rel_path`` of a language folder: with directory
    URLs, and with the offline bundle's file URLs."""
    if not rel_path.endswith(".md"):
        return rel_path, rel_path
    folder, name = posixpath.split(rel_path[: -len(".md")])
    prefix = f"{folder}/" if folder else ""
    if name in ("index", "README"):
        return f"{prefix}index.html", f"{prefix}index.html"
    return f"{prefix}{name}/index.html", f"{prefix}{name}.html"


def _docs_files(docs_dir: Path) -> list[str]:
    """Every file of the docs folder MkDocs would read, as a path relative to it (dot files
    and the ``templates`` folder are left out, as MkDocs leaves them out)."""
    found: list[str] = []
    for folder, folders, files in os.walk(docs_dir):
        relative = Path(folder).relative_to(docs_dir).as_posix()
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and not (relative == "." and name == "templates")
        )
        prefix = "" if relative == "." else f"{relative}/"
        found += [f"{prefix}{name}" for name in sorted(files) if not name.startswith(".")]
    return found


class _Finder:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.problems: list[Problem] = []
        #: The heading IDs of each page, by identity, once worked out.
        self._ids_of: dict[int, dict[str, int]] = {}

    def add(self, shown: str, line: int | None, message: str, fix: str) -> None:
        from dx_playbook.core.model.site import Problem

        self.problems.append(Problem(shown, line, message, fix))

    # Pages the views belong on -----------------------------------------------------------

    def view_pages(self) -> None:
        for (_, rel_path), page in sorted(self.site.pages.items()):
            if not page.readable:
                continue
            view = page.meta.get("dxp_view")
            if isinstance(view, str) and view not in _KNOWN_VIEWS:
                continue  # an unknown view: reported with the front matter's checks
            wanted = VIEW_PAGES.get(rel_path)
            role = None
            folder, _, name = rel_path.rpartition("/")
            if folder == "roles" and name.removesuffix(".md") in schema.ROLES:
                wanted, role = "role", name.removesuffix(".md")
            if wanted is None:
                continue
            line = page.document.line_of("dxp_view") if "dxp_view" in page.meta else None
            if view != wanted:
                shown_view = f"'dxp_view: {view}'" if isinstance(view, str) else "no 'dxp_view'"
                self.add(
                    page.display_path,
                    line,
                    f"this is where the generated {wanted} view belongs ({_LINKED_FROM[wanted]}), "
                    f"but the page has {shown_view}, so the view is not on it",
                    f"put 'dxp_view: {wanted}'"
                    + (f" and 'role: {role}'" if role else "")
                    + " in its front matter, or move your page to another file",
                )
            elif (
                role is not None
                and page.meta.get("role") in schema.ROLES
                and page.meta["role"] != role
            ):
                self.add(
                    page.display_path,
                    page.document.line_of("role"),
                    f"this page is where the '{role}' role's view belongs, but it shows "
                    f"the role '{page.meta['role']}'",
                    f"write 'role: {role}' (the '{page.meta['role']}' view belongs in "
                    f"roles/{page.meta['role']}.md)",
                )

    # Files and URLs -------------------------------------------------------------------------

    def site_paths(self, downloads_folder: str) -> None:
        from dx_playbook.core.checklists.progress import DATA_ASSET
        from dx_playbook.core.exports import exports
        from dx_playbook.core.model.site import display_path
        from dx_playbook.core.offline.bundle import CHECKSUM_SUFFIX, bundle_stem

        site = self.site
        folder = downloads_folder.strip("/")
        reserved = dict(RESERVED_FILES)
        for lang in site.languages:
            reserved[DATA_ASSET.format(lang=lang)] = "the checklist data the plugins write"
            for template in (exports.CHECKLIST_XLSX, exports.CHECKLIST_CSV):
                reserved[f"{folder}/{template.format(lang=lang)}"] = "a checklist download"
            reserved[f"{folder}/{exports.DATASET_JSON.format(lang=lang)}"] = "the dataset download"
        for name in (exports.DATASET_SCHEMA, exports.ASSESSMENT_SCHEMA):
            reserved[f"{folder}/{name}"] = "a schema download"
        from dx_playbook import __version__

        stem = bundle_stem(__version__, site.edition.slug if site.edition else "")
        reserved[f"{folder}/{stem}.zip"] = "the offline bundle download"
        reserved[f"{folder}/{stem}.zip{CHECKSUM_SUFFIX}"] = "the offline bundle's checksum"
        pages = {(page.lang, page.rel_path): page for page in site.pages.values()}
        outputs: list[_Output] = []
        for relative in _docs_files(site.docs_dir):
            lang, _, rest = relative.partition("/")
            shown = display_path(site.docs_dir / relative, site.docs_dir)
            if lang in site.languages and rest:
                page = pages.get((lang, rest))
                if page is not None and not page.readable:
                    continue  # left out of the build; its problem is reported
                hosted, offline = _destinations(rest)
                outputs.append(_Output(shown, lang, hosted, offline, page))
            elif not relative.endswith(".md"):
                outputs.append(_Output(shown, None, relative, relative))
        self._against_generated(outputs, reserved)
        self._against_each_other(outputs)

    def _against_generated(self, outputs: list[_Output], reserved: dict[str, str]) -> None:
        source = self.site.languages.source
        others = self.site.languages.translations
        for output in outputs:
            if output.lang not in (None, source):
                continue  # written under its language's folder, where nothing is generated
            for path in dict.fromkeys((output.hosted, output.offline)):
                what = reserved.get(path)
                if what is None:
                    what = next(
                        (
                            described
                            for prefix, described in RESERVED_FOLDERS.items()
                            if path.startswith(prefix)
                        ),
                        None,
                    )
                if what is None and path.split("/", 1)[0] in others:
                    what = f"the {path.split('/', 1)[0]} site's folder ({path.split('/', 1)[0]}/)"
                if what is not None:
                    self.add(
                        output.shown,
                        None,
                        f"the build would write this file to '{path}', which belongs to {what}: "
                        "one of the two silently replaces the other",
                        "rename the file or move it to another folder",
                    )
                    break

    def _against_each_other(self, outputs: list[_Output]) -> None:
        """Files whose outputs are the same file (ignoring capitals, as Windows does when the
        offline bundle is unzipped): the later one is reported, a generated view's page kept."""
        source = self.site.languages.source
        for lang in self.site.languages:
            mine = [output for output in outputs if output.lang == lang]
            if lang != source:
                # Pages missing in this language are built from the original's.
                have = {output.hosted for output in mine}
                mine += [
                    output
                    for output in outputs
                    if output.lang == source
                    and output.page is not None
                    and output.hosted not in have
                ]
            mine.sort(key=lambda o: (not (o.page and o.page.meta.get("dxp_view")), o.shown))
            reported: set[str] = set()
            for attribute in ("hosted", "offline"):
                seen: dict[str, _Output] = {}
                for output in mine:
                    key = getattr(output, attribute).casefold()
                    first = seen.setdefault(key, output)
                    if first is output or output.lang != lang or output.shown in reported:
                        continue
                    if first.shown.rsplit("/", 1)[0] == output.shown.rsplit("/", 1)[0] and (
                        first.shown.endswith(("/index.md", "/README.md"))
                        and output.shown.endswith(("/index.md", "/README.md"))
                    ):
                        continue  # MkDocs warns of README.md beside index.md itself
                    path = getattr(output, attribute)
                    mode = "" if attribute == "hosted" else " in the offline bundle"
                    capitals = "" if getattr(first, attribute) == path else " (capitals aside)"
                    reported.add(output.shown)
                    self.add(
                        output.shown,
                        None,
                        f"the build writes this file to '{path}'{mode}, as it writes "
                        f"{first.shown}{capitals}, so one of them silently replaces the other",
                        "rename or move one of the two files",
                    )

    # IDs -------------------------------------------------------------------------------------

    def ids(self) -> None:
        site = self.site
        for lang in site.languages:
            pages = [page for page in site.pages_in(lang) if page.readable]
            for page in pages:
                self._reserved_headings(page)
                self._reserved_html_ids(page)
            principles = site.principles.get(lang, {})
            item_ids = {item.id for page in pages for item in page.structure.items}
            views = {
                view: [page for page in pages if page.meta.get("dxp_view") == view]
                for view in ("role", "checklist", "print-all")
            }
            embedded: dict[str, str] = {}
            if views["print-all"]:
                for principle_id in principles:
                    embedded.setdefault(
                        principle_id,
                        f"the print-all page's anchor of the principle '{principle_id}'",
                    )
                for page in pages:
                    if page.is_principle or page.rel_path.startswith("pillars/"):
                        for slug in _generated_ids(page):
                            embedded.setdefault(
                                slug, f"a heading of {page.display_path}, on the print-all page"
                            )
            for page in pages:
                principle = principles.get(str(page.meta.get("id")))
                shown_on = [page]
                if principle is not None and principle.page is page:
                    shown_on += [
                        view for view in views["role"] if view.meta.get("role") in principle.roles
                    ]
                    shown_on += views["checklist"] + views["print-all"]
                on_print_all = principle is not None and principle.page is page
                for item in page.structure.items:
                    clash = self._item_clash(
                        item.id, page, shown_on, item_ids, embedded if on_print_all else {}
                    )
                    if clash is not None:
                        self.add(
                            page.display_path,
                            item.line,
                            f"checklist item ID '{item.id}' is also the ID of {clash}, so a "
                            "link to one of them leads to the other",
                            f"give the item an ID of its own that never changes, e.g. "
                            f"'{{ #{_suggest(page, item.id)} }}'",
                        )

    def _reserved_headings(self, page: Page) -> None:
        for heading in page.structure.headings:
            if heading.id is None:
                continue
            for prefix, what in RESERVED_PREFIXES.items():
                if heading.id.startswith(prefix):
                    self.add(
                        page.display_path,
                        heading.line,
                        f"heading ID '#{heading.id}' starts with '{prefix}': such IDs are kept "
                        f"for {what}",
                        f"give the heading an ID without '{prefix}' at its start, e.g. "
                        f"'{{ #{heading.id.lstrip('_').removeprefix('dxp-') or 'section'} }}'",
                    )
                    break

    def _reserved_html_ids(self, page: Page) -> None:
        """An ``id`` written in raw HTML or an attribute list (``{ id="..." }``) is held to
        the same prefixes as a heading's: the theme's script finds its parts by them."""
        body = page.document.body
        if "id" not in body:
            return
        lines = body.split("\n")
        for index, line in unfenced(lines):
            if "id" not in line:
                continue
            code = code_spans(line) if "`" in line else []
            for match in _WRITTEN_ID.finditer(line):
                if any(start <= match.start() < end for start, end in code):
                    continue
                written = match.group("id")
                prefix = "__" if written.startswith("__") else "dxp-"
                self.add(
                    page.display_path,
                    page.document.body_start + index,
                    f"id '{written}' starts with '{prefix}': such IDs are kept for "
                    f"{RESERVED_PREFIXES[prefix]}",
                    f"give the element an ID without '{prefix}' at its start",
                )

    def _item_clash(
        self,
        item_id: str,
        page: Page,
        shown_on: list[Page],
        item_ids: set[str],
        embedded: dict[str, str],
    ) -> str | None:
        """What else has the ID ``item_id`` on a page that shows the item, if anything."""
        for prefix, what in RESERVED_PREFIXES.items():
            if item_id.startswith(prefix):
                return f"one of {what} (every ID starting with '{prefix}' is kept for them)"
        if item_id in RESERVED_IDS:
            return RESERVED_IDS[item_id]
        for suffix in NOTE_SUFFIXES:
            base = item_id.removesuffix(suffix)
            if base != item_id and base in item_ids:
                return (
                    f"a part of the note of the item '{base}' (its note's '{suffix[1:]}' is "
                    f"'dxp-note-{item_id}', the note of this item too)"
                )
        for other in shown_on:
            if id(other) not in self._ids_of:
                self._ids_of[id(other)] = _heading_ids(other)
            line = self._ids_of[id(other)].get(item_id)
            if line is not None:
                if other is page:
                    return f"a heading of this page (line {line})"
                return f"a heading of {other.display_path} (line {line}), a page that lists it"
        return embedded.get(item_id)

    # Checklist lines Markdown does not show ---------------------------------------------------

    def hidden_items(self) -> None:
        for page in self.site.pages.values():
            if not page.readable:
                continue
            for line, text, why in page.structure.hidden_items:
                short = text if len(text) <= 30 else text[:27] + "..."
                if why == IN_HTML:
                    self.add(
                        page.display_path,
                        line,
                        f"checklist line '{short}' is inside an HTML block, which Markdown "
                        "does not read: it shows as text, not a checkbox, and is in no export",
                        'move the line out of the HTML block, or add markdown="1" to the '
                        "block's opening tag",
                    )
                else:
                    self.add(
                        page.display_path,
                        line,
                        f"checklist line '{short}' continues the text above it: Markdown shows "
                        "it as text, not a checkbox, and it is in no export",
                        "put a blank line above it (a sub-item goes four spaces in, under its "
                        "item)",
                    )


def _suggest(page: Page, item_id: str) -> str:
    """A new ID for an item that clashes: the page's ID (or name) before it."""
    base = item_id.removeprefix("dxp-").strip("-") or "step"
    owner = str(page.meta.get("id")) if schema.is_slug(page.meta.get("id")) else page.slug
    candidate = base if base.startswith(f"{owner}-") else f"{owner}-{base}"
    if candidate == item_id:
        candidate = f"{item_id}-item"
    return candidate if schema.is_slug(candidate) else schema.suggest_slug(candidate)


__all__ = [
    "RESERVED_FILES",
    "RESERVED_FOLDERS",
    "RESERVED_IDS",
    "RESERVED_PREFIXES",
    "VIEW_PAGES",
    "check_reserved",
    "glossary_problems",
    "reserved_problems",
    "toc_slug",
]
