"""What the playbook's search worker assumes about Material for MkDocs, checked at build time.

Our worker replaces Material's. That holds only while three things stay as they were in the
Material release we wrote it against (9.8.x):

1. the ``config`` block of Material's ``base.html``, which we copy into
   ``overrides/partials/dxp-config.html`` to point its ``search`` entry at our worker;
2. the messages between Material's search dialog and its worker (SETUP → READY,
   QUERY → RESULT) and the shape of a result, read from the TypeScript sources embedded in the
   source maps Material ships;
3. the search index: one file at ``search/search_index.json`` (``search_index.js`` offline),
   a page coming before its sections.

Every check returns a list of problems, each saying what changed and how to fix it; an empty
list means the assumptions hold. Nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

CONFIG_BLOCK = re.compile(r"\{%-?\s*block config\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}", re.S)
MATERIAL_SEARCH_ENTRY = re.compile(r'^\s*"search":\s*"(?P<path>[^"]+)"\s*\|\s*url,\s*$', re.M)
OUR_SEARCH_ENTRY = re.compile(
    r'^\s*"search":\s*\(\s*dxp_search_worker\s+or\s+"(?P<path>[^"]+)"\s*\)\s*\|\s*url,\s*$', re.M
)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)

FIX_CONFIG = (
    "copy Material's block into overrides/partials/dxp-config.html again and change only its "
    '"search" entry to (dxp_search_worker or "<Material\'s path>") | url'
)
FIX_PROTOCOL = (
    "read Material's new worker sources (the source maps named in this message), update "
    "overrides/assets/javascripts/workers/dxp-search.js and "
    "plugins/dx_playbook/mkdocs_plugins/search/material.py to match, or pin mkdocs-material to the last "
    "release that passes (tests/test_search_material.py shows the details)"
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def config_block_problems(base_html: str, partial: str, partial_name: str) -> list[str]:
    """Differences between Material's ``config`` block and ours, apart from the search entry."""
    block = CONFIG_BLOCK.search(base_html)
    if block is None:
        return [f"Material's base.html has no 'config' block any more: {FIX_CONFIG}"]
    theirs = block.group(1)
    ours = JINJA_COMMENT.sub("", partial)
    material_entry = MATERIAL_SEARCH_ENTRY.search(theirs)
    our_entry = OUR_SEARCH_ENTRY.search(ours)
    if material_entry is None:
        return [f'Material\'s config block has no \'"search": "..." | url,\' line: {FIX_CONFIG}']
    if our_entry is None:
        return [
            f'{partial_name} has no line \'"search": (dxp_search_worker or "...") | url,\': '
            f"{FIX_CONFIG}"
        ]
    problems = []
    if our_entry.group("path") != material_entry.group("path"):
        problems.append(
            f"{partial_name} falls back to {our_entry.group('path')} but Material's worker is now "
            f"{material_entry.group('path')}: {FIX_CONFIG}"
        )
    theirs_lines = _lines(MATERIAL_SEARCH_ENTRY.sub('"search": <worker>', theirs))
    ours_lines = _lines(OUR_SEARCH_ENTRY.sub('"search": <worker>', ours))
    if theirs_lines != ours_lines:
        for number, (a, b) in enumerate(zip(theirs_lines, ours_lines, strict=False), start=1):
            if a != b:
                problems.append(
                    f"{partial_name} differs from Material's config block at its line {number} "
                    f"(ours: {b!r}, Material's: {a!r}): {FIX_CONFIG}"
                )
                break
        else:
            problems.append(
                f"{partial_name} has {len(ours_lines)} lines, Material's config block "
                f"{len(theirs_lines)}: {FIX_CONFIG}"
            )
    return problems


@dataclass(frozen=True)
class Expectation:
    """A fragment that must appear (whitespace-insensitive) in one of Material's sources."""

    source: str
    fragment: str
    why: str


