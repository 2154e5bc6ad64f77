"""Checks over the content model. Each finding is one :class:`~dx_playbook.core.model.site.Problem`."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dx_playbook.core.model import schema
from dx_playbook.core.model.structure import parse_body
from dx_playbook.core.translations.translations import check_records

if TYPE_CHECKING:
    from pathlib import Path

    from dx_playbook.core.model.site import Page, Principle, Problem, Site

MIN_ITEMS, MAX_ITEMS = 3, 7
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
MAX_SUMMARY_CHARS = 400


def _closest(value: object, choices: list[str]) -> str:
    """A "did you mean" hint, or the list of choices."""
    if isinstance(value, str):
        match = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
        if match:
            return f"did you mean '{match[0]}'? (allowed: {', '.join(choices)})"
    return "use one of: " + ", ".join(choices)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Collector:
    """Adds problems for one page without repeating its path everywhere."""

    def __init__(self, site: Site, page: Page) -> None:
        self.site, self.page = site, page

    def add(self, line: int | None, message: str, fix: str) -> None:
        from dx_playbook.core.model.site import Problem

        self.site.problems.append(Problem(self.page.display_path, line, message, fix))

    def field(self, key: str, message: str, fix: str) -> None:
        self.add(self.page.document.line_of(key), message, fix)


def check_principle_meta(site: Site, page: Page) -> Principle | None:  # noqa: PLR0912 - one flat list of field checks reads best
    """Validate a principle page's front matter; return the principle when it is usable."""
    from dx_playbook.core.model.site import Principle

    report = _Collector(site, page)
    meta: dict[str, Any] = page.meta
    ok = True
    for key in schema.PRINCIPLE_FIELDS:
        if key not in meta:
            report.add(
                1 if page.document.has_front_matter else None,
                f"front matter has no '{key}'",
                f"add a line '{key}: ...' ({schema.PRINCIPLE_FIELDS[key]})",
            )
            ok = False
    page_id = meta.get("id")
    if "id" in meta:
        if not schema.is_slug(page_id):
            report.field(
                "id",
                f"id {_show(page_id)} is not a lowercase slug (a-z, 0-9 and single hyphens)",
                f"use an ID such as '{schema.suggest_slug(str(page_id))}' and rename the file",
            )
            ok = False
        elif page_id != page.slug:
            report.field(
                "id",
                f"id '{page_id}' does not match the file name '{page.slug}.md'",
                f"rename the file to '{page_id}.md' or set 'id: {page.slug}'",
            )
            ok = False
    pillar = meta.get("pillar")
    if "pillar" in meta and not (isinstance(pillar, str) and pillar in schema.PILLARS):
        report.field(
            "pillar", f"unknown pillar {_show(pillar)}", _closest(pillar, list(schema.PILLARS))
        )
        ok = False
    part = meta.get("series_part")
    if "series_part" in meta and (
        isinstance(part, bool) or not isinstance(part, int) or part not in schema.SERIES_PARTS
    ):
        report.field(
            "series_part",
            f"series_part {_show(part)} is not a whole number from 1 to 7",
            "write the part of the series this principle draws on, e.g. 'series_part: 5'",
        )
        ok = False
    series_headings = _series_headings(report, meta, part, page.lang)
    references = _references(report, meta)
    roles = meta.get("roles")
    if "roles" in meta:
        if not isinstance(roles, list) or not roles:
            report.field(
                "roles",
                f"roles {_show(roles)} is not a list of roles",
                "write e.g. 'roles: [leaders, all-staff]'",
            )
            ok = False
        else:
            for role in roles:
                if not (isinstance(role, str) and role in schema.ROLES):
                    report.field(
                        "roles", f"unknown role {_show(role)}", _closest(role, list(schema.ROLES))
                    )
                    ok = False
            if len(set(map(str, roles))) != len(roles):
                report.field("roles", "a role is listed twice", "list each role once")
    summary = meta.get("summary")
    if "summary" in meta:
        if not isinstance(summary, str) or not summary.strip():
            report.field("summary", "summary is empty or not text", "write one or two sentences")
            ok = False
        elif len(summary) > MAX_SUMMARY_CHARS:
            report.field(
                "summary",
                f"summary is {len(summary)} characters long",
                f"keep it under {MAX_SUMMARY_CHARS}: one or two sentences",
            )
    order = meta.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        order = 0  # reported by check_front_matter
    check_principle_body(report, page)
    if not ok or not page.readable:
        return None
    return Principle(
        id=str(page_id),
        lang=page.lang,
        title=page.title,
        pillar=str(pillar),
        series_part=int(part or 0),
        roles=tuple(str(r) for r in roles or ()),
        summary=str(summary).strip(),
        order=order,
        items=tuple(page.structure.items),
        questions=tuple(page.structure.questions),
        page=page,
        series_headings=series_headings,
        references=references,
    )


def _series_headings(
    report: _Collector, meta: dict[Any, Any], part: object, lang: str
) -> tuple[int, ...]:
    """The headings ``series_headings`` names, each a number of a heading that part has; the
    wrong ones are reported (the page still builds, crediting what is right). The message
    lists the part's headings in the page's language."""
    if "series_headings" not in meta:
        return ()
    value = meta["series_headings"]
    known = (
        schema.SERIES_HEADINGS[part].get(lang, ())
        if isinstance(part, int) and not isinstance(part, bool) and part in schema.SERIES_PARTS
        else ()
    )
    listed = ", ".join(f"{n} '{heading}'" for n, heading in enumerate(known, 1))
    hint = f"part {part} has the headings {listed}" if known else "fix series_part first"
    if not isinstance(value, list) or not value:
        report.field(
            "series_headings",
            f"series_headings {_show(value)} is not a list of heading numbers",
            f"write e.g. 'series_headings: [2]' ({hint}), or delete the line to credit the "
            "part's title",
        )
        return ()
    out: list[int] = []
    for entry in value:
        if isinstance(entry, bool) or not isinstance(entry, int) or not 1 <= entry <= len(known):
            if known:
                report.field(
                    "series_headings",
                    f"part {part} has no heading {_show(entry)}",
                    f"use the number of a heading it has: {listed}",
                )
            continue
        if entry in out:
            report.field("series_headings", f"heading {entry} is listed twice", "list it once")
            continue
        out.append(entry)
    return tuple(out)


