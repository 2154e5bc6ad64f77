"""The search thesaurus: ``data/synonyms.yml``, which contributors edit (issue 19).

Officials search with words the text does not use: ハンコ for 押印, PoC for 実証実験, "org chart"
for 組織図. The file lists, per language, groups of words that mean the same for a reader of that
language's pages; a query holding one word of a group also searches for the others::

    ja:
      - [押印, ハンコ, はんこ, 判子]
      - [実証実験, PoC, 概念実証]
    en:
      - [proof of concept, PoC, pilot]

The glossary adds its own groups at build time (a term, its aliases, its reading and its name in
the other languages), so this file holds only what the glossary does not. Mistakes are one line
each (file, line, what, how to fix), as for pages, the glossary and the changelog. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Final

import yaml

from dx_playbook.core.model.yaml_data import read_data_file

if TYPE_CHECKING:
    from collections.abc import Callable

#: The file, relative to the project (the folder that holds ``docs/``).
SYNONYMS: Final = Path("data/synonyms.yml")
#: A word or phrase of a group: at most this many characters.
MAX_WORD: Final = 40
#: Words in one group, at most (a query is expanded once per word).
MAX_GROUP: Final = 12

#: language -> its groups, each a tuple of words as written.
Thesaurus = dict[str, tuple[tuple[str, ...], ...]]


def fold(word: str) -> str:
    """How words are compared: NFKC, lower case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", word).casefold().split())


def read_synonyms(
    project_dir: Path,
    languages: tuple[str, ...],
    problem: Callable[[str, int | None, str, str], None],
) -> Thesaurus:
    """The groups of ``data/synonyms.yml`` under ``project_dir`` for each of ``languages``.
    Each mistake goes to ``problem(file, line, what, fix)`` and its group is left out."""
    shown = SYNONYMS.as_posix()

    def say(line: int | None, message: str, fix: str) -> None:
        problem(shown, line, message, fix)

    thesaurus: Thesaurus = dict.fromkeys(languages, ())
    found = read_data_file(
        project_dir / SYNONYMS, say, "the layout: 'ja:' then '  - [押印, ハンコ]' under it"
    )
    if found is None or found[0] is None:
        return thesaurus
    data, root = found
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        say(1, "the file is not a list of groups per language", "start with 'ja:' then '  - [..]'")
        return thesaurus
    for key_node, value_node in root.value:
        lang = str(key_node.value)
        line = key_node.start_mark.line + 1
        if lang not in languages:
            say(
                line,
                f"'{lang}' is not a language of this playbook",
                f"use one of {', '.join(languages)}",
            )
            continue
        thesaurus[lang] = _groups(lang, data[key_node.value], value_node, say)
    return thesaurus


def _groups(
    lang: str,
    value: object,
    node: yaml.Node,
    say: Callable[[int | None, str, str], None],
) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        say(
            node.start_mark.line + 1,
            f"'{lang}' is not a list of groups",
            "write each group on its own line as '  - [word, other word]'",
        )
        return ()
    groups: list[tuple[str, ...]] = []
    first_seen: dict[str, int] = {}
    for entry, entry_node in zip(value, node.value, strict=True):
        line = entry_node.start_mark.line + 1
        if not isinstance(entry, list):
            say(line, "a group is not a list of words", "write it as '- [押印, ハンコ]'")
            continue
        words = [word for word in entry if isinstance(word, str) and word.strip()]
        if len(words) != len(entry):
            say(line, "a group holds something that is not a word", "write only words, quoted")
            continue
        if len(words) < 2:
            say(line, "a group has one word only", "add the words it should also find, or drop it")
            continue
        if len(words) > MAX_GROUP:
            say(line, f"a group has more than {MAX_GROUP} words", "split it into groups")
            continue
        long = [word for word in words if len(word) > MAX_WORD]
        if long:
            say(line, f"'{long[0][:20]}…' is longer than {MAX_WORD} characters", "shorten it")
            continue
        folded = [fold(word) for word in words]
        again = next((w for w, f in zip(words, folded, strict=True) if f in first_seen), None)
        if again is not None:
            say(
                line,
                f"'{again}' is already in the group on line {first_seen[fold(again)]}",
                "keep each word in one group only: merge the two groups",
            )
            continue
        if len(set(folded)) != len(folded):
            say(line, "a group names the same word twice", "write each word once")
            continue
        first_seen.update(dict.fromkeys(folded, line))
        groups.append(tuple(" ".join(word.split()) for word in words))
    return tuple(groups)
