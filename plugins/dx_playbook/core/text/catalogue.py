"""The words of each language, as data: one catalogue per locale in ``locales/<locale>.yml``.

A catalogue holds every word the playbook's code shows in that language: the language's own
name, the pillar and role labels, the series credit, the checklist columns and statuses, the
generated views' text and the browser's. The keys are the same in every language (a test holds
them to the source language's, ``{fields}`` included), so a language is added by adding its
file and translating it, not by editing code. A project may bring the words of a language the
package has none for in its own ``locales/`` folder (:func:`register`). Nothing here imports
MkDocs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

LOCALES_DIR = Path(__file__).parent / "locales"

T = TypeVar("T")

#: Catalogues that projects brought for languages the package has no words for.
_registered: dict[str, Path] = {}
#: Each locale's catalogue once read (pages ask for words thousands of times a build), and the
#: count of changes to :data:`_registered`, after which what was read is read again.
_read_cache: dict[str, dict[str, Any]] = {}
_changes = [0]


def _changed() -> None:
    _read_cache.clear()
    _changes[0] += 1


class CatalogueError(ValueError):
    """A catalogue that is missing or cannot be read."""


def register(folder: Path) -> tuple[str, ...]:
    """Use the catalogues in ``folder`` (a project's ``locales/``) for the languages the
    package has no catalogue of; the package's own words are never replaced. Returns the
    locales it added."""
    added = []
    for path in sorted(Path(folder).glob("*.yml")):
        if not (LOCALES_DIR / path.name).is_file():
            _registered[path.stem] = path.resolve()
            added.append(path.stem)
    _changed()
    return tuple(added)


def registered() -> dict[str, Path]:
    """What :func:`register` added, for a caller that must put the process back as it was."""
    return dict(_registered)


def restore(saved: dict[str, Path]) -> None:
    """Put back what :func:`registered` returned."""
    _registered.clear()
    _registered.update(saved)
    _changed()


def locales() -> tuple[str, ...]:
    """The locales that have a catalogue."""
    return tuple(sorted({path.stem for path in LOCALES_DIR.glob("*.yml")} | set(_registered)))


def _path(locale: str) -> Path:
    return _registered.get(locale, LOCALES_DIR / f"{locale}.yml")


def catalogue(locale: str) -> dict[str, Any]:
    """The catalogue of ``locale``; raises :class:`CatalogueError` naming the file."""
    found = _read_cache.get(locale)
    if found is None:
        found = _read_cache[locale] = _read(_path(locale))
    return found


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CatalogueError(
            f"no words for the language {path.stem!r}: add {path.name} beside "
            f"{', '.join(f'{name}.yml' for name in locales())} in {LOCALES_DIR}, "
            "or in the project's locales/ folder"
        )
    # libyaml where PyYAML has it: ten times faster than the pure-Python parser.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected 'key: value' lines")
    return data


def language_name(lang: str, reader_lang: str) -> str:
    """The name of ``lang`` in ``reader_lang`` as HTML (``language_names``); a language the
    reader's catalogue has no name for is called by its own name, marked with its ``lang``."""
    names: dict[str, str] = catalogue(reader_lang)["language_names"]
    if lang in names:
        return html.escape(names[lang])
    own = html.escape(catalogue(lang)["language"])
    return f'<span lang="{html.escape(lang, quote=True)}">{own}</span>'


_MISSING: Any = object()


class ByLanguage(Mapping[str, T]):
    """One part of every catalogue, looked up when a language asks for it: ``LABELS["en"]``.

    Iterating gives every locale that has a catalogue; the languages a site is built in are
    the site's (:class:`dx_playbook.core.model.languages.Languages`), not this mapping's.
    """

    def __init__(self, pick: Callable[[dict[str, Any]], T]) -> None:
        self._pick = pick
        self._seen: dict[str, T] = {}
        self._changes = _changes[0]

    def __getitem__(self, locale: str) -> T:
        if self._changes != _changes[0]:
            self._seen, self._changes = {}, _changes[0]
        found = self._seen.get(locale, _MISSING)
        if found is _MISSING:
            try:
                words = catalogue(locale)
            except CatalogueError:
                raise KeyError(locale) from None
            found = self._seen[locale] = self._pick(words)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(locales())

    def __len__(self) -> int:
        return len(locales())


def words(section: str) -> ByLanguage[Any]:
    """``section`` of each catalogue: ``words("views")["en"]``."""
    return ByLanguage(lambda found: found[section])
