"""Which files under ``docs/`` a build may publish.

MkDocs copies every file of the docs folder into the site, following symbolic links, and a
file of the docs folder silently takes the place of the theme's file of the same name. So a
link ``docs/env.txt -> /proc/self/environ`` would publish the build machine's environment
(secrets included) in the site and the offline zip, and ``docs/assets/javascripts/...`` could
replace one of our scripts without anybody noticing. A file that a browser runs as a document
or a script of the site (``.html``, ``.svg``, ``.js``, ...) would run under the site's own
address with none of the checks a page gets, and read or overwrite readers' saved progress.
:func:`check_sources` finds them all; the
validate plugin leaves such files out of the build, and ``--strict`` fails on the warning.

Markdown pages of the language folders are read, and checked the same way, by
:func:`dx_playbook.core.authoring.load.load_site`; they are not reported twice.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.site import Problem, display_path


@dataclass(frozen=True)
class Refused:
    """A path under the docs folder that must not be published, and why."""

    path: Path
    problem: Problem
    #: For a file that would replace a theme file: the theme folder whose file it is.
    theme_dir: Path | None = None


#: Files a browser opens as a document that can hold script, or runs as script: the site's code
#: is reviewed in ``overrides/``; content brings pages (``.md``) and inert files (images, PDF).
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt"}
    | {".js", ".mjs", ".cjs", ".wasm", ".swf", ".hta", ".php"}
)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_page(relative: Path, languages: Languages) -> bool:
    """Pages of a language folder: :func:`load_site` reports their problems."""
    return relative.suffix == ".md" and len(relative.parts) > 1 and relative.parts[0] in languages


def check_sources(
    docs_dir: Path,
    project_dir: Path,
    theme_dirs: Iterable[Path] = (),
    languages: Languages = PLAYBOOK,
) -> list[Refused]:
    """Every file or folder under ``docs_dir`` that a build must leave out, with its problem.

    * anything whose real path (after following links) is outside ``project_dir``;
    * a link that leads nowhere, and anything that is neither a file nor a folder (a FIFO
      would hang the copy);
    * a file with the same path as a file of one of ``theme_dirs`` (it would replace it).
    """
    docs_dir, root = Path(docs_dir), Path(project_dir).resolve()
    themes = [Path(folder) for folder in theme_dirs]
    refused: list[Refused] = []

    def refuse(path: Path, message: str, fix: str, theme_dir: Path | None = None) -> None:
        shown = display_path(path, docs_dir)
        refused.append(Refused(path, Problem(shown, None, message, fix), theme_dir))

    # Links are followed, as MkDocs follows them; each real folder is walked once, so that a
    # link to a parent folder cannot make this loop forever.
    walked = {docs_dir.resolve()}
    for folder, dirs, names in os.walk(docs_dir, followlinks=True):
        here = Path(folder)
        for name in sorted([*dirs, *names]):
            path = here / name
            relative = path.relative_to(docs_dir)
            if name.startswith(".") or (name in names and _is_page(relative, languages)):
                _skip(dirs, name)
                continue
            try:
                real = path.resolve(strict=True)
                mode = real.stat().st_mode
            except (OSError, RuntimeError):
                refuse(
                    path,
                    "this link leads to nothing",
                    "remove the link, or copy the file it meant into the project",
                )
                _skip(dirs, name)
                continue
            if not _inside(real, root):
                refuse(
                    path,
                    f"this link leads outside the project (to {real}), which would be published",
                    "copy what you need into the project instead of linking to it",
                )
                _skip(dirs, name)
            elif stat.S_ISDIR(mode):
                if real in walked:
                    _skip(dirs, name)
                walked.add(real)
            elif not stat.S_ISREG(mode):
                refuse(path, "this is not a regular file", "remove it from the docs folder")
            elif (theme := next((t for t in themes if (t / relative).is_file()), None)) is not None:
                refuse(
                    path,
                    f"this file would replace the theme's own {relative.as_posix()}",
                    "give it another name or folder (the theme is changed in overrides/, "
                    "through review)",
                    theme,
                )
            elif path.suffix.lower() in ACTIVE_SUFFIXES:  # browsers go by the published name
                refuse(
                    path,
                    f"a {path.suffix.lower()} file would be published as "
                    "it is, and a browser can run script in it under the site's address",
                    "write the page in Markdown (.md), use a PNG or JPEG image instead of SVG, "
                    "and propose scripts in overrides/assets/ through review",
                )
    return refused


def unreported(refused: Iterable[Refused], problems: Iterable[Problem]) -> list[Problem]:
    """The problems of ``refused`` whose file no problem of ``problems`` names already: a
    script that would also take a generated file's place gets one line, the clash, not two."""
    named = {problem.path for problem in problems if problem.line is None}
    return [item.problem for item in refused if item.problem.path not in named]


def _skip(dirs: list[str], name: str) -> None:
    if name in dirs:
        dirs.remove(name)
