"""An edition's overlays: ``editions/<slug>/<lang>/principles/<principle-id>.md``.

An overlay extends the principle of its file name. Its front matter may leave out items of
ours, each with the reason its readers see; its body is a ``## <section-id>`` line for each of
our sections it adds to, then what it adds there::

    ---
    hide:
      command-tower-outside-expertise: 県と共同で専門人材を確保しているため、町では判断しません。
    ---

    ## practices

    北浜町では、副町長をCDOに充て、毎月第1月曜に各課長と「DX定例」を開いています。

    ## checklist

    - [ ] DX定例の記録を、翌週までに全職員が読める場所に置いている { #meeting-notes }

What goes under ``## checklist`` are the town's own checklist items (their IDs become
``<slug>--<id>``); what goes under any other section is the town's example, shown in a box of
its own at the end of that section. Nothing of ours is copied: the overlay names our sections
and items by ID. Reading checks the overlay's own shape; whether our page has those sections
and items is :mod:`.apply`'s to check. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from dx_playbook.core.editions.edition_file import inside
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import FrontMatterError, parse
from dx_playbook.core.model.site import MAX_PAGE_BYTES, UnreadableError, read_bytes_safely
from dx_playbook.core.model.structure import (
    CHECKLIST_SECTION,
    CODE,
    HEADING,
    TASK_LINE,
    line_kinds,
    split_item,
)
from dx_playbook.core.translations.translations import Record, parse_record

BASED_ON: Final = "based_on"
OVERLAY_FIELDS: Final = ("hide", "hide_principle", BASED_ON)
#: What an overlay that leaves the principle out depends on: all of it.
WHOLE_PAGE: Final = "page"
#: The folder of a language's own pages, beside ``principles/``.
PAGES_DIR: Final = "pages"
MAX_REASON: Final = 300

Problem = Callable[[str, int | None, str, str], None]


@dataclass(frozen=True)
class Addition:
    """The town's example under one of our sections."""

    section: str
    #: The line of its ``## <section>`` in the overlay.
    line: int
    #: Its Markdown lines, and the overlay line of the first.
    lines: tuple[str, ...]
    first_line: int


@dataclass(frozen=True)
class ExtraItem:
    own_id: str
    text: str
    line: int


@dataclass(frozen=True)
class Hidden:
    item_id: str
    reason: str
    line: int


@dataclass
class Overlay:
    lang: str
    principle_id: str
    display_path: str
    additions: list[Addition] = field(default_factory=list)
    items: list[ExtraItem] = field(default_factory=list)
    #: The line of its ``## checklist``, if it has one.
    checklist_line: int | None = None
    hidden: list[Hidden] = field(default_factory=list)
    #: ``based_on``: what the sections it extends said when it was last reviewed
    #: (:func:`read_based_on`; :mod:`.upgrades` compares).
    based_on: object = None
    #: ``hide_principle``: why the edition leaves the whole principle out (its page stays,
    #: saying so, and its items leave the town's self-assessment).
    principle_reason: str | None = None
    principle_line: int | None = None


def read_overlays(folder: Path, display_dir: str, lang: str, problem: Problem) -> list[Overlay]:
    """The overlays of one language of an edition (``folder`` is ``editions/<slug>/<lang>``);
    each mistake goes to ``problem`` and what it concerns is left out."""
    principles = folder / schema.PRINCIPLES_DIR
    overlays: list[Overlay] = []
    if folder.is_dir() and not inside(folder, folder.parent):
        problem(
            f"{display_dir}/{lang}",
            None,
            "the edition's language folder is a link to somewhere else",
            "put the files themselves in the edition's folder",
        )
        return overlays
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        rel = path.relative_to(folder).as_posix()
        shown = f"{display_dir}/{lang}/{rel}"
        if not inside(path, folder):
            problem(shown, None, "this is a link to somewhere else", "copy the file here instead")
            continue
        if path.is_dir() and not path.is_symlink():
            if path not in {principles, folder / PAGES_DIR}:
                problem(
                    shown,
                    None,
                    "an edition's language folder holds only 'principles/' (its overlays) and "
                    f"'{PAGES_DIR}/' (its own pages)",
                    f"move the files into {display_dir}/{lang}/principles/ or "
                    f"{display_dir}/{lang}/{PAGES_DIR}/, or remove the folder",
                )
            continue
        if path.parent == folder / PAGES_DIR:
            continue  # the town's own pages: pages.py
        if path.parent != principles or path.suffix != ".md":
            if path.parent in {principles, folder}:
                problem(
                    shown,
                    None,
                    "this is not an overlay: overlays are 'principles/<principle-id>.md'",
                    "name it after the principle it extends, ending in .md, or remove it",
                )
            continue
        overlay = read_overlay(path, shown, lang, problem)
        if overlay is not None:
            overlays.append(overlay)
    return overlays


