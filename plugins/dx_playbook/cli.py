"""``dx-playbook``: the contributor's command line.

    dx-playbook new principle <id> --pillar <pillar> [--part N] [--title-ja ...] [--title-en ...]
    dx-playbook check [--docs DIR]
    dx-playbook i18n status [--docs DIR] [--check]
    dx-playbook i18n mark-current <docs/en/... .md>... | --all
    dx-playbook bundle

Plain Python over :mod:`dx_playbook.core`: only ``bundle`` runs MkDocs, in a child process.
Problems print as one line each, ``file:line: what. Fix: how``; bad content never produces a
traceback.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.authoring.render import page_renderer, plugin_option
from dx_playbook.core.authoring.reserved import glossary_problems
from dx_playbook.core.authoring.scaffold import (
    DEFAULT_PART,
    NewPrinciple,
    ScaffoldError,
    UnsafeWriteError,
    printable,
    shown_in,
    title_problem,
    writable_location,
    write_file,
    write_pair,
)
from dx_playbook.core.authoring.sources import check_sources, unreported
from dx_playbook.core.authoring.validation import unconvertible
from dx_playbook.core.editions.upgrades import (
    BASED_ON,
    OverlayStatus,
    Review,
    overlay_statuses,
)
from dx_playbook.core.glossary.glossary import load_glossary
from dx_playbook.core.model import schema
from dx_playbook.core.model.languages import PLAYBOOK, Languages
from dx_playbook.core.model.site import Problem, Site
from dx_playbook.core.quality.sanitize import problems_in_html
from dx_playbook.core.text import catalogue
from dx_playbook.core.translations.translation_report import render_text
from dx_playbook.core.translations.translations import (
    RECORD_FIELD,
    PairStatus,
    Record,
    State,
    fingerprint,
    statuses,
    with_field,
    with_record,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
DEFAULT_GLOSSARY = Path("data/glossary.yml")


class UsageError(Exception):
    """Something the user asked for that cannot be done; printed as one line, exit 2."""


# Finding the project ---------------------------------------------------------------------------


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder, from ``start`` upwards, that holds ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return None


def docs_dir_of(root: Path) -> Path:
    """``docs_dir`` from ``mkdocs.yml`` (read as text: it uses tags a plain YAML reader refuses)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^docs_dir:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", text, re.M)
    return root / (match.group(1) if match else "docs")


def resolve_docs(option: str | None) -> Path:
    if option:
        docs = Path(option)
    else:
        root = project_root()
        if root is None:
            raise UsageError("no mkdocs.yml here or in any parent folder: use --docs DIR")
        docs = docs_dir_of(root)
    docs = docs.resolve()
    languages = languages_of(docs)
    if not any((docs / lang).is_dir() for lang in languages):
        raise UsageError(f"{docs} has no language folders ({', '.join(languages)}): use --docs DIR")
    return docs


def languages_of(docs: Path) -> Languages:
    """The languages the project's ``mkdocs.yml`` declares (the i18n plugin's ``languages``),
    with the words its ``locales/`` folder brings, as a build reads them."""
    config_file = config_file_of(docs)
    if config_file is None:
        return PLAYBOOK
    if (config_file.parent / "locales").is_dir():
        catalogue.register(config_file.parent / "locales")
    entries = plugin_option(config_file, "i18n", "languages", None)
    if not isinstance(entries, list):
        return PLAYBOOK
    return Languages.declared(
        entry for entry in entries if isinstance(entry, dict) and entry.get("locale") != "null"
    )


def read_docs(docs: Path, **options: str) -> Site:
    """:func:`load_site` of ``docs`` in the project's languages."""
    return load_site(docs, languages=languages_of(docs), **options)


def glossary_path(option: str | None, docs: Path) -> Path | None:
    if option:
        return Path(option)
    candidate = docs.parent / DEFAULT_GLOSSARY
    return candidate if candidate.is_file() else None


# Commands --------------------------------------------------------------------------------------


def print_problems(problems: Sequence[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)):
        print(problem)


def theme_dirs(root: Path, config_file: Path | None) -> list[Path]:
    """The theme's folders, as MkDocs searches them: ``custom_dir``, then Material's own."""
    folders = []
    if config_file is not None:
        match = re.search(
            r"^[ \t]+custom_dir:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$",
            config_file.read_text(encoding="utf-8"),
            re.M,
        )
        if match:
            folders.append(root / match.group(1))
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.origin is not None:
        folders.append(Path(spec.origin).parent / "templates")
    return folders