def _references(report: _Collector, meta: dict[Any, Any]) -> tuple[str, ...]:
    """The references the page names; unknown IDs are reported and left out."""
    if "references" not in meta:
        return ()
    spec = schema.FIELDS["references"]
    value = meta["references"]
    if not isinstance(value, list):
        report.field("references", *field_problem(spec, value) or ("", ""))
        return ()
    out: list[str] = []
    for entry in value:
        if isinstance(entry, str) and entry in spec.choices and entry not in out:
            out.append(entry)
        elif isinstance(entry, str) and entry in out:
            report.field("references", f"reference '{entry}' is listed twice", "list it once")
        else:
            report.field(
                "references",
                f"unknown reference {_show(entry)}",
                _closest(entry, list(spec.choices))
                + " (a new one goes under 'references' in every text catalogue first)",
            )
    return tuple(out)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: What each word of :data:`schema.SEARCH_OPTIONS` accepts.
_OPTION_CHECKS: dict[str, Callable[[object], bool]] = {
    "true or false": lambda value: isinstance(value, bool),
    "a positive number": lambda value: (
        _is_number(value) and math.isfinite(float(value)) and float(value) > 0  # type: ignore[arg-type]
    ),
}


def field_problem(spec: schema.Field, value: object) -> tuple[str, str] | None:  # noqa: PLR0911, PLR0912 - one branch per kind of value
    """What is wrong with ``value`` for the field ``spec``, and how to fix it; or ``None``."""
    name, example = spec.name, spec.example
    if spec.kind == schema.TEXT:
        if not isinstance(value, str):
            return f"{name} {_show(value)} is not text", f"write e.g. '{example}'"
        if not value.strip():
            return f"{name} is empty", f"write e.g. '{example}', or delete the line"
    elif spec.kind == schema.SLUG:
        if not schema.is_slug(value):
            return f"{name} {_show(value)} is not {spec.expected}", f"write e.g. '{example}'"
    elif spec.kind == schema.WHOLE_NUMBER:
        low, high = spec.minimum, spec.maximum
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            return f"{name} {_show(value)} is not {spec.expected}", f"write e.g. '{example}'"
    elif spec.kind == schema.ONE_OF:
        if not isinstance(value, str):
            return (
                f"{name} {_show(value)} is not a single value",
                f"write e.g. '{example}' ({spec.expected})",
            )
        if value not in spec.choices:
            return f"unknown {name} {_show(value)}", _closest(value, list(spec.choices))
    elif spec.kind == schema.LIST_OF:
        if not isinstance(value, list):
            return (
                f"{name} {_show(value)} is not a list",
                f"write e.g. '{example}' ({spec.expected})",
            )
        for entry in value:
            if not (isinstance(entry, str) and entry in spec.choices):
                return f"unknown {name} entry {_show(entry)}", _closest(entry, list(spec.choices))
        if len(set(value)) != len(value):
            return f"an entry of {name} is listed twice", "list each one once"
    elif spec.kind == schema.WORDS:
        return _words_problem(spec, value)
    elif spec.kind == schema.OPTIONS:
        if not isinstance(value, dict):
            return (
                f"{name} {_show(value)} is not a mapping",
                f"write e.g. '{example}' ({spec.expected})",
            )
        for key, option in value.items():
            kind = schema.SEARCH_OPTIONS.get(key) if isinstance(key, str) else None
            if kind is None:
                return f"unknown {name} option {_show(key)}", _closest(key, list(spec.choices))
            if not _OPTION_CHECKS[kind](option):
                return (
                    f"{name} option '{key}' is {_show(option)}, not {kind}",
                    f"write e.g. '{name}: {{{key}: {'true' if kind == 'true or false' else '2'}}}'",
                )
    return None


def _words_problem(spec: schema.Field, value: object) -> tuple[str, str] | None:
    """What is wrong with a list of search words (``keywords``), or ``None``."""
    name, example = spec.name, spec.example
    if not isinstance(value, list) or not value:
        shown = "an empty list" if value == [] else _show(value)
        return f"{name} {shown} is not a list of words", f"write e.g. '{example}'"
    if len(value) > schema.KEYWORDS_MAX:
        return (
            f"{name} has {len(value)} entries, more than {schema.KEYWORDS_MAX}",
            "keep the words readers type most",
        )
    seen: set[str] = set()
    for entry in value:
        if not isinstance(entry, str) or not entry.strip():
            return f"{name} entry {_show(entry)} is not a word", f"write e.g. '{example}'"
        if len(entry) > schema.KEYWORD_MAX_LENGTH or not entry.isprintable():
            return (
                f"{name} entry {_show(entry)} is not one line of at most "
                f"{schema.KEYWORD_MAX_LENGTH} characters",
                "shorten it to the words readers type",
            )
        folded = entry.strip().casefold()
        if folded in seen:
            return f"{name} entry {_show(entry)} is listed twice", "list it once"
        seen.add(folded)
    return None


