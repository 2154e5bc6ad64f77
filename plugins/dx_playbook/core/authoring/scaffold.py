"""A new principle as a Japanese/English pair of pages, from the templates in ``templates/``.

The pages pass validation as soon as they are written: every sentence a contributor must replace
is marked "(下書き)" / "(Draft)", and the checklist items carry placeholder IDs
(``<id>-draft-1``) to be renamed before the page is published. The English page records the
fingerprint of the new Japanese page, so the pair starts "up to date" and turns "out of date" as
soon as the Japanese text is written.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import secrets
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from string import Template

from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import parse
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.structure import parse_body
from dx_playbook.core.text.catalogue import catalogue
from dx_playbook.core.translations.translations import RECORD_FIELD, Record, fingerprint_of

#: The suffix of the longest placeholder item ID: the principle ID must leave room for it.
_ITEM_SUFFIX = "-draft-9"
#: The part of the series a pillar draws on first, when none is given.
DEFAULT_PART = {"mission": 1, "strategy": 3, "people": 4, "public-mind": 6}


class ScaffoldError(ValueError):
    """A request that cannot be carried out; the message says why and what to do."""


class UnsafeWriteError(ScaffoldError):
    """Writing ``shown`` would leave the docs folder or go through a symbolic link."""

    def __init__(self, shown: str, what: str, fix: str) -> None:
        super().__init__(f"{shown}: {what}. Fix: {fix}")
        self.shown = shown
        self.what = what
        self.fix = fix


# Text from the command line ---------------------------------------------------------------------

#: Unicode categories no text from the command line may bring into a page: control characters
#: (line ends among them), invisible format characters, line and paragraph separators (YAML
#: and some editors break lines there) and lone surrogates (bytes that were not UTF-8).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_CHARACTER_NAMES = {
    "\n": "a line break (U+000A)",
    "\r": "a carriage return (U+000D)",
    "\t": "a tab (U+0009)",
    "\x00": "a NUL character (U+0000)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}
#: What Markdown reads as the end of a heading rather than as its text: closing ``#``s and
#: an attribute list ``{ ... }``.
_HEADING_TAIL = re.compile(r"(?:#[ \t]*|[ \t]\{[^}]*\}[ \t]*)$")


def _is_unsafe(character: str) -> bool:
    return unicodedata.category(character) in _UNSAFE_CATEGORIES


def unsafe_character(text: str) -> str | None:
    """How to name the first character of ``text`` that must not go into a page, if any."""
    for character in text:
        if not _is_unsafe(character):
            continue
        if character in _CHARACTER_NAMES:
            return _CHARACTER_NAMES[character]
        if unicodedata.category(character) == "Cs":
            return "bytes that are not UTF-8 text"
        name = unicodedata.name(character, "control character").lower()
        return f"the invisible character U+{ord(character):04X} ({name})"
    return None


def printable(text: str) -> str:
    """``text`` fit for a one-line message: unsafe characters shown as escapes (``\\n``)."""
    return "".join(
        character.encode("unicode_escape").decode("ascii") if _is_unsafe(character) else character
        for character in text
    )


def title_problem(title: str) -> str | None:
    """Why ``title`` cannot be a page's ``#`` heading as it is, or ``None`` when it can."""
    if not title.strip():
        return "it is empty: give a title, or leave the option out for a placeholder"
    bad = unsafe_character(title)
    if bad is not None:
        return (
            f"it contains {bad}: give it as one line of plain text, without control or "
            "invisible characters"
        )
    heading = parse_body(f"# {title.strip()}\n").title
    if heading != title.strip() or _HEADING_TAIL.search(title.strip()):
        return (
            "Markdown would not read it back as written (a heading cannot end with '#' "
            "or with '{ ... }'): reword the end of the title"
        )
    return None


@dataclass(frozen=True)
class NewPrinciple:
    id: str
    pillar: str
    series_part: int
    order: int
    roles: tuple[str, ...]
    #: The title in each language.
    titles: dict[str, str]