def config_file_of(docs: Path) -> Path | None:
    """The ``mkdocs.yml`` that builds ``docs``, if there is one."""
    config_file = docs.parent / "mkdocs.yml"
    if config_file.is_file():
        return config_file
    found = project_root(docs)
    return found / "mkdocs.yml" if found is not None else None


def content_problems(site: Site, docs: Path) -> list[Problem]:
    """What a build finds beyond :func:`load_site`: files it may not publish, and markup
    that the sanitizer removes from each page as a build's Markdown converts it."""
    config_file = config_file_of(docs)
    root = config_file.parent if config_file is not None else docs.parent
    refused = check_sources(docs, root, theme_dirs(root, config_file), site.languages)
    problems = unreported(refused, site.problems)
    render = page_renderer(config_file) if config_file is not None else None
    for page in site.pages.values():
        if page.readable and render is not None:
            try:
                html = render(page.document.body)
            except RecursionError:  # nesting validation does not count: one line, as a build
                problems.append(unconvertible(page.display_path))
                continue
            problems += [page.located(found) for found in problems_in_html(page, html)]
    return problems


def command_check(args: argparse.Namespace) -> int:
    docs = resolve_docs(args.docs)
    config_file = config_file_of(docs)
    downloads = "downloads"
    if config_file is not None and config_file.is_file():
        option = plugin_option(config_file, "dx-playbook/checklists", "downloads_dir", downloads)
        downloads = str(option).strip("/") if isinstance(option, str) else downloads
    # As the build checks it; with --edition, the town's edition merged in.
    site = read_docs(docs, downloads_folder=downloads, edition=args.edition or "")
    problems = list(site.problems) + content_problems(site, docs)
    glossary_file = glossary_path(args.glossary, docs)
    terms = 0
    if glossary_file is not None:
        glossary = load_glossary(
            glossary_file, display=shown_path(glossary_file, docs.parent), languages=site.languages
        )
        problems += glossary.problems + glossary_problems(site, glossary)
        terms = len(glossary.terms)
    if problems:
        print_problems(problems)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEMS
    per_language = ", ".join(f"{lang} {len(site.pages_in(lang))}" for lang in site.languages)
    glossary_note = f", {terms} glossary terms" if glossary_file is not None else ""
    print(f"OK: {len(site.pages)} pages ({per_language}){glossary_note}")
    stale = [s for s in statuses(site) if s.state is State.STALE]
    if stale:
        print(
            f"Note: {len(stale)} translation{'s are' if len(stale) != 1 else ' is'} out of date; "
            "see 'dx-playbook i18n status'"
        )
    return EXIT_OK


def command_new_principle(args: argparse.Namespace) -> int:
    docs = resolve_docs(args.docs)
    site = read_docs(docs)
    part = args.part if args.part is not None else DEFAULT_PART[args.pillar]
    order = args.order if args.order is not None else next_order(site, args.pillar)
    roles = tuple(role.strip() for role in args.roles.split(",") if role.strip())
    spec = NewPrinciple(
        id=args.id,
        pillar=args.pillar,
        series_part=part,
        order=order,
        roles=roles,
        titles=titles_option(args, site.languages),
    )
    today = parse_date(args.date) if args.date else datetime.date.today()
    try:
        written = write_pair(spec, docs, today, site.languages)
    except UnsafeWriteError as error:
        print(Problem(error.shown, None, error.what, error.fix), file=sys.stderr)
        print("dx-playbook: nothing was created", file=sys.stderr)
        return EXIT_PROBLEMS
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"Created {shown_path(path, docs.parent)}")
    if args.part is None:
        print(
            f"series_part is {part}, the first part on the '{args.pillar}' pillar: change it if needed"
        )
    print(
        "Next: replace every (下書き)/(Draft) sentence, give the checklist items lasting IDs "
        f"(the same in both files), add 'principles/{args.id}.md' to the nav in mkdocs.yml under "
        f"'{schema.PILLARS[args.pillar][site.languages.source]}', then run 'dx-playbook check'"
    )
    ours = {shown_path(path, docs.parent) for path in written}
    problems = [p for p in read_docs(docs).problems if p.path in ours]
    if problems:
        print_problems(problems)
        return EXIT_PROBLEMS
    return EXIT_OK


