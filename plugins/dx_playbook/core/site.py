"""The whole playbook as data: every page of both languages, read from the docs folder.

``load_site`` never raises on bad content: what it cannot read becomes a :class:`Problem` and the
page is kept with what could be read, so that one mistake does not hide the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dx_playbook.core import schema
from dx_playbook.core.frontmatter import Document, FrontMatterError, parse
from dx_playbook.core.structure import ChecklistItem, Structure, parse_body

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


@dataclass
class Site:
    """Both languages of the playbook."""

    docs_dir: Path
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    principles: dict[str, dict[str, Principle]] = field(default_factory=dict)

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


def read_page(path: Path, docs_dir: Path, lang: str, problems: list[Problem]) -> Page:
    """Read one file; every problem found is appended to ``problems``."""
    shown = display_path(path, docs_dir)
    rel_path = path.relative_to(docs_dir / lang).as_posix()
    empty = Page(lang, rel_path, shown, "", Document({}, ""), Structure(), readable=False)
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        problems.append(
            Problem(
                shown,
                None,
                f"the page is {size // 1024} KB, over the {MAX_PAGE_BYTES // 1024} KB limit",
                "split it into several pages",
            )
        )
        return empty
    try:
        source = path.read_bytes().decode("utf-8")
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
        problems.append(Problem(shown, error.line, error.message, "correct the front matter"))
        return Page(lang, rel_path, shown, source, Document({}, ""), Structure(), readable=False)
    if not document.body.strip() and not document.meta.get("dxp_view"):
        problems.append(Problem(shown, None, "the page is empty", "write its content or delete it"))
    structure = parse_body(document.body, document.body_start)
    return Page(lang, rel_path, shown, source, document, structure, readable)


def load_site(docs_dir: Path) -> Site:
    """Read every Markdown page of every language under ``docs_dir`` and validate it."""
    # Imported here: validation builds on the types defined above.
    from dx_playbook.core.validation import validate_site

    docs_dir = Path(docs_dir)
    site = Site(docs_dir=docs_dir)
    for lang in schema.LANGUAGES:
        root = docs_dir / lang
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.md")):
            page = read_page(path, docs_dir, lang, site.problems)
            site.pages[(lang, page.rel_path)] = page
    validate_site(site)
    return site
