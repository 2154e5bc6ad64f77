"""Find wording shared with the source article, so the playbook stays in our own words.

A run of ``WINDOW`` identical characters (white space ignored) counts as copied, unless it sits
inside a marked, credited quotation (「…」 or a ``<q>`` element) or is one of the names we must
give to credit the series (its publisher and the author's organisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WINDOW = 18
_SPACE = re.compile(r"\s+")
#: Quoted passages that may repeat the source: Japanese brackets and <q> elements.
_QUOTATION = re.compile(r"「[^」\n]{0,200}」|<q\b[^<>]*+>(?:[^<]++|<(?!/q>))*+</q>")


#: Names that credit the series; repeating them is attribution, not copying.
CREDITED_NAMES = ("Public dots & Company", "一般社団法人Publitech")


@dataclass(frozen=True)
class SharedRun:
    start: int
    text: str


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def source_windows(source: str, window: int = WINDOW) -> set[str]:
    flat = squash(source)
    return {flat[i : i + window] for i in range(len(flat) - window + 1)}


def shared_runs(text: str, windows: set[str], window: int = WINDOW) -> list[SharedRun]:
    """Runs of ``text`` (outside quotations) that also occur in the source."""
    unquoted = _QUOTATION.sub(lambda m: "\u0000" * len(m.group()), text)
    for name in CREDITED_NAMES:
        unquoted = unquoted.replace(name, "\u0000" * len(name))
    flat = squash(unquoted)
    runs: list[SharedRun] = []
    index = 0
    while index <= len(flat) - window:
        piece = flat[index : index + window]
        if piece in windows:
            runs.append(SharedRun(index, piece))
            index += window
        else:
            index += 1
    return runs
