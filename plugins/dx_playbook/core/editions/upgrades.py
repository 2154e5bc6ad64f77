"""Whether each overlay of an edition still fits the playbook it is built on.

An overlay extends some of our sections: those it adds an example to, and the checklist when
it adds or hides items (or the whole page, when it leaves the principle out). When it was last
reviewed, ``dx-playbook edition mark-current`` recorded a fingerprint of each of those
sections' text, as it was, in its front matter::

    based_on: {checklist: "3f2a9c1b7d4e 2026-12-03", practices: "9c0d1e2f3a4b 2026-12-03"}

(each in the form of a translation's ``translation_of``: 12 hex digits, then the date). When a
new version of the playbook changes one of them, its fingerprint no longer matches: the
overlay needs review, and the build names the section, with the date our page changed where
the repository's history tells it. A change to any other section of ours leaves the overlay
current, and a section the town starts to extend is untracked until it is marked, never
mistaken for a change of ours: a town upgrading reviews only what touches its own text.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
from dataclasses import dataclass

from dx_playbook.core.editions.overlays import (
    BASED_ON,
    WHOLE_PAGE,
    Overlay,
    read_based_on,
    read_overlays,
)
from dx_playbook.core.model import schema
from dx_playbook.core.model.frontmatter import Document
from dx_playbook.core.model.site import Page, Site
from dx_playbook.core.model.structure import CHECKLIST_SECTION, parse_body
from dx_playbook.core.translations.translations import (
    FINGERPRINT_LENGTH,
    Record,
    normalise_body,
)

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
    #: What ``based_on`` recorded, by section.
    records: dict[str, Record]
    #: The fingerprint of each section it extends, as it is now.
    fingerprints: dict[str, str]

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(self.fingerprints)

    @property
    def changed(self) -> tuple[str, ...]:
        """The sections of ours that changed since the overlay was last reviewed."""
        return tuple(
            section
            for section, current in self.fingerprints.items()
            if section in self.records and self.records[section].fingerprint != current
        )

    @property
    def reviewed(self) -> datetime.date | None:
        dates = [record.date for record in self.records.values() if record.date]
        return max(dates) if dates else None

    def based_on(self, today: datetime.date) -> str:
        """The ``based_on`` value that marks it current today, as one line of YAML."""
        parts = ", ".join(f'{s}: "{Record(f, today)}"' for s, f in self.fingerprints.items())
        return "{" + parts + "}"


def extended_sections(overlay: Overlay) -> tuple[str, ...]:
    """The IDs of our sections ``overlay`` depends on, in a stable order (``page``: the whole
    page, for an overlay that leaves the principle out)."""
    if overlay.principle_reason is not None:
        return (WHOLE_PAGE,)
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


def fingerprint_of_section(page: Page, section: str) -> str:
    """The fingerprint of one section of our page as written (not as an edition merged it)."""
    document = page.written or page.document
    text = document.body if section == WHOLE_PAGE else section_texts(document).get(section, "")
    digest = hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()
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
            now = {s: fingerprint_of_section(page, s) for s in extended_sections(overlay)}
            try:
                records = read_based_on(overlay.based_on)
            except ValueError:
                records = {}  # reported when the overlay was read
            status = OverlayStatus(overlay, page, Review.CURRENT, records, now)
            if status.changed:
                state = Review.REVIEW
            elif any(section not in records for section in now):
                state = Review.UNTRACKED
            else:
                state = Review.CURRENT
            found.append(OverlayStatus(overlay, page, state, records, now))
    return sorted(found, key=lambda status: status.overlay.display_path)


def review_message(status: OverlayStatus, slug: str, changed: datetime.date | None) -> str:
    """One line for the build log or the command line about an overlay to review."""
    sections = ", ".join(f"'{section}'" for section in status.changed)
    when = f" (our page changed on {changed.isoformat()})" if changed else ""
    reviewed = status.reviewed
    since = f" since it was last reviewed on {reviewed.isoformat()}" if reviewed else ""
    return (
        f"{status.overlay.display_path}: the playbook changed {sections} of "
        f"{status.page.display_path}{since}{when}. Fix: read our section again and update the "
        f"town's text if it no longer fits, then run "
        f"'{MARK_COMMAND} {slug} {status.overlay.display_path}'"
    )


def untracked_message(count: int, slug: str) -> str:
    return (
        f"{count} overlay{'s' if count != 1 else ''} of the edition '{slug}' "
        f"{'extend' if count != 1 else 'extends'} sections with no '{BASED_ON}' record yet, so "
        f"no one can tell when the playbook changes under {'them' if count != 1 else 'it'}. "
        f"Fix: once reviewed, run '{MARK_COMMAND} {slug} --all'"
    )
