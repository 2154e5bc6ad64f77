"""Checks over the content model. Each finding is one :class:`~dx_playbook.core.site.Problem`."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dx_playbook.core import schema
from dx_playbook.core.translations import check_records

if TYPE_CHECKING:
    from dx_playbook.core.site import Page, Principle, Site

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
        from dx_playbook.core.site import Problem

        self.site.problems.append(Problem(self.page.display_path, line, message, fix))

    def field(self, key: str, message: str, fix: str) -> None:
        self.add(self.page.document.line_of(key), message, fix)


def check_principle_meta(site: Site, page: Page) -> Principle | None:  # noqa: PLR0912, PLR0915 - one flat list of field checks reads best
    """Validate a principle page's front matter; return the principle when it is usable."""
    from dx_playbook.core.site import Principle

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
    known = set(schema.PRINCIPLE_FIELDS) | set(schema.OPTIONAL_FIELDS)
    for key in meta:
        if str(key) not in known:
            report.field(
                str(key),
                f"unknown front-matter field '{key}'",
                _closest(str(key), sorted(known)),
            )
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
        report.field(
            "order", f"order {_show(order)} is not a whole number", "write e.g. 'order: 2'"
        )
        order = 0
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
    )


def check_principle_body(report: _Collector, page: Page) -> None:
    structure = page.structure
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
    for item in page.structure.items:
        if not schema.is_slug(item.id):
            report.add(
                item.line,
                f"checklist item ID '{item.id}' is not a lowercase slug",
                f"use a-z, 0-9 and hyphens, e.g. '{{ #{schema.suggest_slug(item.id)} }}'",
            )


def check_unique_ids(site: Site) -> None:
    """Page and item IDs are unique within each language (twins share them across languages)."""
    from dx_playbook.core.site import Problem

    for lang in schema.LANGUAGES:
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
    from dx_playbook.core.site import Problem

    (original_lang,) = (lang for lang in schema.LANGUAGES if lang == schema.SOURCE_LANGUAGE)
    for (lang, rel_path), page in sorted(site.pages.items()):
        if lang == original_lang:
            continue
        original = site.page(original_lang, rel_path)
        if original is None:
            site.problems.append(
                Problem(
                    page.display_path,
                    None,
                    "this translation has no Japanese original",
                    f"add docs/{original_lang}/{rel_path} or remove this file",
                )
            )
            continue
        if original.readable and page.readable:
            compare_twins(site, original, page)
    for (lang, rel_path), page in sorted(site.pages.items()):
        if lang != original_lang:
            continue
        for other in schema.LANGUAGES:
            if other != original_lang and site.page(other, rel_path) is None:
                site.problems.append(
                    Problem(
                        page.display_path,
                        None,
                        f"this page has no {other} translation yet",
                        f"add docs/{other}/{rel_path} (readers see the Japanese page meanwhile)",
                    )
                )


def compare_twins(site: Site, original: Page, translation: Page) -> None:
    from dx_playbook.core.site import Problem

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
    for (lang, _), page in sorted(site.pages.items()):
        if not page.readable:
            # Its one problem is already reported; guessing at the rest would only add noise.
            continue
        check_items(site, page)
        if page.is_principle:
            principle = check_principle_meta(site, page)
            if principle is not None:
                grouped[lang][principle.id] = principle
    site.principles = dict(grouped)
    check_unique_ids(site)
    check_translation_parity(site)
    check_records(site)
