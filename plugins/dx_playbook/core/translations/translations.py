"""Whether each English page still says what its Japanese original says.

The source of truth is a fingerprint of the Japanese text recorded in the English page's front
matter when the translation was last brought up to date::

    translation_of: "3f2a9c1b7d4e 2025-06-01"

(the first 12 hex digits of a SHA-256 of the normalised Japanese text, then the date it was
recorded). ``dx-playbook i18n mark-current`` writes it. Comparing it with the fingerprint of the
Japanese page as it is now works on any checkout, shallow CI clones included; dates from git are
an optional extra (:class:`~dx_playbook.core.model.history.History`), used only to tell
readers when the original changed.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dx_playbook.core.model.frontmatter import normalise_text
from dx_playbook.core.text.catalogue import catalogue

if TYPE_CHECKING:
    from dx_playbook.core.model.site import Page, Site

RECORD_FIELD = "translation_of"
#: Front-matter fields whose text is translated, so a change to them makes a translation stale.
TRANSLATABLE_FIELDS = ("title", "summary", "description")
FINGERPRINT_LENGTH = 12
_RECORD = re.compile(r"^(?P<fingerprint>[0-9a-f]{12})(?:[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))?$")
_BLANK_RUN = re.compile(r"\n{3,}")
MARK_COMMAND = "dx-playbook i18n mark-current"


class State(enum.StrEnum):
    """The state of one page in one translation language."""

    CURRENT = "current"
    #: The Japanese original changed after the translation was last brought up to date.
    STALE = "stale"
    #: No translation: readers of that language get the Japanese page.
    MISSING = "missing"
    #: A translation without a recorded fingerprint: nobody has said which text it follows.
    UNTRACKED = "untracked"


@dataclass(frozen=True)
class Record:
    """What an English page's ``translation_of`` says."""

    fingerprint: str
    date: datetime.date | None = None

    def __str__(self) -> str:
        return f"{self.fingerprint} {self.date.isoformat()}" if self.date else self.fingerprint


@dataclass(frozen=True)
class PairStatus:
    """One page of the original and its translation into ``lang``."""

    rel_path: str
    lang: str
    state: State
    original: Page
    translation: Page | None
    record: Record | None
    #: Fingerprint of the original as it is now.
    fingerprint: str


def normalise_body(text: str) -> str:
    """The text that counts: no BOM, LF line ends, NFC, no trailing spaces or extra blank lines.

    Re-wrapping whitespace, or saving with another editor, must not make a translation stale.
    """
    text = unicodedata.normalize("NFC", normalise_text(text))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def fingerprint(page: Page) -> str:
    """Fingerprint of a page's translatable text: its body and translatable front matter (of
    our page as written, where a town's edition merged its own text in)."""
    document = page.written or page.document
    return fingerprint_of(document.meta, document.body)


def fingerprint_of(meta: dict[str, Any], body: str) -> str:
    """Fingerprint of front matter ``meta`` and Markdown ``body`` (see :func:`fingerprint`)."""
    parts = []
    for key in TRANSLATABLE_FIELDS:
        value = meta.get(key)
        if value is not None:
            parts.append(f"{key}: {normalise_body(str(value))}")
    parts.append(normalise_body(body))
    digest = hashlib.sha256("\n\n".join(parts).encode("utf-8")).hexdigest()
    return digest[:FINGERPRINT_LENGTH]


def parse_record(value: object) -> Record:
    """Read a ``translation_of`` value; raises :class:`ValueError` with a readable reason."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"translation_of must be text, not {type(value).__name__}")
    text = str(value).strip()
    match = _RECORD.match(text)
    if match is None:
        raise ValueError(f"translation_of '{text[:40]}' is not '<12 hex digits> <YYYY-MM-DD>'")
    date = None
    if match.group("date"):
        try:
            date = datetime.date.fromisoformat(match.group("date"))
        except ValueError:
            raise ValueError(
                f"translation_of has an impossible date '{match.group('date')}'"
            ) from None
    return Record(match.group("fingerprint"), date)


def read_record(page: Page) -> Record | None:
    """The page's record, or ``None`` when it has none or it cannot be read."""
    if RECORD_FIELD not in page.meta:
        return None
    try:
        return parse_record(page.meta[RECORD_FIELD])
    except ValueError:
        return None


def pair_status(site: Site, rel_path: str, lang: str) -> PairStatus | None:
    """The state of ``rel_path`` in ``lang``, or ``None`` when there is no original."""
    original = site.page(site.languages.source, rel_path)
    if original is None:
        return None
    current = fingerprint(original)
    translation = site.page(lang, rel_path)
    record = read_record(translation) if translation is not None else None
    if translation is None:
        state = State.MISSING
    elif record is None:
        state = State.UNTRACKED
    elif record.fingerprint == current:
        state = State.CURRENT
    else:
        state = State.STALE
    return PairStatus(rel_path, lang, state, original, translation, record, current)


def statuses(site: Site) -> list[PairStatus]:
    """Every page of the original, in each translation language, sorted by path."""
    found = []
    for original in site.pages_in(site.languages.source):
        if original.from_edition:
            continue  # a town's page: its edition checks that each language has it
        for lang in site.languages.translations:
            status = pair_status(site, original.rel_path, lang)
            if status is not None:
                found.append(status)
    return found