def read_overlay(path: Path, shown: str, lang: str, problem: Problem) -> Overlay | None:
    def say(line: int | None, message: str, fix: str) -> None:
        problem(shown, line, message, fix)

    if path.is_symlink() or not path.is_file():
        say(None, "an overlay must be an ordinary file, not a link", "copy the file here instead")
        return None
    try:
        data = read_bytes_safely(path, MAX_PAGE_BYTES, "overlay")
        source = data.decode("utf-8")
    except UnreadableError as error:
        say(None, error.message, error.fix)
        return None
    except UnicodeDecodeError as error:
        say(None, f"the file is not UTF-8 text (byte {error.start})", "save it as UTF-8")
        return None
    try:
        document = parse(source)
    except FrontMatterError as error:
        say(error.line, error.message, error.fix)
        return None
    overlay = Overlay(lang, path.stem, shown)
    for key in document.meta:
        if key not in OVERLAY_FIELDS:
            say(
                document.line_of(str(key)),
                f"'{key}' is not a field of an overlay",
                f"use {' or '.join(OVERLAY_FIELDS)}",
            )
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _hidden(overlay, document.meta.get("hide"), document.line_of("hide"), say, lines)
    based_on = document.meta.get(BASED_ON)
    try:
        read_based_on(based_on)
        overlay.based_on = based_on
    except ValueError as error:
        say(
            document.line_of(BASED_ON),
            str(error),
            f"let 'dx-playbook edition mark-current' write it (delete the '{BASED_ON}' line)",
        )
    _body(overlay, document.body.split("\n"), document.body_start, say)
    _principle_reason(overlay, document.meta, document.line_of("hide_principle"), say)
    return overlay


def _principle_reason(
    overlay: Overlay,
    meta: dict[str, object],
    line: int,
    say: Callable[[int | None, str, str], None],
) -> None:
    """``hide_principle: <why>``: the whole principle left out; nothing else in the overlay."""
    if "hide_principle" not in meta:
        return
    reason = meta["hide_principle"]
    if not isinstance(reason, str) or not reason.strip():
        say(line, "'hide_principle' gives no reason", "write why, for readers: 'hide_principle: …'")
    elif len(reason) > MAX_REASON:
        say(line, "the reason in 'hide_principle' is long", f"keep it under {MAX_REASON} chars")
    elif overlay.hidden or overlay.additions or overlay.items:
        say(
            line,
            "an overlay that leaves the principle out adds nothing to it and hides no item",
            "remove the rest of the overlay, or 'hide_principle'",
        )
    else:
        overlay.principle_reason = " ".join(reason.split())
        overlay.principle_line = line


def _key_line(lines: list[str], start: int, key: str) -> int | None:
    """The 1-based line, from ``start`` on, where the indented ``key:`` of a mapping is."""
    for number in range(start, min(len(lines), start + 400) + 1):
        text = lines[number - 1].strip()
        for quote in ("", "'", '"'):
            written = f"{quote}{key}{quote}"
            if text.startswith(written) and text[len(written) :].lstrip().startswith(":"):
                return number
    return None


def _hidden(
    overlay: Overlay,
    value: object,
    line: int,
    say: Callable[[int | None, str, str], None],
    lines: list[str],
) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        say(line, "'hide' is not a list of 'item-id: reason' lines", "write '  item-id: reason'")
        return
    for offset, (item_id, reason) in enumerate(value.items(), start=1):
        # Each entry's own line (a comment or a folded reason may stand between two).
        where = _key_line(lines, line + 1, str(item_id)) or line + offset
        if not isinstance(reason, str) or not reason.strip():
            say(where, f"item '{item_id}' is hidden without a reason", "write why, for readers")
        elif len(reason) > MAX_REASON:
            say(where, f"the reason for '{item_id}' is long", f"keep it under {MAX_REASON} chars")
        else:
            overlay.hidden.append(Hidden(str(item_id), " ".join(reason.split()), where))