def check_front_matter(site: Site, page: Page) -> bool:
    """Check every front-matter field of any page against :data:`schema.FIELDS`.

    Principle fields of principle pages are left to :func:`check_principle_meta`,
    ``translation_of`` to :func:`~dx_playbook.core.translations.translations.check_records`, and the text
    ``role`` of a ``dxp_view: role`` page to :func:`~dx_playbook.core.checklists.views.view_problems`
    (which :func:`validate_site` runs after this: reported here too, it would be two lines). Returns False when the
    page must be left out of the build (see :attr:`schema.Field.breaks_build`), or when it has
    a field of Material's that the playbook does not offer.
    """
    report = _Collector(site, page)
    meta: dict[Any, Any] = page.meta
    buildable = True
    names = list(schema.FIELDS)
    for key, value in meta.items():
        name = str(key)
        spec = schema.FIELDS.get(key) if isinstance(key, str) else None
        if spec is None:
            shown = _short(name if name.isprintable() else repr(name)[1:-1])
            if name in schema.THEME_ONLY_FIELDS:
                report.field(
                    name,
                    f"front-matter field '{shown}' is Material's, and the playbook does not use it",
                    f"delete the '{shown}' line",
                )
                buildable = False
            else:
                report.field(
                    name, f"unknown front-matter field '{shown}'", _closest(name, sorted(names))
                )
            continue
        if spec.kind == schema.RECORD or (
            (spec.principle or spec.principle_only) and page.is_principle
        ):
            continue
        if spec.principle_only:
            report.field(
                name,
                f"'{name}' is for principle pages only",
                f"delete the '{name}' line (principle pages live in {schema.PRINCIPLES_DIR}/)",
            )
            continue
        if name == "role" and isinstance(value, str) and meta.get("dxp_view") == "role":
            continue
        found = field_problem(spec, value)
        if found is not None:
            report.field(name, *found)
            if spec.breaks_build or (spec.kind == schema.ONE_OF and not isinstance(value, str)):
                buildable = False
    return buildable


#: A snippet line of ``pymdownx.snippets``, as its preprocessor matches it: the one-line form
#: ``--8<-- "file"`` (any run of dashes around ``8<``, indented or not) or a block marker
#: ``--8<--`` that opens or closes a list of files, one a line; ``;`` before it escapes it.
_SNIPPET_LINE = re.compile(
    r"""^[ \t]*(?P<escape>;*)(?:-+8<-+[ \t]+(?P<target>"(?:\\"|[^"\n])+?"|'(?:\\'|[^'\n])+?')"""
    r"|-+8<-+)$"
)
#: Line ranges (``:3:5``, ``:1:2,8:9``) or a section (``:name``) after a snippet's file name.
_SNIPPET_SELECTION = re.compile(
    r"(?:(?::-?[0-9]*){1,2}(?:,-?[0-9]*(?::-?[0-9]*)?)*|:[a-z][-_0-9a-z]*)$", re.IGNORECASE
)
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
#: Larger snippet files are refused; nesting deeper than this is refused too.
MAX_SNIPPET_BYTES = 128 * 1024
MAX_SNIPPET_NESTING = 8


def snippet_lines(lines: list[str]) -> list[tuple[int, str]]:
    """``(index, target)`` of each line of ``lines`` that includes a snippet, as
    ``pymdownx.snippets`` reads them: the one-line form and each file of a block (commented
    ``;`` entries and escaped markers are skipped). ``target`` may hold a line selection."""
    found: list[tuple[int, str]] = []
    block = False
    for index, line in enumerate(lines):
        match = _SNIPPET_LINE.match(line) if "8<" in line else None
        if match is not None:
            if match["escape"]:
                continue
            if match["target"] is None:
                block = not block
            elif not block:  # pymdownx ignores the one-line form inside a block
                target = match["target"][1:-1].strip()
                if not target.startswith(";"):
                    found.append((index, target))
        elif block:
            target = line.strip()
            if target and not target.startswith(";"):
                found.append((index, target))
    return found


