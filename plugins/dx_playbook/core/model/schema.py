"""The content schema: one place that defines what a page may say about itself.

Contributors read the human version of this in ``docs/*/contributing/schema.md``;
``tests/test_schema_docs.py`` keeps both languages' pages in step with the constants below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from dx_playbook.core.text.catalogue import ByLanguage, catalogue, locales

#: Bump when a field is added, renamed or changes meaning; exports carry it.
SCHEMA_VERSION: Final = 1


def _labels(*keys: str | int) -> ByLanguage[str]:
    """The text at ``keys`` of each catalogue: ``_labels("roles", "cdo")["en"]``."""

    def pick(found: dict[str, Any]) -> str:
        for key in keys:
            found = found[key]  # type: ignore[index]
        return str(found)

    return ByLanguage(pick)


#: The four pillars, in reading order, with their labels (``pillars`` of each catalogue).
PILLARS: Final[dict[str, ByLanguage[str]]] = {
    key: _labels("pillars", key) for key in ("mission", "strategy", "people", "public-mind")
}

#: The fixed role vocabulary, in the order the roles page presents them, with labels.
ROLES: Final[dict[str, ByLanguage[str]]] = {
    key: _labels("roles", key)
    for key in ("leaders", "cdo", "dx-office", "promoters", "all-staff", "supporters", "residents")
}

SERIES_PARTS: Final = range(1, 8)

#: Lowercase ASCII words joined by single hyphens: safe in URLs, file names and storage keys.
SLUG_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH: Final = 64

#: Material other than the series that pages name (``references`` of each catalogue: its title
#: and publisher in each language), by ID: ``references: [dx-procedures-guide]``. Named in
#: full on the page, so that a reader on a closed network can ask for it by name.
REFERENCES: Final[ByLanguage[dict[str, dict[str, str]]]] = ByLanguage(
    lambda found: dict(found["references"])
)
REFERENCE_IDS: Final[tuple[str, ...]] = tuple(sorted(catalogue(locales()[0])["references"]))

#: Where principle pages live inside each language folder.
PRINCIPLES_DIR: Final = "principles"
#: Where each pillar's overview page lives (``pillars/<pillar>.md``) inside each language folder.
PILLARS_DIR: Final = "pillars"

#: The generated views a page may ask for with ``dxp_view``, and what each shows.
VIEWS: Final[dict[str, str]] = {
    "role": "the principles and checklist items of one role (with 'role')",
    "pillar": "the principles of one pillar (with 'pillar_view')",
    "dashboard": "the progress dashboard",
    "report": "the one-page report of a self-assessment",
    "checklist": "the whole checklist",
    "print-all": "the whole playbook on one printable page",
    "glossary": "the glossary",
    "translation-status": "the state of each translation",
}
#: What Material's ``hide`` may hide.
HIDE_OPTIONS: Final = ("navigation", "toc", "footer", "path", "tags", "feedback")
#: Material's per-page search options: key -> what its value must be.
SEARCH_OPTIONS: Final[dict[str, str]] = {"exclude": "true or false", "boost": "a positive number"}
#: Page templates a page may name. Core cannot see the theme's folders, so this is a fixed list:
#: the theme's own page template, which ``overrides/main.html`` extends. Add a name here when
#: overrides/ gains a page template.
TEMPLATES: Final = ("main.html",)

#: Most entries of ``keywords``, and the longest an entry may be.
KEYWORDS_MAX: Final = 12
KEYWORD_MAX_LENGTH: Final = 40

#: Kinds of value a front-matter field holds (``Field.kind``).
TEXT: Final = "text"
SLUG: Final = "slug"
WHOLE_NUMBER: Final = "whole number"
ONE_OF: Final = "one of"
LIST_OF: Final = "list of"
WORDS: Final = "words"
OPTIONS: Final = "options"
RECORD: Final = "translation record"


@dataclass(frozen=True)
class Field:
    """One front-matter field: the kind of value it holds, in words for messages and docs."""

    name: str
    kind: str
    description: str
    #: A line that is right, for "how to fix it" hints.
    example: str
    #: Allowed values (``ONE_OF``), or allowed entries (``LIST_OF``); keys for ``OPTIONS``.
    choices: tuple[str, ...] = ()
    #: Inclusive bounds of a ``WHOLE_NUMBER``.
    minimum: int | None = None
    maximum: int | None = None
    #: Required on principle pages (and only meaningful there).
    principle: bool = False
    #: Optional, and meaningful on principle pages only (refused elsewhere).
    principle_only: bool = False
    #: MkDocs or Material reads it and may fail on a wrong value (``hide: 5`` is a traceback):
    #: a page with a wrong value is left out of the build. Pages whose ``one of`` field is not
    #: a single text value are left out too: our plugins look such values up in tables.
    breaks_build: bool = False

    @property
    def expected(self) -> str:
        """What the value must be, in words: "one of: a, b", "a whole number from 1 to 7"."""
        if self.kind == OPTIONS:
            return "a mapping of " + ", ".join(
                f"'{key}' ({SEARCH_OPTIONS.get(key, 'a value')})" for key in self.choices
            )
        if self.kind == WHOLE_NUMBER and self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        words = {
            ONE_OF: "one of: " + ", ".join(self.choices),
            LIST_OF: "a list of some of: " + ", ".join(self.choices),
            WHOLE_NUMBER: "a whole number",
            SLUG: "a lowercase slug (a-z, 0-9 and single hyphens)",
            RECORD: "'<12 hex digits> <YYYY-MM-DD>' in quotes",
            WORDS: f"a list of 1 to {KEYWORDS_MAX} words or short phrases of at most "
            f"{KEYWORD_MAX_LENGTH} characters each",
        }
        return words.get(self.kind, self.kind)


#: Every front-matter field a page may have, in the order the docs present them. A field that
#: is not here is refused on every page.
FIELDS: Final[dict[str, Field]] = {
    field.name: field
    for field in (
        Field(
            "id",
            SLUG,
            "the principle's ID, a lowercase slug that is also its file name and URL",
            "id: leave-no-one-behind",
            principle=True,
        ),
        Field(
            "pillar",
            ONE_OF,
            "one of: " + ", ".join(PILLARS),
            "pillar: people",
            choices=tuple(PILLARS),
            principle=True,
        ),
        Field(
            "series_part",
            WHOLE_NUMBER,
            "the part of the series (1 to 7) the principle draws on",
            "series_part: 5",
            minimum=SERIES_PARTS.start,
            maximum=SERIES_PARTS.stop - 1,
            principle=True,
        ),
        Field(
            "series_headings",
            LIST_OF,
            "the section headings of that part the principle draws on, by number (1 for the "
            "first); without it, the part's title",
            "series_headings: [2]",
            principle_only=True,
        ),
        Field(
            "references",
            LIST_OF,
            "material other than the series that the page names (national plans, guides), by "
            "the IDs of 'references' in the text catalogues: " + ", ".join(REFERENCE_IDS),
            "references: [dx-procedures-guide]",
            choices=REFERENCE_IDS,
            principle_only=True,
        ),
        Field(
            "roles",
            LIST_OF,
            "a list of roles from: " + ", ".join(ROLES),
            "roles: [leaders, all-staff]",
            choices=tuple(ROLES),
            principle=True,
        ),
        Field(
            "summary",
            TEXT,
            "one or two sentences that say what the principle asks",
            "summary: One or two sentences.",
            principle=True,
        ),
        Field(
            "title",
            TEXT,
            "the page title (otherwise the first heading)",
            "title: Glossary",
            breaks_build=True,
        ),
        Field("order", WHOLE_NUMBER, "position within its pillar (a whole number)", "order: 2"),
        Field(
            "translation_of",
            RECORD,
            "English pages: fingerprint of the Japanese text this translates",
            'translation_of: "3f2a9c1b7d4e 2025-06-01"',
        ),
        Field(
            "hide",
            LIST_OF,
            "Material's option to hide parts of the page: " + ", ".join(HIDE_OPTIONS),
            "hide: [toc]",
            choices=HIDE_OPTIONS,
            breaks_build=True,
        ),
        Field(
            "search",
            OPTIONS,
            "Material's search options for the page: "
            + ", ".join(f"{key} ({kind})" for key, kind in SEARCH_OPTIONS.items()),
            "search: {exclude: true}",
            choices=tuple(SEARCH_OPTIONS),
            breaks_build=True,
        ),
        Field(
            "keywords",
            WORDS,
            "words readers type in the search to look for this page that its title and text do "
            "not use (in the page's language); they count like words of the title and are "
            "never shown",
            "keywords: [contact, report a mistake]",
        ),
        Field(
            "description",
            TEXT,
            "the page description for search engines",
            "description: What this page is about.",
            breaks_build=True,
        ),
        Field(
            "template",
            ONE_OF,
            "an alternative page template: " + ", ".join(TEMPLATES),
            "template: main.html",
            choices=TEMPLATES,
            breaks_build=True,
        ),
        Field(
            "dxp_view",
            ONE_OF,
            "a generated view: " + ", ".join(VIEWS),
            "dxp_view: role",
            choices=tuple(VIEWS),
        ),
        Field(
            "role",
            ONE_OF,
            "with dxp_view: role, the role this page lists",
            "role: promoters",
            choices=tuple(ROLES),
        ),
        Field(
            "pillar_view",
            ONE_OF,
            "with dxp_view: pillar, the pillar this page lists",
            "pillar_view: people",
            choices=tuple(PILLARS),
        ),
    )
}

#: Fields Material reads that the playbook does not offer: refused like any unknown field, and
#: the page is left out of the build (``icon: nope`` makes Material's templates fail).
THEME_ONLY_FIELDS: Final = ("icon", "subtitle", "status")

#: Front-matter fields of a principle page: name -> short description for messages and docs.
PRINCIPLE_FIELDS: Final[dict[str, str]] = {
    name: field.description for name, field in FIELDS.items() if field.principle
}
#: Optional front-matter fields understood on any page.
OPTIONAL_FIELDS: Final[dict[str, str]] = {
    name: field.description for name, field in FIELDS.items() if not field.principle
}

#: The folder of the project (next to the docs folder) that ``--8<--`` snippets come from; the
#: ``pymdownx.snippets`` entry of ``mkdocs.yml`` names the same folder.
SNIPPETS_DIR: Final = "snippets"
#: Longest path a snippet line may name; longer is refused before it is looked at further.
SNIPPET_PATH_MAX_LENGTH: Final = 255


def is_slug(value: object) -> bool:
    """Whether ``value`` is a valid ID for a page or a checklist item."""
    return (
        isinstance(value, str)
        and len(value) <= SLUG_MAX_LENGTH
        and SLUG_PATTERN.fullmatch(value) is not None
    )


#: Between an edition's slug and its own ID in the ID of an item an edition adds
#: (``kitahama--meeting-notes``): slugs never hold it, so the two kinds never collide.
EDITION_NAMESPACE: Final = "--"


def is_item_id(value: object) -> bool:
    """Whether ``value`` is a checklist item's ID: a slug (ours), or an edition's slug, ``--``
    and a slug (a town's, :mod:`dx_playbook.core.editions`)."""
    if not isinstance(value, str):
        return False
    edition, namespaced, own = value.partition(EDITION_NAMESPACE)
    if not namespaced:
        return is_slug(value)
    return len(value) <= SLUG_MAX_LENGTH and is_slug(own) and is_slug(edition)


def suggest_slug(value: str) -> str:
    """A valid slug close to ``value``, for "how to fix it" hints."""
    ascii_only = value.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    return "-".join(words)[:SLUG_MAX_LENGTH] or "my-id"


#: The series the playbook draws on, credited on every principle page and on the sources page.
SERIES: Final[dict[str, ByLanguage[str]]] = {
    field: _labels("series", field) for field in ("title", "author", "publisher")
}

#: The parts whose whole text the editors have read (``../shared/source``). Every other part
#: is known by its title and section headings alone, so a page drawn from it can say no more
#: than that it was inspired by them (:mod:`dx_playbook.core.model.credit`).
SERIES_TEXT_PARTS: Final = frozenset({5})

#: Titles of the seven parts: the Japanese as published, the English our translation.
SERIES_PART_TITLES: Final[dict[int, ByLanguage[str]]] = {
    part: _labels("series", "parts", part) for part in range(1, 8)
}


#: Each part's section headings, in order (``series.headings`` of each catalogue): the
#: Japanese as published, the English our translation. ``series_headings: [n]`` names the n-th.
SERIES_HEADINGS: Final[dict[int, ByLanguage[tuple[str, ...]]]] = {
    part: ByLanguage(lambda found, part=part: tuple(found["series"]["headings"][part]))  # type: ignore[misc]
    for part in range(1, 8)
}
