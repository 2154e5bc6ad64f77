"""The playbook's search worker: one script per language, written at build time.

The engine (``overrides/assets/javascripts/workers/dxp-search.js``) speaks the message protocol
of Material's search worker. Each language gets its own copy, ``dxp-search.<lang>.js``, which
first tells the engine which language it serves (its settings: folders, thesaurus, readings),
then holds that language's part of the search index, then the engine:

    self.__dxpSearch = {...settings...};
    self.__dxpIndex = [...documents...];
    ...engine...

The index lives in the worker rather than in Material's ``search/search_index.json`` because
static-i18n writes one index for all languages, which every reader would download whole (11 MB
at 1,000 principles a language) for the worker to throw half away. Material's own file keeps its
``config`` and no documents. Both literals are JSON written as UTF-8 (``ensure_ascii=False``):
Japanese takes three bytes a character instead of six for an escape such as ``\\u5909``. One self-contained
file per language (rather than a shared engine loaded with ``importScripts``) because on
``file://`` the worker runs in an iframe shim where ``importScripts`` is asynchronous.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

WORKER_FOLDER = "assets/javascripts/workers"
ENGINE = f"{WORKER_FOLDER}/dxp-search.js"
LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: The Unicode scripts a language is written in, by its code's first part, as JavaScript's
#: ``\p{Script=...}`` names them: a query holding a letter of another language's script is also
#: searched in that language's pages. A language missing here is taken as written in Latin.
SCRIPTS: dict[str, tuple[str, ...]] = {
    "ja": ("Han", "Hiragana", "Katakana"),
    "zh": ("Han",),
    "ko": ("Hangul", "Han"),
}


#: The generated views that gather what other pages say: a role's principles and items, a
#: pillar's, the whole checklist, the glossary. Search lists them after the pages they gather,
#: unless their own title holds the query (用語集, CDO), as they repeat those pages' words.
AGGREGATE_VIEWS = frozenset({"role", "pillar", "checklist", "glossary", "print-all"})


#: Generated views that repeat the whole playbook (the page to print everything): readers look
#: for them by what they are for, so only their introduction, before the first section, is
#: indexed; the rest would answer every query.
INTRODUCTION_VIEWS = frozenset({"print-all"})


def introduction(html: str) -> str:
    """The part of a page's HTML before its first section heading."""
    cut = html.find("<h2")
    return html if cut < 0 else html[:cut]


def marked_aggregates(
    docs: Iterable[dict[str, object]], aggregates: set[str]
) -> list[dict[str, object]]:
    """``docs`` with ``"aggregate": true`` on the documents of the pages at ``aggregates``
    (their addresses, as the index's locations start)."""
    return [
        {**doc, "aggregate": True}
        if str(doc.get("location", "")).split("#")[0] in aggregates
        else doc
        for doc in docs
    ]


def with_keywords(
    docs: Iterable[dict[str, object]], keywords: dict[str, list[str]]
) -> list[dict[str, object]]:
    """``docs`` with ``"keywords"`` on the document of each page (its address, the location
    without a ``#``) that ``keywords`` names: the words its front matter lists for the search."""
    return [
        {**doc, "keywords": keywords[str(doc.get("location"))]}
        if str(doc.get("location")) in keywords
        else doc
        for doc in docs
    ]


def scripts_of(lang: str) -> list[str]:
    """The scripts ``lang`` is written in (``ja-JP`` as ``ja``)."""
    return list(SCRIPTS.get(re.split(r"[-_]", lang)[0], ("Latin",)))


def other_languages(
    lang: str, prefixes: dict[str, str], labels: dict[str, str], version: str = ""
) -> dict:
    """For the worker of ``lang``: each other language's worker file (with ``?v=version``),
    scripts and the label saying that its words matched (``labels[other]``, in the reader's
    language)."""
    query = f"?v={version}" if version else ""
    return {
        other: {
            "worker": worker_path(other).rsplit("/", 1)[1] + query,
            "scripts": scripts_of(other),
            "label": labels.get(other, ""),
        }
        for other in sorted(prefixes)
        if other != lang and set(scripts_of(other)) != set(scripts_of(lang))
    }