class SnippetChecker:
    """Checks the ``--8<--`` lines of pages, and of the snippet files they include.

    A snippet must name a file of the project's ``snippets/`` folder by a relative path
    without ``..``; the file must be an ordinary UTF-8 file of at most
    :data:`MAX_SNIPPET_BYTES` whose real path (links followed) is in that folder. Each
    included file is read (with those limits) and its own snippet lines checked the same way,
    once per run. A page with a refused snippet line, or that includes a refused file, is left
    out of the build: ``mkdocs.yml`` sets ``check_paths: false``, so pymdownx itself never
    raises, and it must never be handed a file it could hang or leak on.

    What a snippet holds is not merged into the page's checks (its checklist lines are not
    items); the sanitizer sees it in the HTML the build makes.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.folder = site.docs_dir.parent / schema.SNIPPETS_DIR
        self.real_folder = self.folder.resolve()
        project = site.docs_dir.parent.resolve()
        #: A snippets folder that is (or sits behind) a link out of the project would publish
        #: whatever it leads to: then no snippet is accepted.
        self.outside = not (self.real_folder == project or project in self.real_folder.parents)
        #: Real path of each snippet file checked -> whether it (and what it includes) is fine.
        self.files: dict[Path, bool] = {}

    def check_page(self, page: Page) -> bool:
        """Report the page's bad snippet lines; False when the page must leave the build."""
        body = page.document.body
        if "8<" not in body:
            return True
        lines = body.split("\n")
        return self._check_lines(lines, page.display_path, page.document.body_start, (), depth=0)

    def _check_lines(
        self, lines: list[str], shown: str, first_line: int, stack: tuple[Path, ...], depth: int
    ) -> bool:
        from dx_playbook.core.model.site import Problem

        ok = True
        for index, target in snippet_lines(lines):
            refusal = self._check_target(target, stack, depth)
            if refusal is True:
                continue
            ok = False
            if refusal is not False:
                message, fix = refusal
                self.site.problems.append(Problem(shown, first_line + index, message, fix))
        return ok

    def _check_target(  # noqa: PLR0911 - one return per way a snippet is refused
        self, target: str, stack: tuple[Path, ...], depth: int
    ) -> tuple[str, str] | bool:
        """True when fine; ``(message, fix)`` when refused here; False when a file it includes
        was refused (and reported on that file)."""
        folder = f"{schema.SNIPPETS_DIR}/"
        keep = f"put the file in the project's {folder} folder and name it relative to it"
        if len(target) > schema.SNIPPET_PATH_MAX_LENGTH:
            return f"snippet path of {len(target)} characters is too long", keep
        path = _SNIPPET_SELECTION.sub("", target).strip() if ":" in target else target
        shown = _short(path)
        if not path:
            return "snippet line names no file", keep
        if self.outside:
            return (
                f"the project's {folder} folder leads outside the project (to "
                f"{self.real_folder}), so no snippet is read from it",
                f"make {folder} an ordinary folder of the project, holding copies of the files",
            )
        if not path.isprintable():
            return f"snippet path {_show(path)} holds a control character", keep
        if path.lower().startswith(("http://", "https://")):
            return (
                f"snippet '{shown}' is a web address; snippets come from {folder} only",
                f"save the text as a file in {folder} and name that file",
            )
        if path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(path):
            return f"snippet '{shown}' is an absolute path", keep
        if ".." in re.split(r"[\\/]", path):
            return f"snippet '{shown}' contains '..'", keep
        candidate = self.folder / path
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            missing = "is a link that leads to nothing" if candidate.is_symlink() else "is missing"
            return (
                f"snippet file '{folder}{shown}' {missing}",
                f"create {folder}{shown} or correct the name",
            )
        if not (real == self.real_folder or self.real_folder in real.parents):
            return (
                f"snippet '{shown}' leads outside the {folder} folder (to {real})",
                f"copy the file into {folder} instead of linking to it",
            )
        if real in stack:
            return True  # pymdownx skips a file that includes itself
        if depth >= MAX_SNIPPET_NESTING:
            return (
                f"snippets nest more than {MAX_SNIPPET_NESTING} deep at '{shown}'",
                "include the files from fewer levels",
            )
        if real not in self.files:
            self.files[real] = self._check_file(candidate, real, (*stack, real), depth)
        return self.files[real]

    def _check_file(self, path: Path, real: Path, stack: tuple[Path, ...], depth: int) -> bool:
        from dx_playbook.core.model.site import (
            Problem,
            UnreadableError,
            display_path,
            read_bytes_safely,
        )

        shown = display_path(path, self.site.docs_dir)
        try:
            text = read_bytes_safely(real, MAX_SNIPPET_BYTES, "snippet").decode("utf-8")
        except UnreadableError as error:
            self.site.problems.append(Problem(shown, None, error.message, error.fix))
            return False
        except UnicodeDecodeError as error:
            self.site.problems.append(
                Problem(
                    shown,
                    None,
                    f"the snippet is not UTF-8 text (byte {error.start})",
                    "save it as UTF-8 in your editor",
                )
            )
            return False
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        # What it holds goes into the page before Markdown converts it: held to the same
        # limits on its own (wherever it is included, even in a code block).
        shape = markdown_shape(lines)
        if shape is not None:
            index, message, fix = shape
            self.site.problems.append(Problem(shown, index + 1, message, fix))
            return False
        if "8<" not in text:
            return True
        return self._check_lines(lines, shown, 1, stack, depth + 1)


# Shapes Python-Markdown cannot convert ---------------------------------------------------------

#: Python-Markdown (with the extensions of ``mkdocs.yml``) recurses once for each level of
#: nesting, with no limit of its own: a list nested 250 levels by indentation, or 500 by
#: markers on one line (``- - - ... x``), 330 admonitions or ``<div markdown>`` elements
#: inside one another and emphasis nested 1000 deep (``*a *a ... a* a*``, or a run of "*")
#: end the build with a RecursionError. Its link and HTML patterns read the rest of the
#: paragraph again from each "[" and the rest of the page from each "<": 16,000 "[" on one
#: line take 30 seconds. A page past these limits is refused, like a page whose front matter
#: could not be used; the playbook's pages use a tenth of each at most. Lines of fenced code
#: are not counted (superfences takes them out first), nor is indented code, except for "<"
#: and ``markdown`` (the HTML parser reads it before the code is found).
MAX_MARKDOWN_NESTING = 20
MAX_EMPHASIS_RUN = 100
#: "*" and "_" in one paragraph (each emphasis takes two).
MAX_EMPHASIS_MARKERS = 500
#: "[" or "<" in one paragraph, and in one page.
MAX_PARAGRAPH_OPENERS = 300
MAX_PAGE_OPENERS = 1000
#: Attributes ``markdown`` (HTML elements with Markdown inside), in one page.
MAX_MARKDOWN_ATTRIBUTES = 50

_SPLIT_OR_FENCE = (
    "split the text into shorter paragraphs, or put it in a fenced code block (```) if it is an "
    "example"
)


