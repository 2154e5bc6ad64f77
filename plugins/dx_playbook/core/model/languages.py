"""Which languages the playbook is written in: data from the configuration, not code.

The i18n plugin's ``languages`` in ``mkdocs.yml`` declare them, and the one marked
``default: true`` is the original, served at the site root; the others are its translations.
Every part of the playbook that goes through "each language" asks a :class:`Languages`
(``site.languages`` once the site is read), so a language is added by declaring it, writing its
pages and its words (a catalogue, :mod:`dx_playbook.core.text.catalogue`), with no code change.
Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final


class LanguagesError(ValueError):
    """A declaration of languages that cannot be used."""


@dataclass(frozen=True)
class Languages:
    """The languages of one playbook, the original first."""

    #: Every language, the original (``source``) first, then the translations in declared order.
    codes: tuple[str, ...]
    #: The language the pages are written in first and the others are translated from.
    source: str

    def __post_init__(self) -> None:
        if not self.codes or self.codes[0] != self.source:
            raise LanguagesError(f"{self.source!r} must be the first of {self.codes!r}")
        if len(set(self.codes)) != len(self.codes):
            raise LanguagesError(f"a language is declared twice in {self.codes!r}")

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages translated from the original."""
        return self.codes[1:]

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, lang: object) -> bool:
        return lang in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def declared(cls, entries: Iterable[Mapping[str, Any]] | None) -> Languages:
        """The languages of the i18n plugin's ``languages`` option (``locale``, ``default``);
        the playbook's own (:data:`PLAYBOOK`) where nothing is declared."""
        entries = list(entries or [])
        codes = [str(entry.get("locale")) for entry in entries if entry.get("locale")]
        if not codes:
            return PLAYBOOK
        defaults = [str(entry["locale"]) for entry in entries if entry.get("default")]
        source = defaults[0] if defaults else codes[0]
        return cls((source, *(code for code in codes if code != source)), source)


#: The playbook's languages when no configuration says otherwise: tools and tests pointed at a
#: bare docs folder. Builds and ``dx-playbook check`` read the configuration's.
PLAYBOOK: Final = Languages(("ja", "en"), "ja")
