"""When each page last changed, from the repository's history (issue 20).

Two readers use it: the "last updated" line of every page, and the notice on a translation
that fell behind its original (which says when the original changed). One ``git log`` reads
the whole docs folder (a few milliseconds; a call per page, as git-date plugins make, costs a
build about a second) and one ``git diff`` finds the files with uncommitted changes.

History gives no date rather than a wrong one: outside a repository, in a shallow clone (whose
oldest commit seems to touch every file), for a file not committed or with uncommitted changes,
or when git is missing. The last-updated line then shows the edition's build date, which
``SOURCE_DATE_EPOCH`` fixes, so a source tarball builds the same site every time.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from dx_playbook.core.model.edition import JST, run_git

#: What starts each commit's record in the log this module reads.
_MARK = "\x00"


def parse_log(text: str) -> dict[str, datetime.date]:
    """``path -> date`` (Japan time) from ``git log --format=%x00%ct --name-only`` output,
    newest commit first: a path's first appearance is its last change."""
    dates: dict[str, datetime.date] = {}
    current: datetime.date | None = None
    for line in text.splitlines():
        if line.startswith(_MARK):
            stamp = line[len(_MARK) :].strip()
            current = (
                datetime.datetime.fromtimestamp(int(stamp), tz=datetime.UTC).astimezone(JST).date()
                if stamp.isdigit()
                else None
            )
        elif line and current is not None and line not in dates:
            dates[line] = current
    return dates


class History:
    """The dates of the files under ``root`` (a project folder) that its history can tell."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self._usable: bool | None = None
        self._dates: dict[str, datetime.date] | None = None
        self._changed: set[str] = set()

    @property
    def usable(self) -> bool:
        """Whether the history can date files: a repository that is not a shallow clone."""
        if self._usable is None:
            self._usable = run_git(self.root, "rev-parse", "--is-shallow-repository") == "false"
        return self._usable

    def _read(self) -> dict[str, datetime.date]:
        if self._dates is None:
            self._dates = {}
            if self.usable:
                log = run_git(self.root, "log", "--format=%x00%ct", "--name-only", "--relative")
                self._dates = parse_log(log or "")
                # Staged or not, against the last commit; paths relative to root, like the log's.
                changed = run_git(self.root, "diff", "--name-only", "--relative", "HEAD")
                self._changed = set((changed or "").splitlines())
        return self._dates

    def last_change(self, path: Path) -> datetime.date | None:
        """When the file at ``path`` last changed, or None where the history cannot tell."""
        dates = self._read()
        try:
            relative = Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        if relative in self._changed:
            return None
        return dates.get(relative)