# The parts of Material's TypeScript our worker depends on, whitespace-normalised.
EXPECTATIONS = (
    Expectation(
        "integrations/search/worker/message/index.ts",
        "export const enum SearchMessageType { SETUP, READY, QUERY, RESULT }",
        "message types 0-3 (SETUP, READY, QUERY, RESULT)",
    ),
    Expectation(
        "integrations/search/worker/message/index.ts",
        "type: SearchMessageType.SETUP /* Message type */ data: SearchIndex",
        "SETUP carries the search index",
    ),
    Expectation(
        "integrations/search/worker/message/index.ts",
        "type: SearchMessageType.QUERY /* Message type */ data: string",
        "QUERY carries the query as a string",
    ),
    Expectation(
        "integrations/search/worker/message/index.ts",
        "type: SearchMessageType.RESULT /* Message type */ data: SearchResult",
        "RESULT carries a SearchResult",
    ),
    Expectation(
        "integrations/search/worker/_/index.ts",
        "type: SearchMessageType.SETUP, data: { config, docs, options: { suggest: "
        'feature("search.suggest") } }',
        "SETUP sends {config, docs, options: {suggest}}",
    ),
    Expectation(
        "integrations/search/worker/_/index.ts",
        "const worker$ = watchWorker<SearchMessage>(url)",
        "the worker is created from the config's search URL",
    ),
    Expectation(
        "components/search/query/index.ts",
        "type: SearchMessageType.QUERY, data: value",
        "the dialog sends the input's value as is",
    ),
    Expectation(
        "integrations/search/_/index.ts",
        "export interface SearchItem extends SearchDocument { score: number "
        "/* Score (relevance) */ terms: SearchQueryTerms",
        "a result item is a document plus score and terms",
    ),
    Expectation(
        "integrations/search/_/index.ts",
        "items: SearchItem[][] /* Search items */ suggest?: string[]",
        "a result is items grouped per page, plus optional suggestions",
    ),
    Expectation(
        "integrations/search/config/index.ts",
        "location: string /* Document location */ title: string /* Document title */ "
        "text: string /* Document text */ tags?: string[] /* Document tags */ "
        "boost?: number /* Document boost */",
        "a document is {location, title, text, tags?, boost?}",
    ),
    Expectation(
        "integrations/search/config/index.ts",
        "ordered with the main article appearing before all sections",
        "a page comes before its sections in the index",
    ),
    Expectation(
        "bundle.ts",
        '`${new URL("search/search_index.js", config.base)}`',
        "offline, the index is read from search/search_index.js",
    ),
    Expectation(
        "bundle.ts",
        'new URL("search/search_index.json", config.base)',
        "online, the index is read from search/search_index.json",
    ),
    Expectation(
        "templates/search/index.tsx",
        "{parent > 0 && <h1>{document.title}</h1>} {parent <= 0 && <h2>{document.title}</h2>} "
        "{teaser > 0 && document.text.length > 0 && document.text }",
        "titles and texts are inserted as HTML (so the worker escapes them)",
    ),
    Expectation(
        "templates/search/index.tsx",
        "const missing = Object.keys(document.terms) .filter(key => !document.terms[key])",
        "terms mapped to false are shown as missing",
    ),
    Expectation(
        "utilities/h/index.ts",
        'if (typeof child === "string" || typeof child === "number") { '
        "el.innerHTML += child.toString()",
        "string children are inserted as HTML",
    ),
)

SOURCE_PREFIX = "src/templates/assets/javascripts/"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _code(text: str) -> str:
    """``text`` without block comments, whitespace-normalised."""
    return _squash(re.sub(r"/\*.*?\*/", " ", text, flags=re.S))


def _contains(source: str, fragment: str) -> bool:
    """Whether ``fragment`` is in ``source``, comments and whitespace aside (or verbatim)."""
    return _code(fragment) in _code(source) or _squash(fragment) in source


@functools.lru_cache(maxsize=8)
def _sources(map_path: Path) -> dict[str, str]:
    data = json.loads(map_path.read_text(encoding="utf-8"))
    names = data.get("sources") or []
    contents = data.get("sourcesContent") or []
    return {
        name.split(SOURCE_PREFIX, 1)[1]: _squash(content or "")
        for name, content in zip(names, contents, strict=False)
        if SOURCE_PREFIX in name
    }


def material_worker_paths(templates: Path) -> tuple[list[Path], list[Path]]:
    """Material's bundled worker scripts and source maps (normally one each)."""
    javascripts = templates / "assets" / "javascripts"
    workers = sorted((javascripts / "workers").glob("search.*.min.js"))
    maps = sorted(javascripts.glob("bundle.*.min.js.map")) + sorted(
        (javascripts / "workers").glob("search.*.min.js.map")
    )
    return workers, maps


def protocol_problems(templates: Path) -> list[str]:
    """What no longer matches in Material's worker protocol, read from its source maps."""
    workers, maps = material_worker_paths(templates)
    if len(workers) != 1:
        return [
            f"expected one search worker in {templates}/assets/javascripts/workers, found "
            f"{[path.name for path in workers]}: {FIX_PROTOCOL}"
        ]
    if len(maps) != 2:
        return [
            f"expected Material's bundle and worker source maps in {templates}, found "
            f"{[path.name for path in maps]}: without them the protocol cannot be checked; "
            f"{FIX_PROTOCOL}"
        ]
    sources: dict[str, str] = {}
    for path in maps:
        try:
            sources.update(_sources(path))
        except (OSError, ValueError) as error:
            return [f"cannot read {path}: {error}; {FIX_PROTOCOL}"]
    problems = []
    for expectation in EXPECTATIONS:
        text = sources.get(expectation.source)
        if text is None:
            problems.append(
                f"Material's source {expectation.source} is gone from "
                f"{', '.join(path.name for path in maps)} ({expectation.why}): {FIX_PROTOCOL}"
            )
        elif not _contains(text, expectation.fragment):
            problems.append(
                f"Material changed {expectation.source}: no longer "
                f"'{expectation.fragment}' ({expectation.why}): {FIX_PROTOCOL}"
            )
    return problems
