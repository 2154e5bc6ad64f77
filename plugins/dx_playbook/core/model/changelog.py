"""What changed in each edition: ``data/changelog.yml``, which contributors edit (issue 20).

An offline copy circulates for years, and an intake review on a closed network asks what a new
edition changes. The file lists each edition, newest first, with its changes in every language
and, where a change is about pages, those pages::

    - version: 0.2.0
      date: 2027-04-01
      changes:
        - ja: 「司令塔を置く」にチェック項目を1つ加えました。
          en: Added a checklist item to "Appoint a command centre".
          pages: [principles/command-tower.md]

The playbook builds "what changed" pages from it (``about/changes.md``) and writes the same notes
as ``RELEASE-NOTES.txt`` into the offline zip. The version being built must have an entry.
Mistakes are one line each (file, line, what, how to fix), as for pages and the glossary.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Final

import yaml

from dx_playbook import __version__
from dx_playbook.core.model.markdown import md_escape, md_literal
from dx_playbook.core.model.yaml_data import read_data_file

if TYPE_CHECKING:
    from collections.abc import Callable

#: The file, relative to the project (the folder that holds ``docs/``).
CHANGELOG: Final = Path("data/changelog.yml")
#: A version as the package writes it: three whole numbers.
_VERSION: Final = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
#: Where a "what changed" page wants the list (``docs/<lang>/about/changes.md``).
CHANGES_MARKER: Final = "<!-- dxp-changes -->"
RELEASE_NOTES_NAME: Final = "RELEASE-NOTES.txt"


@dataclass(frozen=True)
class Change:
    #: language -> the change in that language's words (plain text).
    text: dict[str, str]
    #: Pages it is about, relative to a language folder (``principles/command-tower.md``).
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def anchor(self) -> str:
        """The heading ID of the release on the "what changed" page: ``v0-2-0``."""
        return "v" + self.version.replace(".", "-")


def _version_key(version: str) -> tuple[int, ...]:
    found = _VERSION.fullmatch(version)
    return tuple(int(part) for part in found.groups()) if found else ()


def read_changelog(
    project_dir: Path,
    languages: tuple[str, ...],
    problem: Callable[[str, int | None, str, str], None],
    page_exists: Callable[[str], bool],
) -> tuple[Release, ...]:
    """The releases of ``data/changelog.yml`` under ``project_dir``, newest first. Each mistake
    goes to ``problem(file, line, what, fix)`` and its entry is left out. No file: none."""
    path = project_dir / CHANGELOG
    shown = CHANGELOG.as_posix()

    def say(line: int | None, message: str, fix: str) -> None:
        problem(shown, line, message, fix)

    found = read_data_file(
        path, say, "the dashes and indentation: '- version: 1.0.0' then '  date: 2027-04-01'"
    )
    if found is None:
        return ()
    data, root = found
    if data is None:
        return ()
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        say(1, "the file is not a list of editions", "start each edition with '- version: 1.0.0'")
        return ()
    reader = _Reader(say, languages, page_exists)
    releases = [
        release
        for entry, node in zip(data, root.value, strict=True)
        if (release := reader.release(entry, node)) is not None
    ]
    if __version__ not in {release.version for release in releases}:
        say(
            1,
            f"no entry for version {__version__}, the one being built",
            f"add '- version: {__version__}' at the top, with its date and what changed",
        )
    return tuple(releases)


@dataclass
class _Reader:
    say: Callable[[int | None, str, str], None]
    languages: tuple[str, ...]
    page_exists: Callable[[str], bool]
    seen: dict[str, int] = field(default_factory=dict)
    previous: tuple[tuple[int, ...], str] | None = None

    def release(self, entry: object, node: yaml.Node) -> Release | None:
        line = node.start_mark.line + 1
        at = _key_lines(node)
        if not isinstance(entry, dict):
            self.say(line, "an edition is not 'version', 'date' and 'changes'", "see the top")
            return None
        for key in entry:
            if key not in ("version", "date", "changes"):
                self.say(
                    at.get(str(key), line),
                    f"an edition has an unknown field '{key}'",
                    "use only 'version', 'date' and 'changes'",
                )
        version = str(entry.get("version", ""))
        if not _VERSION.fullmatch(version):
            self.say(
                at.get("version", line),
                f"version '{version}' is not three numbers",
                "write it as pyproject.toml does, e.g. 'version: 0.2.0'",
            )
            return None
        if version in self.seen:
            self.say(
                at.get("version", line),
                f"version {version} is listed twice (first on line {self.seen[version]})",
                "give each edition one entry",
            )
            return None
        self.seen[version] = line
        shown = str(entry.get("date", ""))
        try:
            valid = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", shown)) and bool(
                datetime.date.fromisoformat(shown)
            )
        except ValueError:
            valid = False
        if not valid:
            self.say(
                at.get("date", line),
                f"the date of {version} ('{shown}') is not a date",
                "write it as 'date: 2027-04-01'",
            )
            return None
        key = _version_key(version)
        if self.previous is not None and (key > self.previous[0] or shown > self.previous[1]):
            self.say(
                at.get("version", line),
                f"version {version} ({shown}) comes after a newer one",
                "list the editions newest first",
            )
        self.previous = (key, shown)
        changes = entry.get("changes")
        change_nodes = _value_node(node, "changes")
        if not isinstance(changes, list) or not changes or change_nodes is None:
            self.say(
                at.get("changes", line),
                f"version {version} lists no changes",
                "write '  changes:' and under it '    - ja: ...' with every language",
            )
            return None
        found = tuple(
            change
            for item, item_node in zip(changes, change_nodes.value, strict=True)
            if (change := self.change(version, item, item_node)) is not None
        )
        return Release(version, shown, found)

    def change(self, version: str, item: object, node: yaml.Node) -> Change | None:
        line = node.start_mark.line + 1
        at = _key_lines(node)
        if not isinstance(item, dict):
            self.say(line, f"a change of {version} is not text per language", "write '- ja: ...'")
            return None
        texts: dict[str, str] = {}
        for lang in self.languages:
            value = item.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.say(
                    at.get(lang, line),
                    f"a change of {version} has no '{lang}' text",
                    f"write '{lang}: ...' (every language the playbook has: "
                    + ", ".join(self.languages)
                    + ")",
                )
                return None
            texts[lang] = " ".join(value.split())
        for key in item:
            if key not in (*self.languages, "pages"):
                self.say(
                    at.get(str(key), line),
                    f"a change of {version} has an unknown field '{key}'",
                    "use the language codes (" + ", ".join(self.languages) + ") and 'pages'",
                )
        pages = item.get("pages", [])
        if not isinstance(pages, list) or not all(isinstance(page, str) for page in pages):
            self.say(
                at.get("pages", line),
                f"the pages of a change of {version} are not a list of pages",
                "write e.g. 'pages: [principles/command-tower.md]'",
            )
            pages = []
        known = []
        for page in pages:
            if self.page_exists(page):
                known.append(page)
            else:
                self.say(
                    at.get("pages", line),
                    f"a change of {version} names the page '{page}', which does not exist",
                    "name a page by its path in a language folder, e.g. "
                    "'principles/command-tower.md'",
                )
        return Change(texts, tuple(known))


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _value_node(node: yaml.Node, name: str) -> yaml.SequenceNode | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name and isinstance(value, yaml.SequenceNode):
                return value
    return None


def release_notes(
    releases: tuple[Release, ...], languages: tuple[str, ...], words: dict[str, dict[str, str]]
) -> str:
    """``RELEASE-NOTES.txt``: every edition's changes, a section per language (plain text).
    ``words``: each language's ``changes`` words of the catalogue."""
    out: list[str] = []
    for lang in languages:
        title = words[lang]["notes_title"]
        out += [title, "=" * max(len(title), 8), ""]
        for release in releases:
            out.append(words[lang]["release"].format(version=release.version, date=release.date))
            out += [f"- {change.text[lang]}" for change in release.changes]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _fill_markdown(template: str, **parts: str) -> str:
    """``template`` (a catalogue's words with ``{fields}``) as Markdown: its own words escaped,
    each field replaced by ``parts`` (Markdown already)."""
    out = []
    for literal, name, _, _ in Formatter().parse(template):
        out.append(md_literal(literal))
        if name:
            out.append(parts[name])
    return "".join(out)


def changes_markdown(
    releases: tuple[Release, ...],
    lang: str,
    words: dict[str, str],
    link: Callable[[str], tuple[str, str] | None],
    separator: str = ", ",
) -> str:
    """The "what changed" page's list in ``lang``: a heading per edition (``#v0-2-0``), the one
    being built marked, and its changes, each with links to its pages. ``link(page)``: the
    page's title and its path from the "what changed" page, or None when it is not built."""
    lines: list[str] = []
    for release in releases:
        heading = md_escape(words["release"].format(version=release.version, date=release.date))
        if release.version == __version__:
            heading = _fill_markdown(words["current"], release=heading)
        lines += [f"## {heading} {{ #{release.anchor} }}", ""]
        for change in release.changes:
            text = md_escape(change.text[lang])
            targets = [found for page in change.pages if (found := link(page)) is not None]
            if targets:
                pages = separator.join(f"[{md_escape(title)}]({href})" for title, href in targets)
                text = _fill_markdown(words["pages"], change=text, pages=pages)
            lines.append(f"- {text}")
        lines.append("")
    return "\n".join(lines)
