"""The playbook's search worker: one script per language, written at build time.

The engine (``overrides/assets/javascripts/workers/dxp-search.js``) speaks the message protocol
of Material's search worker. Each language gets its own copy, ``dxp-search.<lang>.js``, which
first tells the engine which language it serves and which folder each language's pages live in,
so that it keeps only the page's language out of the one index Material writes for all of them.
One self-contained file per language (rather than a shared engine loaded with
``importScripts``) because on ``file://`` the worker runs in an iframe shim where
``importScripts`` is asynchronous.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

WORKER_FOLDER = "assets/javascripts/workers"
ENGINE = f"{WORKER_FOLDER}/dxp-search.js"
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def worker_path(lang: str) -> str:
    """Site path of the worker for pages in ``lang``: ``assets/.../dxp-search.ja.js``."""
    if not LOCALE.match(lang):
        raise ValueError(f"{lang!r} is not a language code such as 'ja' or 'en'")
    return f"{WORKER_FOLDER}/dxp-search.{lang}.js"


def language_prefixes(languages: Iterable[tuple[str, bool]]) -> dict[str, str]:
    """Where each language's pages live in the index: ``{"ja": "", "en": "en/"}``.

    ``languages`` are ``(locale, is_default)`` pairs as mkdocs-static-i18n builds them: the
    default language at the site root, every other one in a folder named after its locale.
    """
    prefixes: dict[str, str] = {}
    defaults = []
    for locale, is_default in languages:
        if not LOCALE.match(locale):
            raise ValueError(f"{locale!r} is not a language code such as 'ja' or 'en'")
        prefixes[locale] = "" if is_default else f"{locale}/"
        if is_default:
            defaults.append(locale)
    if len(defaults) != 1:
        raise ValueError(f"exactly one default language expected, found {defaults or 'none'}")
    return prefixes


def worker_script(
    engine: str,
    lang: str,
    prefixes: dict[str, str],
    synonyms: Iterable[Iterable[str]] = (),
) -> str:
    """The engine preceded by the settings for ``lang`` (a JSON literal, never raw text):
    ``synonyms`` are the thesaurus's groups of words that mean the same for its readers."""
    if lang not in prefixes:
        raise ValueError(f"no folder is known for the language {lang!r}: {sorted(prefixes)}")
    groups = [list(group) for group in synonyms]
    settings = json.dumps(
        {"lang": lang, "prefixes": prefixes, "synonyms": groups}, ensure_ascii=True, sort_keys=True
    )
    return f"self.__dxpSearch = {settings};\n{engine}"


def language_of(location: str, prefixes: dict[str, str]) -> str | None:
    """The language whose folder holds ``location`` (the longest matching prefix), as the
    worker decides it."""
    best: tuple[int, str] | None = None
    for lang, prefix in prefixes.items():
        if location.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), lang)
    return best[1] if best else None


def misplaced(locations: Iterable[str], lang: str, prefixes: dict[str, str]) -> list[str]:
    """Locations of a ``lang`` build that the worker would count as another language's."""
    return [location for location in locations if language_of(location, prefixes) != lang]
