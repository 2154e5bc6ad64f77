"""The whole playbook as data: every page of every language, read from the docs folder.

``load_site`` never raises on bad content: what it cannot read becomes a :class:`Problem` and the
page is kept with what could be read, so that one mistake does not hide the others.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import Document, FrontMatterError, parse
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.local_edition import EDITIONS_DIR
from dx_playbook.core.model.structure import ChecklistItem, Structure, parse_body

if TYPE_CHECKING:
    from dx_playbook.core.model.changelog import Release
    from dx_playbook.core.model.local_edition import LocalEdition

#: Larger pages are refused: they would bloat every export and the search index.
MAX_PAGE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: where, what, and how to fix it."""

    path: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}. Fix: {self.fix}"


@dataclass
class Page:
    """One Markdown file of one language."""

    lang: str
    #: Path inside the language folder, with forward slashes: ``principles/act-now.md``.
    rel_path: str
    #: Path shown to contributors, relative to the project: ``docs/ja/principles/act-now.md``.
    display_path: str
    source: str
    document: Document
    structure: Structure
    readable: bool = True
    #: Left out of the build: MkDocs or Material could fail on its front matter, it
    #: includes a snippet that was refused, or Markdown cannot convert its body (nested too
    #: deeply, or too slow to). Its problem is reported (validation sets this).
    refused: bool = False
    #: A page an edition's overlay was merged into: for each of its lines, the file and line it
    #: came from (ours, or the overlay's); ``None`` for a page as written.
    origins: tuple[tuple[str, int], ...] | None = None
    #: For a merged page, our page as written (what its translation tracks); ``None`` for a
    #: page as written, whose :attr:`document` it is.
    written: Document | None = None

    def located(self, problem: Problem) -> Problem:
        """``problem`` of this page, naming the file and line it came from: for a merged page,
        the overlay's or ours; for any other, as it is."""
        if (
            self.origins is None
            or problem.path != self.display_path
            or not problem.line
            or problem.line > len(self.origins)
        ):
            return problem
        path, line = self.origins[problem.line - 1]
        return replace(problem, path=path, line=line)

    @property
    def from_edition(self) -> bool:
        """A town's own page (``editions/<slug>/<lang>/pages/``), not one of ours."""
        return self.display_path.startswith(EDITIONS_DIR + "/")

    @property
    def decoded(self) -> bool:
        """False when the file could not even be read as text (too large, not UTF-8)."""
        return self.readable or bool(self.source)

    @property
    def meta(self) -> dict[str, Any]:
        return self.document.meta

    @property
    def is_principle(self) -> bool:
        return (
            self.rel_path.startswith(schema.PRINCIPLES_DIR + "/")
            and self.rel_path.count("/") == 1
            and not self.rel_path.endswith("/index.md")
        )

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        return self.structure.title or Path(self.rel_path).stem

    @property
    def slug(self) -> str:
        return Path(self.rel_path).stem

    @property
    def url(self) -> str:
        """URL of the page relative to its language root, with directory URLs."""
        path = self.rel_path[: -len(".md")]
        if path == "index" or path.endswith("/index"):
            path = path[: -len("index")]
        else:
            path += "/"
        return path


@dataclass(frozen=True)
class Principle:
    """A principle page whose front matter passed validation."""

    id: str
    lang: str
    title: str
    pillar: str
    series_part: int
    roles: tuple[str, ...]
    summary: str
    order: int
    items: tuple[ChecklistItem, ...]
    questions: tuple[str, ...]
    page: Page
    #: The section headings of its part it draws on, by number (``series_headings``); none: the
    #: part's title. What its credit may claim follows (:mod:`dx_playbook.core.model.credit`).
    series_headings: tuple[int, ...] = ()
    #: Material other than the series it names (``references``: IDs of the catalogues').
    references: tuple[str, ...] = ()


@dataclass
class Site:
    """Every language of the playbook."""

    docs_dir: Path
    #: The languages the configuration declares, the original first.
    languages: Languages = PLAYBOOK
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    principles: dict[str, dict[str, Principle]] = field(default_factory=dict)
    #: Paths relative to ``docs_dir`` (files, or folders with all they hold) that the build
    #: must leave out; each has its problem. Pages that must be left out are marked on the
    #: page instead (see :attr:`Page.decoded` and :attr:`Page.refused`).
    excluded: list[str] = field(default_factory=list)
    #: The site folder the build writes the downloads into (no page may take its place).
    downloads_folder: str = "downloads"
    #: What changed in each edition, newest first (``data/changelog.yml``).
    changelog: tuple[Release, ...] = ()
    #: The search thesaurus: per language, groups of words that mean the same
    #: (``data/synonyms.yml``).
    synonyms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    #: The town's edition merged into the pages (``dx-playbook build --edition``), if any.
    edition: LocalEdition | None = None
    #: The items of ours that the edition leaves out.
    hidden_items: frozenset[str] = frozenset()

    def page(self, lang: str, rel_path: str) -> Page | None:
        return self.pages.get((lang, rel_path))

    def pages_in(self, lang: str) -> list[Page]:
        return [page for (page_lang, _), page in sorted(self.pages.items()) if page_lang == lang]

    def principles_in(self, lang: str) -> list[Principle]:
        """Principles of ``lang`` in reading order: by pillar, then ``order``, then ID."""
        pillar_rank = {name: rank for rank, name in enumerate(schema.PILLARS)}
        found = self.principles.get(lang, {}).values()
        return sorted(found, key=lambda p: (pillar_rank[p.pillar], p.order, p.id))