def _leading(line: str) -> tuple[int, int, int]:
    """The columns of a line's indentation (a tab to the next multiple of four), how many list
    or quote markers follow it in a row (``- 1. > x``: three), and how many of those are "*"."""
    columns, index, size = 0, 0, len(line)
    while index < size and line[index] in " \t":
        columns = columns + 1 if line[index] == " " else columns - columns % 4 + 4
        index += 1
    markers = stars = 0
    while index < size:
        char, end = line[index], index + 1
        if char in "-*+":
            if end == size or line[end] not in " \t":
                break
        elif "0" <= char <= "9":
            while end < size and "0" <= line[end] <= "9":
                end += 1
            if not line.startswith(".", end) or end + 1 == size or line[end + 1] not in " \t":
                break
            end += 1
        elif char != ">":
            break
        markers += 1
        stars += char == "*"
        while end < size and line[end] in " \t":
            end += 1
        index = end
    return columns, markers, stars


def _is_rule(line: str) -> bool:
    """Whether ``line`` is a horizontal rule (``- - -``, ``*****``), which Markdown reads as
    one line, not as list markers or emphasis: three or more of one of "-", "*", "_", at most
    two spaces apart, after at most three."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or stripped[:1] not in ("-", "*", "_"):
        return False
    body = stripped.rstrip(" ")
    char = body[0]
    return body.count(char) >= 3 and not body.replace(char, "").strip(" ") and "   " not in body


def _longest_run(line: str) -> tuple[int, str]:
    """The longest run of "*" or of "_" in ``line``, and its character."""
    best, best_char, run, previous = 0, "", 0, ""
    for char in line:
        if char == previous:
            run += 1
        else:
            run, previous = 1, char
        if run > best and char in "*_":
            best, best_char = run, char
    return best, best_char


def _markdown_attributes(lowered: str) -> int:
    """How many times ``lowered`` (a line in lower case) holds the word ``markdown`` where an
    HTML attribute of that name could stand (after a space, a quote or "/", before "=", ">",
    "/" or a space): an upper bound on the elements with Markdown inside that it opens."""
    count, position = 0, lowered.find("markdown")
    while position >= 0:
        before = lowered[position - 1] if position else " "
        after = lowered[position + 8 : position + 9] or " "
        if before in " \t\"'/" and after in " \t=>/":
            count += 1
        position = lowered.find("markdown", position + 8)
    return count


class _ShapeScan:
    """The counts of one pass over a page's lines (see :func:`markdown_shape`)."""

    def __init__(self) -> None:
        #: The first finding of each rule: rule -> (line index, message, fix).
        self.found: dict[int, tuple[int, str, str]] = {}
        self.page = {"[": 0, "<": 0}
        self.attributes = 0
        #: Where the page's count of "[", "<" or "markdown" passed its limit.
        self.passed: dict[str, int] = {}
        #: The paragraph being read: its first and last line, and its counts.
        self.start: int | None = None
        self.last = 0
        self.counts = {"[": 0, "<": 0, "*_": 0}

    def add(self, rule: int, index: int, message: str, fix: str) -> None:
        self.found.setdefault(rule, (index, message, fix))

    def close(self) -> None:
        """The paragraph being read ends: check what it holds."""
        if self.start is None:
            return
        where = "this line" if self.start == self.last else "the paragraph that starts here"
        emphasis = self.counts["*_"]
        if emphasis > MAX_EMPHASIS_MARKERS:
            self.add(
                _EMPHASIS,
                self.start,
                f"{where} holds {emphasis} '*' and '_', which Markdown could nest as emphasis "
                f"too deeply to convert the page (at most {MAX_EMPHASIS_MARKERS} in a paragraph)",
                "split the paragraph, or put the text in a fenced code block (```) if it is "
                "an example",
            )
        for rule, char in ((_PARAGRAPH_BRACKETS, "["), (_PARAGRAPH_ANGLES, "<")):
            count = self.counts[char]
            if count > MAX_PARAGRAPH_OPENERS:
                self.add(
                    rule,
                    self.start,
                    f"{where} holds {count} '{char}', more than the {MAX_PARAGRAPH_OPENERS} "
                    "Markdown converts in reasonable time in one paragraph",
                    _SPLIT_OR_FENCE,
                )
        self.start = None
        self.counts = {"[": 0, "<": 0, "*_": 0}

    def count_page(self, index: int, char: str, count: int) -> None:
        before = self.page[char]
        self.page[char] = before + count
        if before <= MAX_PAGE_OPENERS < before + count:
            self.passed[char] = index

    def close_page(self) -> None:
        """The page ends: check what it holds."""
        self.close()
        for rule, char in ((_PAGE_BRACKETS, "["), (_PAGE_ANGLES, "<")):
            if char in self.passed:
                self.add(
                    rule,
                    self.passed[char],
                    f"the page holds {self.page[char]} '{char}' (over {MAX_PAGE_OPENERS} from "
                    "this line on), more than Markdown converts in reasonable time in one page",
                    "split the page into several pages, or put examples in fenced code blocks "
                    "(```)",
                )
        if "markdown" in self.passed:
            self.add(
                _ATTRIBUTES,
                self.passed["markdown"],
                f"the page holds {self.attributes} 'markdown' attributes, HTML elements with "
                f"Markdown inside such as '<div markdown>' (over {MAX_MARKDOWN_ATTRIBUTES} from "
                "this line on), more than Markdown can nest",
                "write the text as Markdown without the HTML elements, or split the page",
            )


#: The rules of :func:`markdown_shape`, in the order they are told when on the same line.
_NESTING, _RUN, _EMPHASIS, _PARAGRAPH_BRACKETS, _PARAGRAPH_ANGLES = range(5)
_PAGE_BRACKETS, _PAGE_ANGLES, _ATTRIBUTES = range(5, 8)