def _body(
    overlay: Overlay, lines: list[str], first: int, say: Callable[[int | None, str, str], None]
) -> None:
    """Read the overlay's body (``lines``, the first of which is line ``first``)."""
    kinds = line_kinds(lines)
    reader = _BodyReader(overlay, say)
    for offset, line in enumerate(lines):
        number = first + offset
        code = kinds[offset] == CODE
        heading = None if code else HEADING.match(line)
        if heading is not None and len(heading.group("hashes")) <= 2:  # "#" or "##"
            reader.heading(number, line, heading)
        else:
            reader.line(number, line, None if code else TASK_LINE.match(line))
    reader.close()


class _BodyReader:
    """The state of reading an overlay's body, line by line."""

    def __init__(self, overlay: Overlay, say: Callable[[int | None, str, str], None]) -> None:
        self.overlay = overlay
        self.say = say
        self.sections: dict[str, int] = {}
        self.current: str | None = None
        self.start = 0
        self.content: list[str] = []
        self.orphaned = False

    def close(self) -> None:
        """The end of a section: what it adds, if anything."""
        current, content = self.current, self.content
        if current is None or current == CHECKLIST_SECTION:
            return
        while content and not content[-1].strip():
            content.pop()
        lead = next((at for at, text in enumerate(content) if text.strip()), len(content))
        if lead == len(content):
            self.say(
                self.sections[current], f"'## {current}' adds nothing", "write the example under it"
            )
            return
        self.overlay.additions.append(
            Addition(current, self.sections[current], tuple(content[lead:]), self.start + lead)
        )

    def heading(self, number: int, line: str, heading: re.Match[str]) -> None:
        self.close()
        section = heading.group("text").strip()
        if len(heading.group("hashes")) == 1 or not schema.is_slug(section):
            self.say(
                number,
                f"'{line.strip()[:60]}' does not name a section of ours",
                "write '## ' and the ID of the section it adds to, such as '## practices'",
            )
            self.current, self.orphaned = None, True
        elif section in self.sections:
            self.say(
                number,
                f"'## {section}' is written twice",
                f"join the two (line {self.sections[section]})",
            )
            self.current, self.orphaned = None, True
        else:
            self.sections[section] = number
            self.current, self.start, self.content, self.orphaned = section, number + 1, [], False
            if section == CHECKLIST_SECTION:
                self.overlay.checklist_line = number

    def line(self, number: int, line: str, task: re.Match[str] | None) -> None:
        if self.current is None:
            if line.strip() and not self.orphaned:
                self.say(
                    number,
                    "this text is not under a '## <section>' line",
                    "put '## ' and the ID of our section it adds to above it",
                )
                self.orphaned = True  # one line for the whole run
        elif self.current == CHECKLIST_SECTION:
            if line.strip():
                self.item(number, task)
        elif task is not None:
            self.say(
                number, "a checklist item outside '## checklist'", "move it under '## checklist'"
            )
        else:
            self.content.append(line)

    def item(self, number: int, task: re.Match[str] | None) -> None:
        """A line under ``## checklist``: one of the edition's own items."""
        if task is None:
            self.say(
                number,
                "only checklist items go under '## checklist'",
                "write it as '- [ ] what to do { #short-id }', or move it under another section",
            )
            return
        text, own_id = split_item(task.group("rest"))
        if own_id is None or not schema.is_slug(own_id):
            self.say(
                number,
                "this checklist item has no ID"
                if own_id is None
                else f"'{own_id}' is not a lowercase slug",
                f"end the line with '{{ #{schema.suggest_slug(own_id or text)} }}'",
            )
        elif not text:
            self.say(number, "this checklist item has no text", "write what to do before its ID")
        else:
            self.overlay.items.append(ExtraItem(own_id, text, number))


def read_based_on(value: object) -> dict[str, Record]:
    """``based_on`` as records by section; raises :class:`ValueError` with a readable reason."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"'{BASED_ON}' is not a list of 'section: \"fingerprint date\"'")
    records = {}
    for section, record in value.items():
        if not isinstance(section, str) or not (section == WHOLE_PAGE or schema.is_slug(section)):
            raise ValueError(f"'{BASED_ON}' names {section!r}, which is not a section ID")
        records[section] = parse_record(record)
    return records
