"""The content schema: one place that defines what a page may say about itself.

Contributors read the human version of this in ``docs/*/contributing/schema.md``; a test keeps
both in step with the constants below.
"""

from __future__ import annotations

import re
from typing import Final

#: Bump when a field is added, renamed or changes meaning; exports carry it.
SCHEMA_VERSION: Final = 1

LANGUAGES: Final = ("ja", "en")
#: Japanese is the original; English is its translation.
SOURCE_LANGUAGE: Final = "ja"

#: The four pillars, in reading order, with their labels.
PILLARS: Final[dict[str, dict[str, str]]] = {
    "mission": {"ja": "ミッション", "en": "Mission"},
    "strategy": {"ja": "戦略", "en": "Strategy"},
    "people": {"ja": "人と仕組み", "en": "People"},
    "public-mind": {"ja": "パブリックマインド", "en": "Public mind"},
}

#: The fixed role vocabulary, in the order the roles page presents them.
ROLES: Final[dict[str, dict[str, str]]] = {
    "leaders": {"ja": "首長・幹部", "en": "Leaders"},
    "cdo": {"ja": "CDO・司令塔", "en": "CDO and command"},
    "dx-office": {"ja": "DX推進部門", "en": "DX office"},
    "promoters": {"ja": "DX推進員", "en": "DX promoters"},
    "all-staff": {"ja": "全職員", "en": "All staff"},
    "supporters": {"ja": "デジタル活用支援員", "en": "Digital supporters"},
    "residents": {"ja": "住民・地域", "en": "Residents and community"},
}

SERIES_PARTS: Final = range(1, 8)

#: Lowercase ASCII words joined by single hyphens: safe in URLs, file names and storage keys.
SLUG_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH: Final = 64

#: Where principle pages live inside each language folder.
PRINCIPLES_DIR: Final = "principles"

#: Front-matter fields of a principle page: name -> short description for messages and docs.
PRINCIPLE_FIELDS: Final[dict[str, str]] = {
    "id": "the principle's ID, a lowercase slug that is also its file name and URL",
    "pillar": "one of: " + ", ".join(PILLARS),
    "series_part": "the part of the series (1 to 7) the principle draws on",
    "roles": "a list of roles from: " + ", ".join(ROLES),
    "summary": "one or two sentences that say what the principle asks",
}
#: Optional front-matter fields understood on any page.
OPTIONAL_FIELDS: Final[dict[str, str]] = {
    "title": "the page title (otherwise the first heading)",
    "order": "position within its pillar (a whole number)",
    "translation_of": "English pages: fingerprint of the Japanese text this translates",
    "hide": "Material's option to hide navigation or table of contents",
    "search": "Material's search options for the page",
    "description": "the page description for search engines",
    "template": "an alternative page template",
    "dxp_view": "a generated view: role, pillar, dashboard, checklist, print-all",
    "role": "with dxp_view: role, the role this page lists",
    "pillar_view": "with dxp_view: pillar, the pillar this page lists",
}


def is_slug(value: object) -> bool:
    """Whether ``value`` is a valid ID for a page or a checklist item."""
    return (
        isinstance(value, str)
        and len(value) <= SLUG_MAX_LENGTH
        and SLUG_PATTERN.fullmatch(value) is not None
    )


def suggest_slug(value: str) -> str:
    """A valid slug close to ``value``, for "how to fix it" hints."""
    ascii_only = value.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    return "-".join(words)[:SLUG_MAX_LENGTH] or "my-id"


#: The series the playbook draws on, credited on every principle page and on the sources page.
SERIES: Final[dict[str, object]] = {
    "title": {
        "ja": "アフターコロナと自治体のデジタル変革",
        "en": "After COVID-19 and the Digital Transformation of Municipalities",
    },
    "author": {"ja": "菅原直敏", "en": "Naotoshi Sugawara"},
    "publisher": {"ja": "Public dots & Company", "en": "Public dots & Company"},
}

#: Titles of the seven parts: the Japanese as published, the English our translation.
SERIES_PART_TITLES: Final[dict[int, dict[str, str]]] = {
    1: {"ja": "テクノロジーで人々をエンパワメントする", "en": "Empowering people with technology"},
    2: {"ja": "自治体の存在意義を再考しよう", "en": "Rethinking why municipalities exist"},
    3: {
        "ja": "戦術よりも戦略、現状把握をしよう",
        "en": "Strategy over tactics: know where you stand",
    },
    4: {"ja": "全ては人と仕組みから始まる", "en": "Everything starts with people and structures"},
    5: {"ja": "適切な理解と人材活用", "en": "Sound understanding and making use of talent"},
    6: {"ja": "本気で取り組もう", "en": "Getting serious"},
    7: {"ja": "アフターコロナの自治体像", "en": "The municipality after COVID-19"},
}