def titles_option(args: argparse.Namespace, languages: Languages) -> dict[str, str]:
    """The titles given with ``--title LANG=TEXT`` (``--title-ja`` and ``--title-en`` for short),
    checked; the languages without one get their catalogue's placeholder."""
    given = {"ja": args.title_ja, "en": args.title_en}
    for value in args.title or []:
        lang, equals, text = value.partition("=")
        if not equals or lang not in languages:
            raise UsageError(
                f"--title '{printable(value)}' is not LANG=TEXT with LANG one of "
                f"{', '.join(languages)}"
            )
        given[lang] = text
    found = {}
    for lang in languages:
        title = title_option(f"--title-{lang}", given.get(lang))
        if title is not None:
            found[lang] = title
    return found


def title_option(option: str, value: str | None) -> str | None:
    """A title given on the command line, refused when it could not be a heading as it is."""
    if not value:
        return None
    problem = title_problem(value)
    if problem is not None:
        raise UsageError(f"{option} '{printable(value)}' cannot be used: {problem}")
    return value.strip()


def next_order(site: Site, pillar: str) -> int:
    orders = [
        page.meta["order"]
        for page in site.pages_in(site.languages.source)
        if page.is_principle
        and page.meta.get("pillar") == pillar
        and isinstance(page.meta.get("order"), int)
        and not isinstance(page.meta.get("order"), bool)
    ]
    return max(orders, default=0) + 1


def command_i18n_status(args: argparse.Namespace) -> int:
    site = read_docs(resolve_docs(args.docs))
    found = statuses(site)
    print(render_text(found))
    behind = [s for s in found if s.state in (State.STALE, State.MISSING)]
    return EXIT_PROBLEMS if args.check and behind else EXIT_OK


def command_i18n_mark_current(args: argparse.Namespace) -> int:
    """Every file is checked before any is written: a refusal leaves the whole tree as it was."""
    docs = resolve_docs(args.docs)
    site = read_docs(docs)
    today = parse_date(args.date) if args.date else datetime.date.today()
    problems: list[Problem] = []
    if args.all:
        targets = [
            status
            for status in statuses(site)
            if status.translation is not None and status.state is not State.CURRENT
        ]
        if not targets:
            print("Nothing to mark: every translation is already up to date")
            return EXIT_OK
    else:
        if not args.files:
            raise UsageError("name the translated files to mark, or use --all")
        found: dict[tuple[str, str], PairStatus] = {}
        for name in args.files:
            try:
                status = status_for_file(site, docs, Path(name))
            except UnsafeWriteError as error:
                problems.append(Problem(error.shown, None, error.what, error.fix))
                continue
            found.setdefault((status.lang, status.rel_path), status)
        targets = list(found.values())
    marks: list[Mark] = []
    for status in targets:
        planned = plan_mark(status, docs, today)
        if isinstance(planned, Problem):
            problems.append(planned)
        else:
            marks.append(planned)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            "dx-playbook: nothing was marked: fix "
            f"{'the problem' if len(problems) == 1 else f'the {len(problems)} problems'} "
            "above and run the command again",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for mark in marks:
        write_file(mark.real, mark.text.encode("utf-8"), replace=True)
        print(f'{mark.shown}: {RECORD_FIELD} "{mark.record}" (up to date with {mark.original})')
    return EXIT_OK


@dataclass(frozen=True)
class Mark:
    """A record ready to write: ``text`` is the whole new file, for the real path ``real``."""

    shown: str
    original: str
    real: Path
    record: Record
    text: str


def plan_mark(status: PairStatus, docs: Path, today: datetime.date) -> Mark | Problem:
    """The new text of ``status``'s translation, or why it must not be written."""
    page = status.translation
    assert page is not None
    path = docs / page.lang / page.rel_path
    shown = shown_in(path, docs)
    try:
        real = writable_location(path, docs)
    except UnsafeWriteError as error:
        return Problem(error.shown, None, error.what, error.fix)
    if not page.readable:
        return Problem(
            shown,
            None,
            "the file cannot be read as a page (its front matter, encoding or size)",
            "run 'dx-playbook check' and fix what it reports first",
        )
    if not status.original.readable:
        return Problem(
            shown,
            None,
            f"its original {status.original.display_path} cannot be read as a page",
            "run 'dx-playbook check' and fix the original first",
        )
    try:
        source = real.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return Problem(
            shown, None, f"the file is not UTF-8 text (byte {error.start})", "save it as UTF-8"
        )
    record = Record(fingerprint(status.original), today)
    try:
        text = with_record(source, record)
    except ValueError as error:
        return Problem(shown, 1, str(error), "add a line '---' after the front matter")
    return Mark(shown, status.original.display_path, real, record, text)