def markdown_shape(lines: list[str]) -> tuple[int, str, str] | None:  # noqa: PLR0912 - one pass, one branch per rule
    """The first place in ``lines`` (a page's body) that Python-Markdown cannot convert
    without a RecursionError or in reasonable time: ``(index of the line, message, fix)``, or
    ``None``. See :data:`MAX_MARKDOWN_NESTING` and the limits after it.

    Paragraphs are counted as Markdown reads them, or longer: they end at a blank line (not
    inside a raw HTML block, whose Markdown may be one run of text), at code and where a list
    item starts. Linear: every line is read a fixed number of times, with string methods.
    """
    from dx_playbook.core.model.structure import CODE, ITEM, RAW, kinds_and_fences

    kinds, fenced = kinds_and_fences(lines)
    scan = _ShapeScan()
    for index, line in enumerate(lines):
        if index in fenced:
            scan.close()
            continue
        # The HTML parser reads everything but fenced code, indented code included.
        if "<" in line:
            scan.count_page(index, "<", line.count("<"))
        lowered = line.lower()
        if "markdown" in lowered:
            before = scan.attributes
            scan.attributes += _markdown_attributes(lowered)
            if before <= MAX_MARKDOWN_ATTRIBUTES < scan.attributes:
                scan.passed["markdown"] = index
        kind = kinds[index]
        if kind == CODE:
            scan.close()
            continue
        if kind != RAW and not line.strip(" \t"):
            scan.close()
            continue
        if kind == ITEM:
            scan.close()
        if scan.start is None:
            scan.start = index
        scan.last = index
        columns, markers, stars = _leading(line)
        depth = columns // 4 + markers
        if depth > MAX_MARKDOWN_NESTING and not _is_rule(line):
            how = (
                f"it starts with {markers} list or quote markers in a row"
                if markers > 1
                else f"it is indented by {columns} columns"
            )
            scan.add(
                _NESTING,
                index,
                f"this line is nested {depth} levels deep, more than the "
                f"{MAX_MARKDOWN_NESTING} Markdown can convert safely: {how}",
                f"nest lists, quotes and indented blocks at most {MAX_MARKDOWN_NESTING} levels "
                "deep; to show a marker as text, write a backslash before it ('\\-')",
            )
        emphasis = line.count("*") + line.count("_") - stars
        if emphasis and not _is_rule(line):
            scan.counts["*_"] += emphasis
            if emphasis > MAX_EMPHASIS_RUN:
                run, char = _longest_run(line)
                if run > MAX_EMPHASIS_RUN:
                    scan.add(
                        _RUN,
                        index,
                        f"a run of {run} '{char}' (more than {MAX_EMPHASIS_RUN}), which Markdown "
                        "nests as emphasis too deeply to convert the page",
                        "shorten the run, or put it in a code span (`...`) or a fenced code "
                        "block (```)",
                    )
        if "[" in line:
            brackets = line.count("[")
            scan.counts["["] += brackets
            scan.count_page(index, "[", brackets)
        if "<" in line:
            scan.counts["<"] += line.count("<")
    scan.close_page()
    if not scan.found:
        return None
    rule = min(scan.found, key=lambda rule: (scan.found[rule][0], rule))
    return scan.found[rule]


def check_markdown_shape(site: Site, page: Page) -> bool:
    """Report the first place of the page that Markdown cannot convert (see
    :func:`markdown_shape`); False when there is one: the page must leave the build, since
    MkDocs would end with a traceback or take minutes on it."""
    found = markdown_shape(page.document.body.split("\n"))
    if found is None:
        return True
    index, message, fix = found
    _Collector(site, page).add(page.document.body_start + index, message, fix)
    return False


def check_print_all(site: Site) -> None:
    """The print-all page holds every principle page of its language: together they must stay
    under the page limit of ``<`` (the HTML parser's time grows with the square of a page's
    ``<``, so twenty pages each under the limit would make one that takes minutes). Past it,
    the print-all page is left out of the build with one line."""
    from dx_playbook.core.model.structure import kinds_and_fences
    from dx_playbook.core.print.handouts import PRINT_ALL_VIEW, principles_for_build

    def angles(page: Page) -> int:
        lines = page.document.body.split("\n")
        _, fenced = kinds_and_fences(lines)
        return sum(line.count("<") for index, line in enumerate(lines) if index not in fenced)

    for lang in site.languages:
        views = [
            page
            for page in site.pages_in(lang)
            if page.readable and page.meta.get("dxp_view") == PRINT_ALL_VIEW
        ]
        if not views:
            continue
        counts = [
            (angles(principle.page), principle) for principle in principles_for_build(site, lang)
        ]
        total = sum(count for count, _ in counts)
        if total <= MAX_PAGE_OPENERS:
            continue
        most, largest = max(counts, key=lambda pair: pair[0])
        for view in views:
            _Collector(site, view).add(
                view.document.line_of("dxp_view"),
                f"the print-all page would hold {total} '<' from the principle pages (over "
                f"{MAX_PAGE_OPENERS}), more than Markdown converts in reasonable time in one page",
                f"write less raw HTML in the principle pages (the most: {largest.page.display_path} "
                f"with {most}), or put examples in fenced code blocks (```)",
            )
            view.refused, view.readable = True, False


def unconvertible(path: str) -> Problem:
    """The problem of a page whose conversion raised ``RecursionError`` all the same: nesting
    of a kind :func:`markdown_shape` does not count."""
    from dx_playbook.core.model.site import Problem

    return Problem(
        path,
        None,
        "Markdown could not convert the page: something in it is nested too deeply (lists, "
        "quotes, emphasis or HTML elements with Markdown inside)",
        f"nest at most {MAX_MARKDOWN_NESTING} levels deep, or split the page",
    )


