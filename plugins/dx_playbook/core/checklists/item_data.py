"""What a checklist item says beyond its text, once for every language: ``data/checklist.yml``.

A principle page names the roles it concerns; most of its items are acted on by fewer of them
(a mayor approves the plan, the DX office keeps the inventory). The file gives an item its own
roles (by default, its page's) and marks the ``start_here`` path: the first steps, in order,
of a town with one or two DX staff. It is keyed by item ID, which both languages share, so the
two languages can never disagree about it::

    act-now-first-step:
      roles: [cdo, dx-office]
      start_here: 8

Mistakes are one line each (file, line, what, how to fix), as for pages and the glossary.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

from dx_playbook.core.model import schema
from dx_playbook.core.model.yaml_data import read_data_file

if TYPE_CHECKING:
    from collections.abc import Callable

    from dx_playbook.core.model.site import Principle, Problem, Site

#: The file, relative to the project (the folder that holds ``docs/``).
CHECKLIST_DATA: Final = Path("data/checklist.yml")
#: What an item's entry may hold.
FIELDS: Final = ("roles", "start_here")


@dataclass(frozen=True)
class ItemData:
    """Each item's own roles, and the start-here path (item IDs in order)."""

    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    start_here: tuple[str, ...] = ()


def read_item_data(site: Site, known: dict[str, Principle]) -> ItemData:
    """``data/checklist.yml`` of the project of ``site``, checked against the items ``known``
    (item ID -> its principle); each mistake is added to ``site.problems`` and the entry left
    out. No file: every item has its page's roles and there is no start-here path."""
    from dx_playbook.core.model.site import Problem

    path = site.docs_dir.parent / CHECKLIST_DATA
    shown = CHECKLIST_DATA.as_posix()
    problems: list[Problem] = site.problems

    def problem(line: int | None, message: str, fix: str) -> None:
        problems.append(Problem(shown, line, message, fix))

    found = read_data_file(
        path, problem, "colons and indentation: '<item-id>:' then '  roles: [role, role]'"
    )
    if found is None:
        return ItemData()
    data, root = found
    if data is None:
        return ItemData()
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        problem(1, "the file is not a list of item IDs", "write '<item-id>:' lines at the left")
        return ItemData()
    lines = {str(key.value): (key.start_mark.line + 1, value) for key, value in root.value}
    return _Reader(problem, known, site.hidden_items).read(data, lines)


@dataclass
class _Reader:
    problem: Callable[[int | None, str, str], None]
    known: dict[str, Principle]
    #: Items of ours that the town's edition being built leaves out.
    hidden: frozenset[str] = frozenset()
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    places: dict[int, tuple[str, int]] = field(default_factory=dict)

    def say(self, line: int | None, message: str, fix: str) -> None:
        self.problem(line, message, fix)

    def read(self, data: dict[object, object], lines: dict[str, tuple[int, yaml.Node]]) -> ItemData:
        for key, entry in data.items():
            item_id = str(key)
            line, node = lines.get(item_id, (None, None))
            if item_id in self.hidden:
                continue  # a town's edition leaves it out (editions/<slug>/…/principles/)
            if item_id not in self.known:
                match = difflib.get_close_matches(item_id, list(self.known), n=1, cutoff=0.7)
                self.say(
                    line,
                    f"'{item_id}' is not the ID of any checklist item",
                    f"did you mean '{match[0]}'?"
                    if match
                    else "use an item ID as the pages write it (the '{ #id }' at the end of its line)",
                )
                continue
            if not isinstance(entry, dict):
                self.say(
                    line, f"item '{item_id}' has no fields", "write '  roles: [role, ...]' under it"
                )
                continue
            self.read_entry(item_id, entry, line, _key_lines(node))
        ordered = sorted(self.places.items())
        return ItemData(self.roles, tuple(item_id for _, (item_id, _) in ordered))

    def read_entry(
        self, item_id: str, entry: dict[object, object], line: int | None, at: dict[str, int]
    ) -> None:
        for key in entry:
            if key not in FIELDS:
                self.say(
                    at.get(str(key), line),
                    f"item '{item_id}' has an unknown field '{key}'",
                    "use only " + " and ".join(f"'{name}'" for name in FIELDS),
                )
        if "roles" in entry:
            roles = entry["roles"]
            if (
                not isinstance(roles, list)
                or not roles
                or not all(isinstance(role, str) for role in roles)
            ):
                self.say(
                    at.get("roles", line),
                    f"the roles of item '{item_id}' are not a list of roles",
                    "write them as '[leaders, cdo]', from: " + ", ".join(schema.ROLES),
                )
            elif unknown := [role for role in roles if role not in schema.ROLES]:
                match = difflib.get_close_matches(unknown[0], list(schema.ROLES), n=1)
                self.say(
                    at.get("roles", line),
                    f"item '{item_id}' names the role '{unknown[0]}', which does not exist",
                    f"did you mean '{match[0]}'?"
                    if match
                    else "use one of: " + ", ".join(schema.ROLES),
                )
            elif len(set(roles)) != len(roles):
                self.say(
                    at.get("roles", line),
                    f"item '{item_id}' names a role twice",
                    "name each role once",
                )
            else:
                self.roles[item_id] = tuple(roles)
        if "start_here" in entry:
            self.read_place(item_id, entry["start_here"], at.get("start_here", line))

    def read_place(self, item_id: str, place: object, line: int | None) -> None:
        if isinstance(place, bool) or not isinstance(place, int) or place < 1:
            self.say(
                line,
                f"the start_here of item '{item_id}' is not a step number",
                "write its place on the start-here path: 1 for the first step, 2 for the next",
            )
        elif place in self.places:
            other, other_line = self.places[place]
            self.say(
                line,
                f"step {place} of the start-here path is already item '{other}' (line {other_line})",
                "give each step its own number",
            )
        else:
            self.places[place] = (item_id, line or 0)


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def apply_item_data(site: Site) -> None:
    """Give every principle's items their own roles (their page's where the file says none)
    and their place on the start-here path, from ``data/checklist.yml``."""
    known = {item.id: p for ps in site.principles.values() for p in ps.values() for item in p.items}
    data = read_item_data(site, known)
    place = {item_id: number for number, item_id in enumerate(data.start_here, start=1)}
    for lang, principles in site.principles.items():
        for principle_id, principle in principles.items():
            items = tuple(
                dataclasses.replace(
                    item,
                    roles=data.roles.get(item.id, principle.roles),
                    start_here=place.get(item.id),
                )
                for item in principle.items
            )
            site.principles[lang][principle_id] = dataclasses.replace(principle, items=items)