def status_for_file(site: Site, docs: Path, name: Path) -> PairStatus:
    """The pair of the translated file ``name``, as named: a link there is not followed."""
    absolute = Path(os.path.normpath(name.absolute()))
    # As written first; then with the links in its folders resolved (a project reached
    # through a linked folder, or a page reached through a linked folder inside docs).
    candidates = dict.fromkeys((absolute, Path(os.path.realpath(absolute.parent)) / absolute.name))
    first: Path | None = None
    for path in candidates:
        for lang in site.languages:
            try:
                rel_path = path.relative_to(docs / lang).as_posix()
            except ValueError:
                continue
            if lang == site.languages.source:
                example = docs / site.languages.translations[0] / rel_path
                raise UsageError(
                    f"{printable(str(name))} is a Japanese original: mark its translation "
                    f"instead, e.g. {shown_path(example, docs.parent)}"
                )
            first = first or docs / lang / rel_path
            page = site.page(lang, rel_path)
            if page is None:
                continue
            found = next(
                (s for s in statuses(site) if s.lang == lang and s.rel_path == rel_path), None
            )
            if found is None:
                raise UsageError(
                    f"{page.display_path} has no Japanese original "
                    f"(docs/{site.languages.source}/{rel_path}) to be up to date with"
                )
            return found
    if first is not None:
        writable_location(first, docs)  # a link that hides the page says so
        raise UsageError(f"{printable(str(name))} is not a page of the playbook")
    raise UsageError(f"{printable(str(name))} is not inside {docs}/<language>/")


def edition_site(docs: Path, slug: str) -> Site:
    """The site with the edition ``slug`` merged in; a usage error when it cannot be (its
    problems printed first)."""
    site = read_docs(docs, edition=slug)
    if site.edition is None:
        print_problems([p for p in site.problems if p.path.startswith("editions/")])
        raise UsageError(f"the edition '{printable(slug)}' cannot be read: fix the lines above")
    return site


def command_edition_status(args: argparse.Namespace) -> int:
    site = edition_site(resolve_docs(args.docs), args.slug)
    found = overlay_statuses(site)
    width = max((len(state) for state in Review), default=0)
    for status in found:
        sections = ", ".join(status.sections)
        print(f"{status.state:<{width}}  {status.overlay.display_path}  ({sections})")
    counts = {state: sum(s.state is state for s in found) for state in Review}
    print(
        f"{len(found)} overlays: "
        + ", ".join(f"{counts[state]} {state}" for state in Review)
        + (
            f". Review each one marked '{Review.REVIEW}', then run "
            f"'dx-playbook edition mark-current {args.slug} <file>'"
            if counts[Review.REVIEW]
            else ""
        )
    )
    return EXIT_PROBLEMS if args.check and counts[Review.REVIEW] else EXIT_OK


def command_edition_mark_current(args: argparse.Namespace) -> int:
    """Record in each overlay the fingerprint of the sections of ours it extends, as they are
    now; every file is checked before any is written."""
    docs = resolve_docs(args.docs)
    site = edition_site(docs, args.slug)
    today = parse_date(args.date) if args.date else datetime.date.today()
    found = {status.overlay.display_path: status for status in overlay_statuses(site)}
    root = docs.parent
    if args.all:
        targets = [status for status in found.values() if status.state is not Review.CURRENT]
        if not targets:
            print("Nothing to mark: every overlay is already current")
            return EXIT_OK
    elif not args.files:
        raise UsageError("name the overlays to mark, or use --all")
    else:
        targets = []
        for name in args.files:
            shown = shown_path(Path(name), root)
            if shown not in found:
                raise UsageError(
                    f"{printable(shown)} is not an overlay of the edition '{printable(args.slug)}'"
                    f" (its overlays are in editions/{printable(args.slug)}/<language>/principles/)"
                )
            targets.append(found[shown])
    for status in targets:
        mark_overlay(status, root, today)
    return EXIT_OK


