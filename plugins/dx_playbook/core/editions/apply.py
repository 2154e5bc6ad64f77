"""Merging an edition into the site model, before validation.

Each overlay is checked against the page it extends (the principle, its sections, its items),
and then written into that page's Markdown: the town's example in a box at the end of the
section it names, its items at the end of our checklist, the items it leaves out taken off the
list and named, with the reason, in a box after it. The merged page replaces ours in the model,
so that every page, export, handout, index and check reads one playbook through the plain
playbook's own code. Each merged line remembers where it came from (:attr:`Page.origins`), so
that a problem found later names the overlay's file and line, or ours. Nothing here imports
MkDocs.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from dx_playbook.core.editions.edition_file import read_edition
from dx_playbook.core.editions.overlays import Hidden, Overlay, read_overlays
from dx_playbook.core.editions.pages import add_pages
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import normalise_text, parse
from dx_playbook.core.model.local_edition import LocalEdition
from dx_playbook.core.model.site import Page, Problem, Site
from dx_playbook.core.model.structure import CHECKLIST_SECTION, Heading, parse_body
from dx_playbook.core.text.catalogue import catalogue

#: Where a problem goes: ``(file, line, what, fix)``.
Say = Callable[[str, int | None, str, str], None]
#: Items an edition may add to one checklist.
MAX_ITEMS = 5
#: The admonition types of the boxes (styled by dxp-site.css).
LOCAL_BOX = "dxp-local"
HIDDEN_BOX = "dxp-hidden"


def words(lang: str) -> dict[str, str]:
    found: dict[str, str] = catalogue(lang)["local_editions"]
    return found


def _hint(value: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    listed = ", ".join(choices)
    return (
        f"did you mean '{match[0]}'? (the choices: {listed})" if match else f"use one of: {listed}"
    )


def apply_edition(site: Site, slug: str) -> LocalEdition | None:
    """Read the edition ``slug`` of the site's project and merge its overlays into ``site``;
    every mistake is a problem of the site, and an overlay with a mistake is not merged."""

    def problem(path: str, line: int | None, message: str, fix: str) -> None:
        site.problems.append(Problem(path, line, message, fix))

    project = site.docs_dir.parent
    edition = read_edition(project, slug, site.languages.codes, problem)
    if edition is None:
        return None
    site.edition = edition
    for lang in site.languages:
        folder = edition.folder / lang
        if lang not in edition.languages and folder.exists():
            problem(
                f"{edition.display_dir}/{lang}",
                None,
                f"the edition does not publish {lang} ('languages' in edition.yml), yet has a "
                f"{lang} folder",
                f"add {lang} to 'languages', or remove the folder",
            )
    overlays = {
        lang: read_overlays(edition.folder / lang, edition.display_dir, lang, problem)
        for lang in edition.languages
    }
    source = site.languages.source
    good: dict[str, dict[str, Overlay]] = {}
    for lang in edition.languages:
        good[lang] = _checked(site, edition, overlays[lang], problem)
    # A principle's overlays are merged in every language or in none: a reader's checklist is
    # the same in each, and a mistake in one language is reported once, not again as a
    # difference between our pages.
    merged = set.intersection(*(set(good[lang]) for lang in edition.languages))
    written = {overlay.principle_id for overlay in overlays[source]}
    for lang in edition.languages[1:]:
        merged -= _parity(edition, good[source], good[lang], lang, problem)
        for overlay in overlays[lang]:
            if overlay.principle_id not in written:
                original = overlay.display_path.replace(f"/{lang}/", f"/{source}/", 1)
                problem(
                    overlay.display_path,
                    None,
                    f"this overlay has no {source} original, so it is not used",
                    f"write {original} first: the {source} overlay is the one translated",
                )
    hidden: set[str] = set()
    for principle_id in merged:
        page = site.page(source, principle_path(principle_id))
        if page is not None:
            hidden |= {found.item_id for found in _hidden_items(page, good[source][principle_id])}
    site.hidden_items = frozenset(hidden)
    for lang in edition.languages:
        for principle_id in sorted(merged):
            page = site.page(lang, principle_path(principle_id))
            if page is not None:
                merge(page, good[lang][principle_id], edition)
    add_pages(site, edition, problem)
    return edition


def principle_path(principle_id: str) -> str:
    return f"{schema.PRINCIPLES_DIR}/{principle_id}.md"


def _sections(page: Page) -> dict[str, Heading]:
    return {h.id: h for h in page.structure.headings if h.level == 2 and h.id}


def _checked(
    site: Site, edition: LocalEdition, overlays: list[Overlay], say: Say
) -> dict[str, Overlay]:
    """The overlays that fit our pages, by principle ID; the others are reported."""
    principle_ids = sorted(
        page.slug for page in site.pages_in(site.languages.source) if page.is_principle
    )
    seen_items: dict[str, str] = {}
    fitting: dict[str, Overlay] = {}
    for overlay in overlays:
        count = 0

        def report(line: int | None, message: str, fix: str, overlay: Overlay = overlay) -> None:
            nonlocal count
            count += 1
            say(overlay.display_path, line, message, fix)

        page = site.page(overlay.lang, principle_path(overlay.principle_id))
        if page is None or not page.is_principle or not page.readable:
            report(
                None,
                f"there is no principle '{overlay.principle_id}' to extend",
                "name the file after one of our principles: "
                + _hint(overlay.principle_id, principle_ids),
            )
            continue
        _check_sections(overlay, _sections(page), report)
        _check_hidden(overlay, [item.id for item in page.structure.items], report)
        _check_items(overlay, edition, seen_items, report)
        if count == 0 and overlay.principle_id not in fitting:
            fitting[overlay.principle_id] = overlay
    return fitting


#: Where the checks of one overlay report: ``(line, what, fix)``.
Report = Callable[[int | None, str, str], None]


def _check_sections(overlay: Overlay, sections: dict[str, Heading], report: Report) -> None:
    for addition in overlay.additions:
        if addition.section not in sections or addition.section == CHECKLIST_SECTION:
            report(
                addition.line,
                f"principle '{overlay.principle_id}' has no section '{addition.section}'",
                _hint(addition.section, [s for s in sections if s != CHECKLIST_SECTION]),
            )
    leaves = overlay.items or overlay.hidden or overlay.principle_reason
    if leaves and CHECKLIST_SECTION not in sections:
        report(overlay.checklist_line, "our page has no checklist to add to", "remove them")


def _hidden_items(page: Page, overlay: Overlay) -> list[Hidden]:
    """The items of ours ``overlay`` leaves out: those it names, or, when it leaves the whole
    principle out, every one (with the principle's reason)."""
    if overlay.principle_reason is None:
        return overlay.hidden
    line = overlay.principle_line or 1
    return [Hidden(item.id, overlay.principle_reason, line) for item in page.structure.items]


def _check_hidden(overlay: Overlay, ours: list[str], report: Report) -> None:
    for hidden in overlay.hidden:
        if hidden.item_id not in ours:
            report(
                hidden.line,
                f"'{hidden.item_id}' is not a checklist item of '{overlay.principle_id}'",
                _hint(hidden.item_id, ours),
            )
    if overlay.hidden and not overlay.items and {h.item_id for h in overlay.hidden} >= set(ours):
        report(
            overlay.hidden[0].line,
            "every item of this checklist would be hidden",
            "keep at least one, or add the town's own",
        )


def _check_items(
    overlay: Overlay, edition: LocalEdition, seen: dict[str, str], report: Report
) -> None:
    """The edition's own items: few enough, IDs short enough and used once in the edition
    (``seen`` maps each full ID to where it was first given)."""
    if len(overlay.items) > MAX_ITEMS:
        report(
            overlay.items[MAX_ITEMS].line,
            f"the edition adds {len(overlay.items)} items to this checklist",
            f"add at most {MAX_ITEMS}: a longer list is one readers stop reading",
        )
    for item in overlay.items:
        full = edition.item_id(item.own_id)
        if len(full) > schema.SLUG_MAX_LENGTH:
            report(
                item.line,
                f"the ID {full!r} is longer than {schema.SLUG_MAX_LENGTH} characters",
                "shorten it",
            )
        elif full in seen:
            report(
                item.line,
                f"checklist item ID '{item.own_id}' is already used in {seen[full]}",
                "give each of the edition's items its own ID",
            )
        else:
            seen[full] = f"{overlay.display_path}:{item.line}"


def _parity(
    edition: LocalEdition,
    originals: dict[str, Overlay],
    translations: dict[str, Overlay],
    lang: str,
    say: Say,
) -> set[str]:
    """Each overlay of the original has one in ``lang`` with the same items, hidden items and
    sections (what a reader checks must be the same in every language); the principles whose
    overlays differ."""
    differ: set[str] = set()
    for principle_id, original in originals.items():

        def problem(
            path: str, line: int | None, message: str, fix: str, principle_id: str = principle_id
        ) -> None:
            differ.add(principle_id)
            say(path, line, message, fix)

        translation = translations.get(principle_id)
        expected = f"{edition.display_dir}/{lang}/{schema.PRINCIPLES_DIR}/{principle_id}.md"
        if translation is None:
            problem(
                expected,
                None,
                f"the overlay {original.display_path} has no {lang} version",
                f"translate it into {expected} (the same sections, items and IDs)",
            )
            continue
        mine = {item.own_id for item in translation.items}
        for item in original.items:
            if item.own_id not in mine:
                problem(
                    translation.display_path,
                    translation.checklist_line,
                    f"item '{item.own_id}' of {original.display_path}:{item.line} is missing here",
                    f"translate it and keep its ID '{{ #{item.own_id} }}'",
                )
        theirs = {item.own_id for item in original.items}
        for item in translation.items:
            if item.own_id not in theirs:
                problem(
                    translation.display_path,
                    item.line,
                    f"item '{item.own_id}' is not in {original.display_path}",
                    "add it there first, or remove it here",
                )
        if (original.principle_reason is None) != (translation.principle_reason is None):
            problem(
                translation.display_path,
                translation.principle_line,
                f"'hide_principle' is in one of this and {original.display_path} only",
                "leave the principle out in every language, or in none",
            )
        if {h.item_id for h in original.hidden} != {h.item_id for h in translation.hidden}:
            problem(
                translation.display_path,
                translation.hidden[0].line if translation.hidden else None,
                f"'hide' names other items than {original.display_path} does",
                "hide the same items in every language",
            )
        if [a.section for a in original.additions] != [a.section for a in translation.additions]:
            problem(
                translation.display_path,
                None,
                f"it adds to other sections than {original.display_path} does",
                "add to the same sections, in the same order, in every language",
            )
    return differ


#: Lines to insert before a 0-based line index, each with where it came from.
Inserts = dict[int, list[tuple[str, tuple[str, int]]]]


def merge(page: Page, overlay: Overlay, edition: LocalEdition) -> None:
    """Write ``overlay`` into ``page``'s Markdown (see the module's documentation)."""
    town = edition.short_name[page.lang].replace('"', "")
    lines = normalise_text(page.source).split("\n")
    origins = [(page.display_path, n) for n in range(1, len(lines) + 1)]
    ends = _section_ends(page, lines)
    inserts: Inserts = {}
    _insert_examples(overlay, ends, town, words(page.lang), inserts)
    removed = _insert_checklist(page, overlay, edition, lines, ends, inserts=inserts)
    if overlay.principle_reason is not None:
        _insert_principle_notice(page, overlay, town, inserts)
    merged: list[str] = []
    merged_origins: list[tuple[str, int]] = []
    for index in range(len(lines) + 1):
        for text, origin in inserts.get(index, ()):
            merged.append(text)
            merged_origins.append(origin)
        if index < len(lines) and index + 1 not in removed:
            merged.append(lines[index])
            merged_origins.append(origins[index])
    text = "\n".join(merged)
    document = parse(text)
    page.written = page.document
    page.source = text
    page.document = document
    page.structure = parse_body(document.body, document.body_start)
    page.origins = tuple(merged_origins)


def _section_ends(page: Page, lines: list[str]) -> dict[str, int]:
    """For each section (by ID), the 0-based index after its last line that is not blank."""
    headings = sorted(page.structure.headings, key=lambda h: h.line)
    ends = {}
    for section_id, section in _sections(page).items():
        later = [h.line for h in headings if h.line > section.line and h.level <= 2]
        end = (later[0] - 1) if later else len(lines)
        while end > section.line and not lines[end - 1].strip():
            end -= 1
        ends[section_id] = end
    return ends


def _add(inserts: Inserts, at: int, new: list[str], origin: tuple[str, int]) -> None:
    inserts.setdefault(at, []).extend((text, origin) for text in new)


def _insert_examples(
    overlay: Overlay, ends: dict[str, int], town: str, said: dict[str, str], inserts: Inserts
) -> None:
    """The town's example in a box at the end of each section it names."""
    title = said["example"].format(town=town).replace('"', "")
    for addition in overlay.additions:
        at = ends[addition.section]
        origin = (overlay.display_path, addition.line)
        _add(inserts, at, ["", f'!!! {LOCAL_BOX} "{title}"', ""], origin)
        for offset, text in enumerate(addition.lines):
            line_origin = (overlay.display_path, addition.first_line + offset)
            inserts[at].append((f"    {text}" if text.strip() else "", line_origin))
        _add(inserts, at, [""], origin)


def _insert_checklist(
    page: Page,
    overlay: Overlay,
    edition: LocalEdition,
    lines: list[str],
    ends: dict[str, int],
    *,
    inserts: Inserts,
) -> set[int]:
    """The town's items after our last one, and a box naming the items it leaves out, with
    why; the 1-based lines of the items taken off our list."""
    hidden = _hidden_items(page, overlay)
    if not (overlay.items or hidden):
        return set()
    said = words(page.lang)
    checklist = _sections(page)[CHECKLIST_SECTION]
    end = ends[CHECKLIST_SECTION]
    ours = [item for item in page.structure.items if checklist.line < item.line <= end]
    after = _last_line(lines, ours[-1].line, end) if ours else end
    for extra in overlay.items:
        _add(
            inserts,
            after,
            [f"- [ ] {extra.text} {{ #{edition.item_id(extra.own_id)} }}"],
            (overlay.display_path, extra.line),
        )
    reasons = {h.item_id: h for h in hidden}
    gone = [item for item in ours if item.id in reasons]
    if gone:
        origin = (overlay.display_path, hidden[0].line)
        town = edition.short_name[page.lang].replace('"', "")
        title = said["hidden"].format(town=town).replace('"', "")
        _add(inserts, end, ["", f'!!! {HIDDEN_BOX} "{title}"', ""], origin)
        for item in gone:
            why = reasons[item.id]
            line = (
                item.text  # the reason is the principle's, said once at the top of the page
                if overlay.principle_reason is not None
                else said["hidden_line"].format(item=item.text, reason=why.reason)
            )
            _add(inserts, end, [f"    - {line}"], (overlay.display_path, why.line))
        _add(inserts, end, [""], origin)
    return {
        number
        for item in gone
        for number in range(item.line, _last_line(lines, item.line, end) + 1)
    }


def _last_line(lines: list[str], line: int, end: int) -> int:
    """The 1-based last line of the list item that starts on ``line``: what is indented under
    it (a nested list, a continued line), blank lines between included; never past ``end``."""
    last = line
    for number in range(line + 1, end + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if not text[:1].isspace():
            break
        last = number
    return last


def _insert_principle_notice(page: Page, overlay: Overlay, town: str, inserts: Inserts) -> None:
    """At the top of a principle the edition leaves out (after its title): that it does, why."""
    said = words(page.lang)
    titles = [h for h in page.structure.headings if h.level == 1]
    at = titles[0].line if titles else page.document.body_start - 1
    origin = (overlay.display_path, overlay.principle_line or 1)
    title = said["hidden_principle"].format(town=town).replace('"', "")
    reason = overlay.principle_reason or ""
    _add(inserts, at, ["", f'!!! {HIDDEN_BOX} "{title}"', "", f"    {reason}", ""], origin)


def relocate(site: Site, problems: list[Problem]) -> list[Problem]:
    """``problems`` with each line of a merged page named where it came from: the overlay's
    file and line, or our page's own line (:meth:`Page.located`)."""
    merged = {page.display_path: page for page in site.pages.values() if page.origins}
    return [
        merged[found.path].located(found) if found.path in merged else found for found in problems
    ]
