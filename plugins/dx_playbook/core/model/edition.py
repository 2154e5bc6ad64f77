"""The edition stamp: which version of the playbook a reader holds, built when, from what source.

An offline copy can circulate for years on closed-network PCs; the stamp on every page and on the
"about this edition" page lets a reader tell whether theirs is current. ``SOURCE_DATE_EPOCH``
(https://reproducible-builds.org/specs/source-date-epoch/) fixes the build date, so two builds of
the same commit are identical.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from dx_playbook import __version__
from dx_playbook.core.text.catalogue import catalogue

#: Dates are shown in Japan time: the playbook's readers and editors work there.
JST = timezone(timedelta(hours=9), "JST")
#: Set by a build system that has no git checkout (e.g. a source tarball) to name the commit.
COMMIT_VARIABLE = "DXP_SOURCE_COMMIT"
UNKNOWN_COMMIT = "unknown"
_COMMIT = re.compile(r"^[0-9a-f]{7,40}(?:-dirty)?$")


@dataclass(frozen=True)
class Edition:
    version: str
    #: The build moment, in UTC.
    built: datetime
    #: Short commit hash, ``-dirty`` when the working tree had changes, or :data:`UNKNOWN_COMMIT`.
    commit: str

    @property
    def date(self) -> str:
        """The build date in Japan time, ``YYYY-MM-DD``."""
        return self.built.astimezone(JST).date().isoformat()

    @property
    def zip_timestamp(self) -> tuple[int, int, int, int, int, int]:
        """The build moment in Japan time as a zip entry time (zip stores no time zone)."""
        moment = max(self.built, datetime(1980, 1, 2, tzinfo=UTC)).astimezone(JST)
        return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)

    def commit_label(self, lang: str) -> str:
        if self.commit == UNKNOWN_COMMIT:
            return labels(lang)["unknown"]
        return self.commit

    def stamp(self, lang: str) -> str:
        """One line for a page footer: ``版 0.1.0 · 2026-12-01 · 1a2b3c4``."""
        words = labels(lang)
        return f"{words['edition']} {self.version} · {self.date} · {self.commit_label(lang)}"


def labels(lang: str) -> dict[str, Any]:
    """The edition's words in ``lang`` (``edition`` of its catalogue); an unknown language is a
    :class:`~dx_playbook.core.text.catalogue.CatalogueError`."""
    words: dict[str, Any] = catalogue(lang)["edition"]
    return words


def build_moment(environ: Mapping[str, str]) -> datetime:
    """``SOURCE_DATE_EPOCH`` when set to a whole number of seconds, else now."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def run_git(project_dir: Path, *args: str) -> str | None:
    """What ``git -C project_dir <args>`` prints, or None when git fails or is missing."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(project_dir), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            # Read-only: without this, 'git status' may rewrite the index while others use it.
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def source_commit(project_dir: Path, environ: Mapping[str, str]) -> str:
    """The commit the build comes from, or :data:`UNKNOWN_COMMIT` without git and without
    :data:`COMMIT_VARIABLE`."""
    given = environ.get(COMMIT_VARIABLE, "").strip().lower()
    if _COMMIT.fullmatch(given):
        return given
    commit = run_git(project_dir, "rev-parse", "--short=10", "HEAD")
    if not commit or not _COMMIT.fullmatch(commit):
        return UNKNOWN_COMMIT
    changes = run_git(project_dir, "status", "--porcelain", "--untracked-files=no")
    return f"{commit}-dirty" if changes else commit


def current_edition(project_dir: Path, environ: Mapping[str, str] | None = None) -> Edition:
    """The edition of a build of the project at ``project_dir`` run now."""
    environ = os.environ if environ is None else environ
    return Edition(__version__, build_moment(environ), source_commit(project_dir, environ))


def edition_table(edition: Edition, lang: str, *, offline: bool) -> str:
    """The edition as a two-column Markdown table, for the "about this edition" page."""
    words = labels(lang)
    rows = [
        (words["version"], edition.version),
        (words["built"], edition.date),
        (words["commit"], f"`{edition.commit}`" if edition.commit != UNKNOWN_COMMIT else
         edition.commit_label(lang)),
        (words["format"], words["formats"]["offline" if offline else "website"]),
    ]  # fmt: skip
    name_heading, value_heading = words["table_headings"]["name"], words["table_headings"]["value"]
    lines = ['<div class="dxp-edition" markdown>', "", f"| {name_heading} | {value_heading} |"]
    lines.append("|---|---|")
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join([*lines, "", "</div>"])