def inputs_version(folders: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A short fingerprint of every file under ``folders`` (its path and bytes) and of
    ``extra``: what the index and the workers are made of. The pages name their worker with it
    (``dxp-search.ja.js?v=...``), and each worker the other's, so that a browser never runs a
    worker cached from an earlier build, whose index or engine no longer matches the site.
    The same inputs give the same fingerprint: builds stay reproducible."""
    digest = hashlib.sha256()
    for item in extra:
        digest.update(f"{item}\0".encode())
    for folder in folders:
        if folder.is_file():
            files = [folder]
        elif folder.is_dir():
            files = sorted(path for path in folder.rglob("*") if path.is_file())
        else:
            continue
        for path in files:
            digest.update(f"{path.relative_to(folder.parent).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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


SETTINGS_LINE = "self.__dxpSearch = "
INDEX_LINE = "self.__dxpIndex = "


def worker_script(
    engine: str,
    lang: str,
    prefixes: dict[str, str],
    synonyms: Iterable[Iterable[str]] = (),
    *,
    readings: dict[str, list[str]] | None = None,
    kanji: dict[str, str] | None = None,
    other: dict[str, object] | None = None,
    docs: Iterable[dict[str, object]] = (),
) -> str:
    """The engine preceded by the settings for ``lang`` and its documents (JSON literals, never
    raw text): ``synonyms`` are the thesaurus's groups of words that mean the same for its
    readers, ``readings`` each reading in hiragana with the words of the text read so and
    ``kanji`` each other form of the text's kanji with the form it uses (see
    :mod:`dx_playbook.core.search.readings`), ``other`` the languages a query is also searched
    in (:func:`other_languages`), ``docs`` the language's entries of the index."""
    if lang not in prefixes:
        raise ValueError(f"no folder is known for the language {lang!r}: {sorted(prefixes)}")
    groups = [list(group) for group in synonyms]
    settings: dict[str, object] = {
        "lang": lang,
        "prefixes": prefixes,
        "synonyms": groups,
        "scripts": scripts_of(lang),
    }
    if readings:
        settings["readings"] = readings
    if kanji:
        settings["kanji"] = kanji
    if other:
        settings["other"] = other
    return f"{SETTINGS_LINE}{_literal(settings)};\n{INDEX_LINE}{_literal(list(docs))};\n{engine}"


def _literal(value: object) -> str:
    # U+2028 and U+2029 end a line for older JavaScript parsers; escaped, they are text.
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def worker_parts(script: str) -> tuple[dict[str, object], list[dict[str, object]], str]:
    """``(settings, docs, engine)`` of a worker written by :func:`worker_script`."""
    settings, docs, engine = script.split("\n", 2)
    if not (settings.startswith(SETTINGS_LINE) and docs.startswith(INDEX_LINE)):
        raise ValueError("not a worker written by worker_script()")
    return (
        json.loads(settings.removeprefix(SETTINGS_LINE).removesuffix(";")),
        json.loads(docs.removeprefix(INDEX_LINE).removesuffix(";")),
        engine,
    )


def split_index(
    docs: Iterable[dict[str, object]], prefixes: dict[str, str]
) -> dict[str, list[dict[str, object]]]:
    """The documents of Material's (one, all-language) index, by the language of their folder;
    every language of ``prefixes`` has a list, perhaps empty."""
    by_language: dict[str, list[dict[str, object]]] = {lang: [] for lang in prefixes}
    for doc in docs:
        lang = language_of(str(doc.get("location", "")), prefixes)
        if lang is not None:
            by_language[lang].append(doc)
    return by_language


def language_of(location: str, prefixes: dict[str, str]) -> str | None:
    """The language whose folder holds ``location`` (the longest matching prefix), as the
    worker decides it."""
    best: tuple[int, str] | None = None
    for lang, prefix in prefixes.items():
        if location.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), lang)
    return best[1] if best else None