def mark_overlay(status: OverlayStatus, root: Path, today: datetime.date) -> None:
    value = status.based_on(today)
    path = root / status.overlay.display_path
    source = path.read_bytes().decode("utf-8")
    write_file(path, with_field(source, BASED_ON, value).encode("utf-8"), replace=True)
    print(f"{status.overlay.display_path}: {BASED_ON} {value}")


def command_build(args: argparse.Namespace) -> int:
    """``mkdocs build --strict``, of a town's edition with ``--edition``, as a zip with
    ``--offline``."""
    root = project_root()
    if root is None:
        raise UsageError("no mkdocs.yml here or in any parent folder: run this in the project")
    slug = args.edition or ""
    if slug:
        edition_site(docs_dir_of(root), slug)  # one line per mistake, before MkDocs starts
    default = "dist/offline" if args.offline else "site"
    site_dir = (
        Path(args.site_dir) if args.site_dir else root / (f"{default}-{slug}" if slug else default)
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["-f", str(root / "mkdocs.yml"), "-d", str(site_dir)]
    env = {**os.environ, "DXP_EDITION": slug}
    if args.offline:
        env["DXP_OFFLINE"] = "true"
    code = subprocess.run(command, cwd=root, env=env, check=False).returncode
    if code == 0:
        print(f"Built {shown_path(site_dir, root)}/")
    return code


def command_bundle(args: argparse.Namespace) -> int:
    """Build the offline bundle: the site built with ``DXP_OFFLINE=true`` zips itself."""
    root = project_root()
    if root is None:
        raise UsageError("no mkdocs.yml here or in any parent folder: run this in the project")
    site_dir = Path(tempfile.mkdtemp(prefix="dx-playbook-offline-"))
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        command += ["-f", str(root / "mkdocs.yml"), "-d", str(site_dir)]
        env = {**os.environ, "DXP_OFFLINE": "true", "DXP_EDITION": args.edition or ""}
        return subprocess.run(command, cwd=root, env=env, check=False).returncode
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


# Arguments -------------------------------------------------------------------------------------


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{printable(value)}' is not a date like 2025-06-01") from None


def shown_path(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dx-playbook",
        description="Tools for contributors to the municipal DX playbook.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    docs_help = "the docs folder (default: docs_dir of the nearest mkdocs.yml)"
    check = commands.add_parser(
        "check",
        help="validate every page and the glossary without building the site",
        description="Validate every page of both languages, and the glossary, without a build. "
        "Prints one line per problem (file:line: what. Fix: how); exits 1 if there are any.",
    )
    check.add_argument("--docs", help=docs_help)
    check.add_argument("--glossary", help="the glossary file (default: data/glossary.yml)")
    check.add_argument(
        "--edition",
        metavar="SLUG",
        help="check a town's edition (editions/SLUG/) merged into the playbook, as it builds",
    )
    check.set_defaults(run=command_check)

    new = commands.add_parser("new", help="create pages from a template")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    principle = kinds.add_parser(
        "principle",
        help="create a principle's Japanese and English pages",
        description="Create docs/ja/principles/<id>.md and docs/en/principles/<id>.md from a "
        "template that passes validation, with draft text to replace. Never overwrites.",
    )
    principle.add_argument("id", help="the principle ID: lowercase letters, digits, hyphens")
    principle.add_argument("--pillar", required=True, choices=list(schema.PILLARS))
    principle.add_argument(
        "--part",
        type=int,
        choices=list(schema.SERIES_PARTS),
        help="the part of the series (1-7) it draws on",
    )
    principle.add_argument("--order", type=int, help="its position in the pillar (default: last)")
    principle.add_argument(
        "--roles",
        default="all-staff",
        help="comma-separated roles (default: all-staff); from: " + ", ".join(schema.ROLES),
    )
    principle.add_argument("--title-ja", help="the Japanese title")
    principle.add_argument("--title-en", help="the English title")
    principle.add_argument(
        "--title", action="append", metavar="LANG=TEXT", help="the title in LANG (repeatable)"
    )
    principle.add_argument("--date", help=argparse.SUPPRESS)
    principle.add_argument("--docs", help=docs_help)
    principle.set_defaults(run=command_new_principle)

    i18n = commands.add_parser("i18n", help="the state of the translations")
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    status = actions.add_parser(
        "status",
        help="list every page and the state of its translation",
        description="States: current (up to date), stale (the Japanese original changed since "
        "the translation was last marked current), missing (no translation), untracked (no "
        f"'{RECORD_FIELD}' recorded yet).",
    )
    status.add_argument("--docs", help=docs_help)
    status.add_argument(
        "--check", action="store_true", help="exit 1 when a translation is stale or missing"
    )
    status.set_defaults(run=command_i18n_status)
    mark = actions.add_parser(
        "mark-current",
        help="record that translations are up to date with their originals",
        description=f"Write the original's fingerprint and today's date into '{RECORD_FIELD}' "
        "in the front matter of each translated file.",
    )
    mark.add_argument("files", nargs="*", help="translated files, e.g. docs/en/principles/x.md")
    mark.add_argument(
        "--all", action="store_true", help="every translation that is not marked up to date yet"
    )
    mark.add_argument("--date", help="the date to record (default: today), YYYY-MM-DD")
    mark.add_argument("--docs", help=docs_help)
    mark.set_defaults(run=command_i18n_mark_current)

    bundle = commands.add_parser(
        "bundle", help="build the offline bundle (dist/dx-playbook-<version>-offline.zip)"
    )
    bundle.add_argument(
        "--edition",
        metavar="SLUG",
        help="bundle a town's edition (editions/SLUG/): dist/dx-playbook-SLUG-<version>-offline.zip",
    )
    bundle.set_defaults(run=command_bundle)

    build = commands.add_parser(
        "build",
        help="build the site strictly, or a town's edition of it (--edition SLUG)",
        description="Build the playbook as 'mkdocs build --strict' does, into site/ (with "
        "--edition SLUG: editions/SLUG/ merged in, into site-SLUG/; with --offline: the "
        "offline bundle, its zip in dist/).",
    )
    build.add_argument("--edition", metavar="SLUG", help="the town's edition, editions/SLUG/")
    build.add_argument("--offline", action="store_true", help="build the offline bundle (zip)")
    build.add_argument("-d", "--site-dir", help="where to write the site")
    build.set_defaults(run=command_build)
    add_edition_commands(commands, docs_help)
    return parser


def add_edition_commands(commands: argparse._SubParsersAction, docs_help: str) -> None:
    """``dx-playbook edition status|mark-current``: a town's edition against the playbook."""
    edition = commands.add_parser("edition", help="a town's edition: whether it is up to date")
    edition_actions = edition.add_subparsers(dest="action", required=True, metavar="ACTION")
    edition_status = edition_actions.add_parser(
        "status",
        help="list each overlay of an edition as current or to review",
        description="States: current (the sections of ours it extends are as they were when "
        "it was last reviewed), review (one of them changed since), untracked (no "
        f"'{BASED_ON}' recorded yet).",
    )
    edition_status.add_argument("slug", help="the edition, editions/SLUG/")
    edition_status.add_argument(
        "--check", action="store_true", help="exit 1 when an overlay needs review"
    )
    edition_status.add_argument("--docs", help=docs_help)
    edition_status.set_defaults(run=command_edition_status)
    edition_mark = edition_actions.add_parser(
        "mark-current",
        help="record that overlays were reviewed against the playbook as it is now",
        description=f"Write into '{BASED_ON}' in each overlay's front matter the fingerprint "
        "of the sections of ours it extends, and today's date.",
    )
    edition_mark.add_argument("slug", help="the edition, editions/SLUG/")
    edition_mark.add_argument(
        "files", nargs="*", help="overlays, e.g. editions/SLUG/ja/principles/x.md"
    )
    edition_mark.add_argument(
        "--all", action="store_true", help="every overlay that is not marked current"
    )
    edition_mark.add_argument("--date", help="the date to record (default: today), YYYY-MM-DD")
    edition_mark.add_argument("--docs", help=docs_help)
    edition_mark.set_defaults(run=command_edition_mark_current)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as error:
        print(f"dx-playbook: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"dx-playbook: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug, not bad content: still one line, with a way to see more
        if os.environ.get("DXP_DEBUG"):
            raise
        print(
            f"dx-playbook: internal error ({type(error).__name__}: {error}); "
            "run again with DXP_DEBUG=1 for the details and please report it",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