def check_request(spec: NewPrinciple) -> None:
    """Raise :class:`ScaffoldError` when the request would not give a valid page pair."""
    if not schema.is_slug(spec.id):
        raise ScaffoldError(
            f"'{printable(spec.id)}' is not a valid ID: use lowercase letters, digits and single "
            "hyphens, "
            f"e.g. '{schema.suggest_slug(spec.id)}'"
        )
    if len(spec.id) + len(_ITEM_SUFFIX) > schema.SLUG_MAX_LENGTH:
        raise ScaffoldError(
            f"'{printable(spec.id[:40])}...' is too long: keep it under "
            f"{schema.SLUG_MAX_LENGTH - len(_ITEM_SUFFIX)} characters so item IDs fit"
        )
    if spec.pillar not in schema.PILLARS:
        raise ScaffoldError(
            f"unknown pillar '{printable(spec.pillar)}': use one of {', '.join(schema.PILLARS)}"
        )
    if spec.series_part not in schema.SERIES_PARTS:
        raise ScaffoldError(f"part {spec.series_part} is not from 1 to 7")
    unknown = [role for role in spec.roles if role not in schema.ROLES]
    if unknown or not spec.roles:
        raise ScaffoldError(
            f"unknown role(s) {printable(', '.join(unknown)) or '(none given)'}: "
            f"use {', '.join(schema.ROLES)}"
        )
    for lang, title in spec.titles.items():
        problem = title_problem(title)
        if problem is not None:
            raise ScaffoldError(f"the {lang} title '{printable(title)}' cannot be used: {problem}")


def target_paths(docs_dir: Path, principle_id: str, languages: Languages) -> dict[str, Path]:
    return {
        lang: docs_dir / lang / schema.PRINCIPLES_DIR / f"{principle_id}.md" for lang in languages
    }


def untitled(principle_id: str, lang: str) -> str:
    """The title of a new page in ``lang`` when none is given (``scaffold.untitled``)."""
    words = principle_id.replace("-", " ").capitalize()
    return str(catalogue(lang)["scaffold"]["untitled"]).format(id=principle_id, words=words)


def render_pair(
    spec: NewPrinciple, docs_dir: Path, today: datetime.date, languages: Languages = PLAYBOOK
) -> dict[str, str]:
    """The text of the page in each language (``scaffold.page`` of its catalogue)."""
    pillar_page = docs_dir / languages.source / "pillars" / f"{spec.pillar}.md"
    texts: dict[str, str] = {}
    # The original first: each translation records the fingerprint of its text.
    for lang in languages:
        # Link to the pillar's overview where it exists, else to the home page: both languages
        # get the same link, and a strict build finds its target.
        if pillar_page.is_file():
            related_title, related_link = (
                schema.PILLARS[spec.pillar][lang],
                f"../pillars/{spec.pillar}.md",
            )
        else:
            related_title, related_link = catalogue(lang)["scaffold"]["home"], "../index.md"
        record = ""
        if lang != languages.source:
            original = parse(texts[languages.source])
            current = fingerprint_of(original.meta, original.body)
            record = f'{RECORD_FIELD}: "{Record(current, today)}"\n'
        texts[lang] = Template(catalogue(lang)["scaffold"]["page"]).substitute(
            id=spec.id,
            pillar=spec.pillar,
            series_part=spec.series_part,
            order=spec.order,
            roles=", ".join(spec.roles),
            title=spec.titles.get(lang) or untitled(spec.id, lang),
            related_title=related_title,
            related_link=related_link,
            translation_of=record,
        )
    return texts


def write_pair(
    spec: NewPrinciple, docs_dir: Path, today: datetime.date, languages: Languages = PLAYBOOK
) -> list[Path]:
    """Create both pages; refuses (``ScaffoldError``) if either already exists.

    Refuses (:class:`UnsafeWriteError`) before writing anything when a page would land on a
    symbolic link, outside ``docs_dir``, or anywhere but where the site reads it. Each page
    appears whole or not at all; if the second cannot be written, the first is removed again.
    """
    check_request(spec)
    paths = target_paths(docs_dir, spec.id, languages)
    for path in paths.values():
        _new_page_location(path, docs_dir)
        if path.exists():
            raise ScaffoldError(f"{path} already exists: choose another ID or edit that file")
    texts = render_pair(spec, docs_dir, today, languages)
    written: list[Path] = []
    try:
        for lang, path in paths.items():
            _new_page_location(path, docs_dir).parent.mkdir(parents=True, exist_ok=True)
            # Again, now that the folder exists: nothing may have moved in the meantime.
            real = _new_page_location(path, docs_dir)
            write_file(real, texts[lang].encode("utf-8"), replace=False)
            written.append(real)
    except BaseException as error:
        for real in written:
            with contextlib.suppress(FileNotFoundError):
                real.unlink()
        if isinstance(error, FileExistsError):
            raise ScaffoldError(f"{path} already exists: choose another ID") from None
        raise
    return list(paths.values())