def check_principle_body(report: _Collector, page: Page) -> None:
    # Our page as we wrote it: a town's edition adds items (at most five, checked with its
    # overlay) and leaves some out, with reasons; what is ours is counted as ours.
    written = page.written
    structure = page.structure if written is None else parse_body(written.body, written.body_start)
    count = len(structure.items) + len(structure.items_without_id)
    if not MIN_ITEMS <= count <= MAX_ITEMS:
        report.add(
            None,
            f"the checklist has {count} items",
            f"give each principle {MIN_ITEMS} to {MAX_ITEMS} checklist items ('- [ ] text {{ #id }}')",
        )
    questions = len(structure.questions)
    if not MIN_QUESTIONS <= questions <= MAX_QUESTIONS:
        report.add(
            None,
            f"the key questions section has {questions} questions",
            f"list {MIN_QUESTIONS} to {MAX_QUESTIONS} questions under '## ... {{ #key-questions }}'",
        )


def check_items(site: Site, page: Page) -> None:
    report = _Collector(site, page)
    for line, text in page.structure.items_without_id:
        short = text if len(text) <= 30 else text[:27] + "..."
        report.add(
            line,
            f"checklist item '{short}' has no ID",
            f"end the line with an ID that never changes, e.g. '{{ #{page.slug}-my-step }}'",
        )
    edition = f"{site.edition.slug}{schema.EDITION_NAMESPACE}" if site.edition else None
    for item in page.structure.items:
        # An edition's items are namespaced (checked where its overlay is read); ours never.
        theirs = edition is not None and page.origins and item.id.startswith(edition)
        if not (schema.is_item_id(item.id) if theirs else schema.is_slug(item.id)):
            report.add(
                item.line,
                f"checklist item ID '{item.id}' is not a lowercase slug",
                f"use a-z, 0-9 and hyphens, e.g. '{{ #{schema.suggest_slug(item.id)} }}'",
            )


def check_unique_ids(site: Site) -> None:
    """Page and item IDs are unique within each language (twins share them across languages)."""
    from dx_playbook.core.model.site import Problem

    for lang in site.languages:
        seen_items: dict[str, Page] = {}
        seen_pages: dict[str, Page] = {}
        for page in site.pages_in(lang):
            page_id = page.meta.get("id")
            if page.is_principle and isinstance(page_id, str):
                if page_id in seen_pages:
                    first = seen_pages[page_id]
                    site.problems.append(
                        Problem(
                            page.display_path,
                            page.document.line_of("id"),
                            f"principle ID '{page_id}' is already used by {first.display_path}",
                            "give each principle its own ID",
                        )
                    )
                seen_pages.setdefault(page_id, page)
            for item in page.structure.items:
                if item.id in seen_items:
                    first = seen_items[item.id]
                    site.problems.append(
                        Problem(
                            page.display_path,
                            item.line,
                            f"checklist item ID '{item.id}' is already used in {first.display_path}",
                            "give this item an ID of its own; IDs must be unique in the whole playbook",
                        )
                    )
                seen_items.setdefault(item.id, page)


def check_translation_parity(site: Site) -> None:
    """Each English page mirrors its Japanese original's IDs, headings and links."""
    from dx_playbook.core.model.site import Problem

    original_lang = site.languages.source
    for (lang, rel_path), page in sorted(site.pages.items()):
        if lang == original_lang:
            continue
        original = site.page(original_lang, rel_path)
        if original is None:
            twin = (
                page.display_path.replace(f"/{lang}/", f"/{original_lang}/", 1)
                if page.from_edition
                else f"docs/{original_lang}/{rel_path}"
            )
            site.problems.append(
                Problem(
                    page.display_path,
                    None,
                    "this translation has no Japanese original",
                    f"add {twin} or remove this file",
                )
            )
            continue
        # A language a town's edition does not publish is not built: its twins are ours.
        unpublished = site.edition is not None and lang not in site.edition.languages
        if original.readable and page.readable and not unpublished:
            compare_twins(site, original, page)
    for (lang, rel_path), page in sorted(site.pages.items()):
        if lang != original_lang:
            continue
        for other in site.languages.translations:
            if site.page(other, rel_path) is not None:
                continue
            if page.from_edition:  # a town's page, published in each language of its edition
                if site.edition is not None and other in site.edition.languages:
                    twin = page.display_path.replace(f"/{original_lang}/", f"/{other}/", 1)
                    site.problems.append(
                        Problem(
                            page.display_path,
                            None,
                            f"this page of the edition has no {other} version",
                            f"add {twin}: the edition publishes {other}",
                        )
                    )
                continue
            site.problems.append(
                Problem(
                    page.display_path,
                    None,
                    f"this page has no {other} translation yet",
                    f"add docs/{other}/{rel_path} (readers see the Japanese page meanwhile)",
                )
            )


