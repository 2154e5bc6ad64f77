"""Whether each overlay of an edition still fits the playbook it is built on.

An overlay extends some of our sections: those it adds an example to, and the checklist when
it adds or hides items. When it was last reviewed, ``dx-playbook edition mark-current``
recorded a fingerprint of those sections' text, as they were, in its front matter::

    based_on: "3f2a9c1b7d4e 2026-12-03"

(the form of a translation's ``translation_of``: 12 hex digits, then the date). When a new
version of the playbook changes one of them, the fingerprint no longer matches: the overlay
needs review, and the build says so, with the date our page changed where the repository's
history tells it. A change to any other section of ours leaves the overlay current: a town
upgrading reviews only what touches its own text. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
from dataclasses import dataclass

from dx_playbook.core.editions.overlays import Overlay, read_overlays
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import Document
from dx_playbook.core.model.site import Page, Site
from dx_playbook.core.model.structure import CHECKLIST_SECTION, parse_body
from dx_playbook.core.translations.translations import (
    FINGERPRINT_LENGTH,
    Record,
    normalise_body,
    parse_record,
)

BASED_ON = "based_on"
MARK_COMMAND = "dx-playbook edition mark-current"


class Review(enum.StrEnum):
    """The state of one overlay against the playbook as it is now."""

    CURRENT = "current"
    #: A section it extends changed after it was last reviewed.
    REVIEW = "review"
    #: No ``based_on`` yet: nobody has said which version of our text it was written for.
    UNTRACKED = "untracked"


@dataclass(frozen=True)
class OverlayStatus:
    overlay: Overlay
    #: Our page the overlay extends, as we wrote it.
    page: Page
    state: Review
    record: Record | None
    #: The fingerprint of the sections it extends, as they are now.
    fingerprint: str
    #: The IDs of those sections.
    sections: tuple[str, ...]


def extended_sections(overlay: Overlay) -> tuple[str, ...]:
    """The IDs of our sections ``overlay`` depends on, in a stable order."""
    found = {addition.section for addition in overlay.additions}
    if overlay.items or overlay.hidden:
        found.add(CHECKLIST_SECTION)
    return tuple(sorted(found))


def section_texts(document: Document) -> dict[str, str]:
    """The text of each ``##`` section of a page (by ID): its heading line to the next one."""
    lines = document.body.split("\n")
    structure = parse_body(document.body, document.body_start)
    starts = sorted(
        (heading.line - document.body_start, heading.id or "")
        for heading in structure.headings
        if heading.level <= 2  # "#" and "##" end a section
    )
    texts = {}
    for index, (start, section_id) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        if section_id:
            texts[section_id] = "\n".join(lines[start:end])
    return texts


def fingerprint_of_sections(page: Page, sections: tuple[str, ...]) -> str:
    """The fingerprint of ``sections`` of our page as written (not as an edition merged it)."""
    texts = section_texts(page.written or page.document)
    parts = [f"## {section}\n{normalise_body(texts.get(section, ''))}" for section in sections]
    digest = hashlib.sha256("\n\n".join(parts).encode("utf-8")).hexdigest()
    return digest[:FINGERPRINT_LENGTH]


def overlay_statuses(site: Site) -> list[OverlayStatus]:
    """Every overlay of the site's edition that extends one of our principles, by path."""
    edition = site.edition
    if edition is None:
        return []
    found = []
    for lang in edition.languages:
        overlays = read_overlays(edition.folder / lang, edition.display_dir, lang, lambda *_: None)
        for overlay in overlays:
            page = site.page(lang, f"{schema.PRINCIPLES_DIR}/{overlay.principle_id}.md")
            if page is None or not page.readable:
                continue
            sections = extended_sections(overlay)
            current = fingerprint_of_sections(page, sections)
            record = _record(overlay)
            if record is None:
                state = Review.UNTRACKED
            elif record.fingerprint == current:
                state = Review.CURRENT
            else:
                state = Review.REVIEW
            found.append(OverlayStatus(overlay, page, state, record, current, sections))
    return sorted(found, key=lambda status: status.overlay.display_path)


def _record(overlay: Overlay) -> Record | None:
    if overlay.based_on is None:
        return None
    try:
        return parse_record(overlay.based_on)
    except ValueError:
        return None


def review_message(status: OverlayStatus, slug: str, changed: datetime.date | None) -> str:
    """One line for the build log or the command line about an overlay to review."""
    sections = ", ".join(f"'{section}'" for section in status.sections)
    when = f" (our page changed on {changed.isoformat()})" if changed else ""
    since = (
        f" since it was last reviewed on {status.record.date.isoformat()}"
        if status.record and status.record.date
        else " since it was last reviewed"
    )
    return (
        f"{status.overlay.display_path}: the playbook changed {sections} of "
        f"{status.page.display_path}{since}{when}. Fix: read our section again and update the "
        f"town's text if it no longer fits, then run "
        f"'{MARK_COMMAND} {slug} {status.overlay.display_path}'"
    )


def untracked_message(count: int, slug: str) -> str:
    return (
        f"{count} overlay{'s' if count != 1 else ''} of the edition '{slug}' "
        f"{'have' if count != 1 else 'has'} no '{BASED_ON}' yet, so no one can tell when the "
        f"playbook changes under {'them' if count != 1 else 'it'}. Fix: once reviewed, run "
        f"'{MARK_COMMAND} {slug} --all'"
    )