def check_records(site: Site) -> None:
    """Report unreadable ``translation_of`` values, and records on pages that are originals."""
    from dx_playbook.core.model.site import Problem

    for (lang, _), page in sorted(site.pages.items()):
        if RECORD_FIELD not in page.meta:
            continue
        line = page.document.line_of(RECORD_FIELD)
        if lang == site.languages.source:
            site.problems.append(
                Problem(
                    page.display_path,
                    line,
                    f"'{RECORD_FIELD}' belongs on translations, not on the original",
                    f"delete the '{RECORD_FIELD}' line",
                )
            )
            continue
        try:
            parse_record(page.meta[RECORD_FIELD])
        except ValueError as error:
            site.problems.append(
                Problem(
                    page.display_path,
                    line,
                    str(error),
                    f"run '{MARK_COMMAND} {page.display_path}' once the translation is up to date",
                )
            )


def stale_message(status: PairStatus) -> str:
    """One line for the build log or the command line about a stale translation."""
    assert status.translation is not None
    since = f" on {status.record.date.isoformat()}" if status.record and status.record.date else ""
    return (
        f"{status.translation.display_path}: the Japanese original changed after this translation "
        f"was last brought up to date{since}. Fix: update the translation from "
        f"{status.original.display_path}, then run '{MARK_COMMAND} {status.translation.display_path}'"
    )


# Writing records -------------------------------------------------------------------------------

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: A line end as :func:`~dx_playbook.core.model.frontmatter.parse` counts them: CRLF, CR or LF.
_LINE_END = re.compile(r"(\r\n|\r|\n)")


def _lines(text: str) -> list[tuple[str, str]]:
    """``text`` as ``(content, line end)`` pairs; the last line's end may be empty.

    Joining the pairs gives ``text`` back exactly, and the contents are the lines
    :func:`~dx_playbook.core.model.frontmatter.parse` sees, so line numbers agree with it.
    """
    parts = _LINE_END.split(text)
    return [(parts[i], parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]


def with_record(source: str, record: Record) -> str:
    """``source`` (a whole Markdown file) with its ``translation_of`` line set to ``record``
    (see :func:`with_field`)."""
    return with_field(source, RECORD_FIELD, f'"{record}"')


def with_field(source: str, field: str, value: str) -> str:
    """``source`` (a whole Markdown file) with its front-matter line ``field: value`` (YAML
    written on one line, such as ``"3f2a9c1b7d4e 2025-06-01"``).

    Only that one line changes (or is inserted); every other character stays as it was: the
    byte-order mark, each line's own end (CRLF, LF or CR, even mixed), comments, the layout of
    the front matter and whether the file ends with a line end. An inserted line takes the line
    end of the line before it.
    """
    bom = "\ufeff" if source.startswith("\ufeff") else ""
    lines = _lines(source[len(bom) :])
    entry = f"{field}: {value}"
    field_line = re.compile(r"^" + re.escape(field) + r"[ \t]*:")
    if _FENCE.match(lines[0][0]):
        end = next((i for i in range(1, len(lines)) if _END_FENCE.match(lines[i][0])), None)
        if end is None:
            raise ValueError("front matter starts with '---' but never ends")
        for index in range(1, end):
            if field_line.match(lines[index][0]):
                # A value continued on indented lines would be left behind: drop them too.
                stop = index + 1
                while stop < end and lines[stop][0][:1] in (" ", "\t"):
                    stop += 1
                # Every line before the closing fence has a line end: keep the record's own.
                lines[index:stop] = [(entry, lines[index][1])]
                break
        else:
            lines.insert(end, (entry, lines[end - 1][1]))
    else:
        newline = next((ending for _, ending in lines if ending), "\n")
        lines[0:0] = [("---", newline), (entry, newline), ("---", newline)]
    return bom + "".join(content + ending for content, ending in lines)


# Formatting for readers ------------------------------------------------------------------------


def format_date(date: datetime.date, lang: str) -> str:
    """A date as readers of ``lang`` write it (``dates`` of its catalogue: a pattern and the
    month names), with no locale lookup: builds must be reproducible."""
    words = catalogue(lang)["dates"]
    pattern: str = words["format"]
    return pattern.format(year=date.year, month=words["months"][date.month - 1], day=date.day)


@dataclass(frozen=True)
class Notice:
    """A notice shown to readers at the top of a page; ``lang`` is the language of its text."""

    kind: str
    lang: str
    title: str
    sentences: tuple[str, ...]
    link_text: str | None = None
    link_url: str | None = None
    #: Language of the page the link leads to.
    link_lang: str | None = None


def missing_notice(lang: str, status_url: str | None) -> Notice:
    """For readers of ``lang`` shown the Japanese page because no translation exists."""
    text = catalogue(lang)["notices"]["missing"]
    return Notice(
        kind="missing",
        lang=lang,
        title=text["title"],
        sentences=(text["body"],),
        link_text=text["link"] if status_url else None,
        link_url=status_url,
        link_lang=lang if status_url else None,
    )


def stale_notice(
    status: PairStatus, original_url: str, original_changed: datetime.date | None = None
) -> Notice:
    """For readers of a translation whose original changed after it was brought up to date."""
    lang = status.lang
    text = catalogue(lang)["notices"]["stale"]
    if status.record is not None and status.record.date is not None:
        sentences = [text["body_dated"].format(date=format_date(status.record.date, lang))]
    else:
        sentences = [text["body"]]
    if original_changed is not None:
        sentences.append(text["original_changed"].format(date=format_date(original_changed, lang)))
    return Notice(
        kind="stale",
        lang=lang,
        title=text["title"],
        sentences=tuple(sentences),
        link_text=text["link"],
        link_url=original_url,
        link_lang=status.original.lang,
    )
