"""What a page's Markdown body contains: checklist items, headings, links, key questions.

Plain line-based parsing on purpose: it must report line numbers for contributors and run in
milliseconds without a Markdown engine. Fenced code blocks are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

TASK_LINE = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+\[(?P<mark>[ xX])\][ \t]+(?P<rest>.*)$")
#: The ID at the end of a checklist line: ``{ #id }`` or ``{: #id }``.
TRAILING_ID = re.compile(r"[ \t]*\{:?[ \t]*#(?P<id>[^}\s]*)[ \t]*\}[ \t]*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
HEADING_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[A-Za-z0-9_.:-]+)[^}]*\}[ \t]*$")
LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d+[.)])[ \t]+(?P<text>.+)$")
LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\((?P<target>[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
FENCE = re.compile(r"^[ \t]*(```|~~~)")

CHECKLIST_SECTION = "checklist"
QUESTIONS_SECTION = "key-questions"


@dataclass(frozen=True)
class ChecklistItem:
    """One checkable action. ``id`` is shared by both languages and never changes once published."""

    id: str
    text: str
    line: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str | None
    line: int


@dataclass
class Structure:
    """The parts of a body that validation, exports and parity checks look at."""

    items: list[ChecklistItem] = field(default_factory=list)
    #: Lines of task-list items that carry no ID (a validation error on principle pages).
    items_without_id: list[tuple[int, str]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return next((h.text for h in self.headings if h.level == 1), None)

    @property
    def heading_ids(self) -> list[tuple[str, int]]:
        return [(h.id, h.line) for h in self.headings if h.id]


def unfenced(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, line)`` of every line outside fenced code blocks (fence lines excluded)."""
    in_fence = False
    for index, line in enumerate(lines):
        # The tests on "`" and "~" skip the pattern on nearly every line (issue 9).
        if ("`" in line or "~" in line) and FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield index, line


def split_item(rest: str) -> tuple[str, str | None]:
    """Split a checklist line's text from its trailing ``{ #id }`` (``None`` when absent)."""
    match = TRAILING_ID.search(rest)
    if match is None:
        return rest.strip(), None
    return rest[: match.start()].strip(), match.group("id")


def parse_body(body: str, first_line: int = 1) -> Structure:
    """Parse ``body``; ``first_line`` is the file line where the body starts."""
    structure = Structure()
    section: str | None = None
    for offset, line in unfenced(body.split("\n")):
        number = first_line + offset
        # Each pattern only where the character it needs is: most lines need none (issue 9).
        heading = HEADING.match(line) if line.startswith("#") else None
        if heading:
            text = heading.group("text")
            id_match = HEADING_ID.search(text)
            heading_id = id_match.group("id") if id_match else None
            if id_match:
                text = text[: id_match.start()].strip()
            structure.headings.append(
                Heading(len(heading.group("hashes")), text, heading_id, number)
            )
            section = heading_id
            continue
        if "](" in line:
            structure.links.extend((number, m.group("target")) for m in LINK.finditer(line))
        task = TASK_LINE.match(line) if "[" in line else None
        if task:
            text, item_id = split_item(task.group("rest"))
            if item_id is None:
                structure.items_without_id.append((number, text))
            else:
                structure.items.append(ChecklistItem(item_id, text, number))
            continue
        if section == QUESTIONS_SECTION:
            item = LIST_ITEM.match(line)
            if item:
                structure.questions.append(item.group("text").strip())
    return structure