def display_path(path: Path, docs_dir: Path) -> str:
    """``docs/ja/x.md`` style path for messages: relative to the docs folder's parent."""
    try:
        return path.relative_to(docs_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


class UnreadableError(Exception):
    """A file that was not read, with what to tell the contributor."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_bytes_safely(path: Path, limit: int, what: str = "page") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Never blocks: the file is opened without waiting (a FIFO would otherwise wait for a writer
    for ever) and checked to be a regular file on the open handle itself. Raises
    :class:`UnreadableError` for a folder, a FIFO or other special file, a file larger than
    ``limit`` bytes, and one that cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise UnreadableError(
            "this link leads to nothing", f"remove the link, or put the {what} itself here"
        ) from None
    except OSError as error:
        raise UnreadableError(
            f"the file cannot be read ({error.strerror or error})",
            "make it a readable ordinary file (check its permissions)",
        ) from None
    try:
        status = os.fstat(handle)
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableError(
                f"this is a folder, not a {what} file",
                f"name a {what} file, not a folder"
                if what != "page"
                else "rename the folder (or move its files out and delete it)",
            )
        if not stat.S_ISREG(mode):
            raise UnreadableError(
                f"this is {_kind_of(mode)}, not an ordinary file",
                f"delete it and save the {what} as an ordinary file",
            )
        # The size the file reports first (nothing is read of a file too large), then what is
        # read, at most one byte over the limit (a file may grow, or report no size at all).
        chunks, size = [], status.st_size
        if size <= limit:
            size = 0
            while size <= limit:
                chunk = os.read(handle, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as error:
        raise UnreadableError(
            f"the file cannot be read ({error.strerror or error})",
            "make it a readable ordinary file (check its permissions)",
        ) from None
    finally:
        os.close(handle)
    if size > limit:
        fix = "split it into several pages" if what == "page" else f"split it into several {what}s"
        raise UnreadableError(
            f"the {what} is {-(-size // 1024)} KB, over the {limit // 1024} KB limit", fix
        )
    return b"".join(chunks)


def read_page(path: Path, docs_dir: Path, lang: str, problems: list[Problem]) -> Page:
    """Read one file; every problem found is appended to ``problems``."""
    shown = display_path(path, docs_dir)
    rel_path = path.relative_to(docs_dir / lang).as_posix()
    empty = Page(lang, rel_path, shown, "", Document({}, ""), Structure(), readable=False)
    try:
        data = read_bytes_safely(path, MAX_PAGE_BYTES)
    except UnreadableError as error:
        problems.append(Problem(shown, None, error.message, error.fix))
        return empty
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                shown,
                None,
                f"the file is not UTF-8 text (byte {error.start})",
                "save it as UTF-8 in your editor",
            )
        )
        return empty
    try:
        document = parse(source)
        readable = True
    except FrontMatterError as error:
        problems.append(Problem(shown, error.line, error.message, error.fix))
        # MkDocs reads front matter itself: what is refused here must not reach it.
        return Page(
            lang,
            rel_path,
            shown,
            source,
            Document({}, ""),
            Structure(),
            readable=False,
            refused=True,
        )
    if not document.body.strip() and not document.meta.get("dxp_view"):
        problems.append(Problem(shown, None, "the page is empty", "write its content or delete it"))
    structure = parse_body(document.body, document.body_start)
    return Page(lang, rel_path, shown, source, document, structure, readable)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


#: A folder linked from outside the docs folder is listed, not read: at most this many entries.
_MAX_LISTED_ENTRIES = 20000


@dataclass
class _Walk:
    """Finds the Markdown files of the language folders as MkDocs does, following links.

    MkDocs walks the docs folder following links to folders. Here a link to a folder inside the
    docs folder is followed, unless it leads back to a folder it is in (one problem, and the
    folder is left out of the build). A folder whose real path is outside the docs folder is
    listed but nothing in it is read: its pages are kept as unreadable pages (so that
    translations and commands such as ``i18n mark-current`` see them, and refuse them), and the
    build leaves them out. Its one problem is reported here when it is inside the project, and
    by :func:`dx_playbook.core.authoring.sources.check_sources` when it is outside (which also leaves the
    folder out of the build). Links to files are read (see :func:`read_page`) once they are
    known to lead inside the docs folder.
    """

    docs_dir: Path
    site: Site
    real_docs: Path
    pages: list[Path] = field(default_factory=list)
    #: Files named ``*.md`` that are not read, each with its problem (``None``: reported
    #: elsewhere, for the whole folder).
    refused: dict[Path, UnreadableError | None] = field(default_factory=dict)
    listed: int = 0

    def refuse_folder(self, path: Path, real: Path) -> None:
        """A folder whose real path is outside the docs folder: listed, never read."""
        if _inside(real, self.real_docs.parent):
            self.site.problems.append(
                Problem(
                    display_path(path, self.docs_dir),
                    None,
                    f"this folder is a link that leads outside the docs folder (to {real}), so "
                    "its pages would not be checked",
                    "move the folder into the docs folder instead of linking to it",
                )
            )
            self.site.excluded.append(path.relative_to(self.docs_dir).as_posix())
        self.walk(path, (real,), listing=True)

    def walk(self, folder: Path, chain: tuple[Path, ...], *, listing: bool = False) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return  # an unreadable folder: MkDocs skips it too
        for entry in entries:
            if listing:
                self.listed += 1
                if self.listed > _MAX_LISTED_ENTRIES:
                    return
            path = Path(entry.path)
            is_page = entry.name.endswith(".md")
            if entry.is_symlink():
                self.link(path, is_page, chain, listing=listing)
            elif entry.is_dir(follow_symlinks=False):
                if is_page and not listing:
                    self.refused[path] = UnreadableError(
                        "this is a folder, but its name ends in '.md' like a page's",
                        "rename the folder (or move its files out and delete it)",
                    )
                self.walk(path, (*chain, chain[-1] / entry.name), listing=listing)
            elif is_page:
                if listing:
                    self.refused[path] = None
                else:
                    self.pages.append(path)

    def link_to_folder(
        self, path: Path, real: Path, is_page: bool, chain: tuple[Path, ...], *, listing: bool
    ) -> None:
        if any(_inside(place, real) for place in chain):
            if not listing:
                self.site.problems.append(
                    Problem(
                        display_path(path, self.docs_dir),
                        None,
                        f"this link leads back to {display_path(real, self.real_docs)}, a "
                        "folder it is in, so MkDocs would walk it again and again",
                        "remove the link",
                    )
                )
                self.site.excluded.append(path.relative_to(self.docs_dir).as_posix())
            return
        if is_page and not listing:
            self.refused[path] = UnreadableError(
                "this is a link to a folder, but its name ends in '.md' like a page's",
                "rename the link (or remove it)",
            )
        if listing:
            self.walk(path, (*chain, real), listing=True)
        elif _inside(real, self.real_docs):
            self.walk(path, (*chain, real))
        else:
            self.refuse_folder(path, real)

    def link(self, path: Path, is_page: bool, chain: tuple[Path, ...], *, listing: bool) -> None:
        try:
            real = path.resolve(strict=True)
            is_dir = real.is_dir()
        except (OSError, RuntimeError):
            if is_page:
                self.refused[path] = (
                    None
                    if listing
                    else UnreadableError(
                        "this link leads to nothing", "remove the link, or put the page itself here"
                    )
                )
            return
        if is_dir:
            self.link_to_folder(path, real, is_page, chain, listing=listing)
            return
        if not is_page:
            return
        if listing:
            self.refused[path] = None
        elif not _inside(real, self.real_docs):
            self.refused[path] = UnreadableError(
                f"this link leads outside the docs folder (to {real})",
                "copy the page into the docs folder instead of linking to it",
            )
        else:
            self.pages.append(path)


def read_site(
    docs_dir: Path, *, languages: Languages = PLAYBOOK, downloads_folder: str = "downloads"
) -> Site:
    """Read every Markdown page of each of ``languages`` under ``docs_dir`` (in
    ``docs_dir/<language>/``), unvalidated (see :func:`dx_playbook.core.authoring.load.load_site`;
    ``downloads_folder``: the site folder the build writes the downloads into)."""
    docs_dir = Path(docs_dir)
    site = Site(docs_dir=docs_dir, languages=languages, downloads_folder=downloads_folder)
    walk = _Walk(docs_dir, site, docs_dir.resolve())
    for lang in languages:
        root = docs_dir / lang
        if not root.is_dir():
            continue
        real_root = root.resolve()
        if _inside(real_root, walk.real_docs):
            walk.walk(root, (real_root,))
        else:
            walk.refuse_folder(root, real_root)
    found = [(path, None) for path in walk.pages] + list(walk.refused.items())
    for path, refusal in sorted(found, key=lambda pair: pair[0].relative_to(docs_dir).parts):
        lang = path.relative_to(docs_dir).parts[0]
        if path in walk.refused:
            shown = display_path(path, docs_dir)
            if refusal is not None:
                site.problems.append(Problem(shown, None, refusal.message, refusal.fix))
            if path.is_dir():
                continue  # a folder, not a page: nothing for MkDocs to read or leave out
            rel_path = path.relative_to(docs_dir / lang).as_posix()
            page = Page(lang, rel_path, shown, "", Document({}, ""), Structure(), readable=False)
        else:
            page = read_page(path, docs_dir, lang, site.problems)
        site.pages[(lang, page.rel_path)] = page
    return site
