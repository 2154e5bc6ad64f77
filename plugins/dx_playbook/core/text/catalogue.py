"""The words of each language, as data: one catalogue per locale in ``locales/<locale>.yml``.

A catalogue holds every word the playbook's code shows in that language: the language's own
name, the pillar and role labels, the series credit, the checklist columns and statuses, the
generated views' text and the browser's. The keys are the same in every language (a test holds
them to the source language's, ``{fields}`` included), so a language is added by adding its
file and translating it, not by editing code. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"


class CatalogueError(ValueError):
    """A catalogue that is missing or cannot be read."""


def locales() -> tuple[str, ...]:
    """The locales that have a catalogue."""
    return tuple(sorted(path.stem for path in LOCALES_DIR.glob("*.yml")))


@functools.cache
def catalogue(locale: str) -> dict[str, Any]:
    """The catalogue of ``locale``; raises :class:`CatalogueError` naming the file."""
    path = LOCALES_DIR / f"{locale}.yml"
    if not path.is_file():
        raise CatalogueError(
            f"no words for the language {locale!r}: add {path.name} beside "
            f"{', '.join(f'{name}.yml' for name in locales())} in {LOCALES_DIR}"
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected 'key: value' lines")
    return data


def words(section: str, languages: tuple[str, ...]) -> dict[str, Any]:
    """``section`` of each of ``languages``' catalogues: ``{"ja": ..., "en": ...}``."""
    return {lang: catalogue(lang)[section] for lang in languages}
