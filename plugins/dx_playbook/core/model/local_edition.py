"""A town's own edition of the playbook, as the model holds it (:attr:`Site.edition`).

``core/editions`` reads it from ``editions/<slug>/edition.yml`` and merges its overlays into
the pages; everything else reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from dx_playbook.core.model.schema import EDITION_NAMESPACE

#: Where editions live, relative to the project (the folder that holds ``docs/``).
EDITIONS_DIR: Final = "editions"


@dataclass(frozen=True)
class Contact:
    office: dict[str, str]
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Link:
    title: dict[str, str]
    url: str


@dataclass(frozen=True)
class LocalEdition:
    """A town's edition, as ``edition.yml`` describes it."""

    slug: str
    #: The edition's folder.
    folder: Path
    name: dict[str, str]
    short_name: dict[str, str]
    colour: str
    languages: tuple[str, ...]
    fictional: bool = False
    #: The logo file, inside :attr:`folder`.
    logo: Path | None = None
    contacts: tuple[Contact, ...] = ()
    links: tuple[Link, ...] = ()

    def item_id(self, own_id: str) -> str:
        """The site-wide ID of the edition's item ``own_id``: ``kitahama--monthly-meeting``."""
        return f"{self.slug}{EDITION_NAMESPACE}{own_id}"

    @property
    def display_dir(self) -> str:
        return f"{EDITIONS_DIR}/{self.slug}"