def compare_twins(site: Site, original: Page, translation: Page) -> None:
    from dx_playbook.core.model.site import Problem

    def add(line: int | None, message: str, fix: str) -> None:
        site.problems.append(Problem(translation.display_path, line, message, fix))

    original_items = {item.id: item for item in original.structure.items}
    translated_items = {item.id: item for item in translation.structure.items}
    for item_id in sorted(original_items.keys() - translated_items.keys()):
        source_line = original_items[item_id].line
        add(
            _counterpart_line(original, translation, source_line),
            f"checklist item '{item_id}' of {original.display_path}:{source_line} is missing here",
            f"translate it and keep its ID '{{ #{item_id} }}'",
        )
    for item_id in sorted(translated_items.keys() - original_items.keys()):
        add(
            translated_items[item_id].line,
            f"checklist item '{item_id}' is not in {original.display_path}",
            "use the same item IDs as the Japanese page",
        )
    original_headings = dict(original.structure.heading_ids)
    translated_headings = dict(translation.structure.heading_ids)
    for heading_id in sorted(original_headings.keys() - translated_headings.keys()):
        source_line = original_headings[heading_id]
        add(
            _counterpart_line(original, translation, source_line),
            f"heading ID '#{heading_id}' of {original.display_path}:{source_line} is missing here",
            f"end the matching heading with '{{ #{heading_id} }}' so deep links work in both languages",
        )
    for heading_id in sorted(translated_headings.keys() - original_headings.keys()):
        add(
            translated_headings[heading_id],
            f"heading ID '#{heading_id}' is not in {original.display_path}",
            "use the same heading IDs as the Japanese page",
        )
    if len(original.structure.links) != len(translation.structure.links):
        compare_links(original, translation, add)
    for key in ("id", "pillar", "series_part", "roles"):
        if (
            original.is_principle
            and key in original.meta
            and translation.meta.get(key) != original.meta.get(key)
        ):
            add(
                translation.document.line_of(key),
                f"'{key}' is {_show(translation.meta.get(key))} here but "
                f"{_show(original.meta.get(key))} in {original.display_path}",
                f"copy '{key}' from the Japanese page: it is language-neutral",
            )


def _counterpart_line(original: Page, translation: Page, line: int) -> int:
    """The line of the translation that corresponds to ``line`` of the original.

    Headings are matched by position: a line in the original's n-th section maps to the
    translation's n-th heading (or to the start of its body when it has fewer headings).
    """
    headings = original.structure.headings
    index = max((i for i, heading in enumerate(headings) if heading.line <= line), default=None)
    translated = translation.structure.headings
    if index is not None and index < len(translated):
        return translated[index].line
    return translation.document.body_start


def compare_links(
    original: Page, translation: Page, add: Callable[[int | None, str, str], None]
) -> None:
    """Name each link the two pages do not share, with its line, when their counts differ.

    Links to other pages of the playbook have the same target in both languages; a link to an
    outside page may legitimately point to its English version, so only a count that differs
    is an error, and the unmatched targets are the clues to where.
    """
    counts = (
        f"{len(translation.structure.links)} links here, "
        f"{len(original.structure.links)} in {original.display_path}"
    )
    remaining = Counter(target for _, target in translation.structure.links)
    for line, target in original.structure.links:
        if remaining[target] > 0:
            remaining[target] -= 1
            continue
        add(
            _counterpart_line(original, translation, line),
            f"link to '{_short(target)}' ({original.display_path}:{line}) has no counterpart "
            f"here ({counts})",
            "translate every link of the original, no more and no fewer",
        )
    extra = Counter(target for _, target in original.structure.links)
    for line, target in translation.structure.links:
        if extra[target] > 0:
            extra[target] -= 1
            continue
        add(
            line,
            f"link to '{_short(target)}' is not in {original.display_path} ({counts})",
            "translate every link of the original, no more and no fewer",
        )


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def validate_site(site: Site) -> None:
    """Run every check; results are appended to ``site.problems``."""
    grouped: dict[str, dict[str, Principle]] = defaultdict(dict)
    snippets = SnippetChecker(site)
    for (lang, _), page in sorted(site.pages.items()):
        if not page.readable:
            # Its one problem is already reported; guessing at the rest would only add noise.
            continue
        buildable = check_front_matter(site, page)
        buildable = snippets.check_page(page) and buildable
        buildable = check_markdown_shape(site, page) and buildable
        check_items(site, page)
        if page.is_principle:
            principle = check_principle_meta(site, page)
            if principle is not None and buildable:
                grouped[lang][principle.id] = principle
        if not buildable:
            # Left out of the build, and of everything made from the pages: like a page whose
            # front matter could not be read, it offers no fields (the checks above are done).
            page.refused, page.readable = True, False
            page.document.meta = {}
    site.principles = dict(grouped)
    from dx_playbook.core.checklists.item_data import apply_item_data

    apply_item_data(site)
    check_changelog(site)
    check_synonyms(site)
    check_print_all(site)
    check_unique_ids(site)
    check_translation_parity(site)
    check_records(site)
    from dx_playbook.core.authoring.reserved import check_reserved

    check_reserved(site, site.downloads_folder)
    from dx_playbook.core.checklists.views import view_problems

    site.problems.extend(view_problems(site))


def check_changelog(site: Site) -> None:
    """Read ``data/changelog.yml`` into ``site.changelog``; its mistakes are problems."""
    from dx_playbook.core.model.changelog import read_changelog
    from dx_playbook.core.model.site import Problem

    def problem(path: str, line: int | None, message: str, fix: str) -> None:
        site.problems.append(Problem(path, line, message, fix))

    site.changelog = read_changelog(
        site.docs_dir.parent,
        site.languages.codes,
        problem,
        lambda rel_path: site.page(site.languages.source, rel_path) is not None,
    )


def check_synonyms(site: Site) -> None:
    """Read ``data/synonyms.yml`` into ``site.synonyms``; its mistakes are problems."""
    from dx_playbook.core.model.site import Problem
    from dx_playbook.core.model.synonyms import read_synonyms

    def problem(path: str, line: int | None, message: str, fix: str) -> None:
        site.problems.append(Problem(path, line, message, fix))

    site.synonyms = read_synonyms(site.docs_dir.parent, site.languages.codes, problem)