def _new_page_location(path: Path, docs_dir: Path) -> Path:
    """Where a new page ``path`` really lands: exactly there, through no link at all.

    The site does not follow linked folders inside a language folder, so a page written
    through one, even one that stays inside ``docs_dir``, would not be where it is looked for.
    """
    real = writable_location(path, docs_dir, fix_link="remove the link, or choose another ID")
    expected = Path(os.path.realpath(docs_dir)) / path.relative_to(docs_dir)
    if real != expected:
        raise UnsafeWriteError(
            shown_in(path, docs_dir),
            f"its folder is really {shown_in(real.parent, docs_dir)} (a symbolic link leads "
            "there), so the site would not find the page",
            "replace the linked folder with a real folder",
        )
    return real


# Writing inside the docs folder -----------------------------------------------------------------


def shown_in(path: Path, docs_dir: Path) -> str:
    """``docs/en/x.md`` for messages, without following links (the path as the user sees it)."""
    absolute = Path(os.path.normpath(path.absolute()))
    base = Path(os.path.normpath(docs_dir.absolute())).parent
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return absolute.as_posix()


def writable_location(
    path: Path,
    docs_dir: Path,
    *,
    fix_link: str = "replace the link with a copy of the file it points to",
) -> Path:
    """Where writing ``path`` really lands, checked: raises :class:`UnsafeWriteError` otherwise.

    ``path`` itself must not be a symbolic link (writing would follow it, or replace the link),
    and the real location of its folder, every link resolved, must be inside ``docs_dir``. The
    result has no link in it, so writing there follows none.
    """
    shown = shown_in(path, docs_dir)
    docs_real = Path(os.path.realpath(docs_dir))
    if path.is_symlink():
        target = path.readlink()
        where = Path(os.path.realpath(path))
        outside = "" if where.is_relative_to(docs_real) else ", outside the docs folder"
        raise UnsafeWriteError(
            shown,
            f"it is a symbolic link (to {printable(str(target))}{outside}) and dx-playbook "
            "never writes through a link",
            fix_link,
        )
    folder = Path(os.path.realpath(path.parent))
    if not folder.is_relative_to(docs_real):
        raise UnsafeWriteError(
            shown,
            f"its folder is really {printable(folder.as_posix())}, outside the docs folder "
            f"{printable(docs_real.as_posix())} (a symbolic link leads there)",
            "replace the linked folder with a real folder inside the docs folder",
        )
    real = folder / path.name
    with contextlib.suppress(FileNotFoundError):
        mode = real.lstat().st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeWriteError(
                shown,
                "it is not a regular file",
                "move whatever is there away, then run the command again",
            )
    return real


def write_file(real: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``real`` (from :func:`writable_location`) so that it is never half-written.

    The bytes go to a temporary file in the same folder first, which then takes the place of
    ``real`` in one step: ``os.replace`` when ``replace`` (keeping the old file's permissions),
    else a hard link, which fails if anything, even a link, appeared at ``real`` meanwhile.
    Neither step follows a symbolic link at ``real``.
    """
    mode: int | None = None
    if replace:
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(real.lstat().st_mode)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    while True:
        # Not a .md name: a leftover after a crash is never read as a page.
        temporary = real.with_name(f".{real.name}.{secrets.token_hex(4)}.tmp")
        try:
            descriptor = os.open(temporary, flags, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "wb") as file:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            temporary.replace(real)
        else:
            _link_new(temporary, real, data)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _link_new(temporary: Path, real: Path, data: bytes) -> None:
    """Give ``temporary`` the name ``real``, which must not exist yet."""
    try:
        os.link(temporary, real)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: create the file exclusively and write it.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        descriptor = os.open(real, flags | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
        except BaseException:
            real.unlink()
            raise
