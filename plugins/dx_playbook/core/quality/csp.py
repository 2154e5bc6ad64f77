"""The pages' Content-Security-Policy, completed once each page is rendered.

The policy itself is written out in ``overrides/partials/dxp-head.html`` as a
``<meta http-equiv="Content-Security-Policy">``, so that it can be read where it is used.
It allows scripts from the site's own files only; Material for MkDocs, however, writes a few
small scripts inline (reading the saved colour scheme, opening a tab from the URL, defining
``__md_get``). Those scripts are known before any page is rendered: :func:`template_scripts`
finds each inline script in the theme's templates, and the build renders each one with the
page's own template context. :func:`complete_policy` then adds the SHA-256 hash of each of
those, and only those: an inline script found in a finished page that no template wrote
(content that got past the sanitizer, a plugin's injection) is not allowed, and is returned
so that the build fails naming the page.

The offline bundle runs from ``file://``. There the iframe-worker shim (which stands in for Web
Workers, refused on ``file://``) writes one more inline script into a hidden frame, which
inherits the page's policy: :func:`iframe_worker_bootstrap` rebuilds that script from the shim's
source so that its hash can be allowed too. ``file:`` is named next to ``'self'`` in the offline
policy because, by the CSP specification, a ``file://`` page has an opaque origin that ``'self'``
need not match (Chromium and Firefox match it anyway; the bundle does not rely on that).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re

#: Script types a browser executes; anything else (``application/json``) is data, which CSP
#: does not govern.
EXECUTABLE_TYPES = frozenset(
    {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
)
#: Directives whose ``'self'`` the offline policy widens to ``file:``.
SELF_DIRECTIVES = (
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "worker-src",
    "frame-src",
    "base-uri",
    "form-action",
)

#: The policy ``<meta>`` as ``dxp-csp.html`` writes it (content in double quotes).
_META = re.compile(
    r"<meta\s++http-equiv=([\"'])Content-Security-Policy\1\s++content=\"(?P<policy>[^\"]*+)\"",
    re.IGNORECASE,
)


#: How Python-Markdown aligns a table column (``|---:|``): a style attribute on every cell.
_ALIGNED_CELL = re.compile(
    r'<(?P<tag>th|td)(?P<before>(?:\s++(?!style=)[^\s<>]++)*+)\s++style="text-align:\s*+'
    r'(?P<side>left|right|center);?"(?P<after>[^<>]*+)>'
)


def classes_for_alignment(html: str) -> str:
    """``html`` with table cells aligned by a class (``dxp-align-right``) instead of a style.

    ``style-src 'self'`` refuses style attributes; ``dxp-site.css`` styles the classes.
    A cell that already has a ``class`` keeps its style attribute (and the policy reports it).
    """

    def replace(match: re.Match[str]) -> str:
        attributes = match.group("before") + match.group("after")
        if re.search(r"\sclass=", attributes):
            return match.group(0)
        side = match.group("side")
        return f'<{match.group("tag")}{match.group("before")} class="dxp-align-{side}"{match.group("after")}>'

    if "text-align" not in html:
        return html
    return _ALIGNED_CELL.sub(replace, html)


class ShimFormatError(ValueError):
    """The iframe-worker shim no longer has the shape :func:`iframe_worker_bootstrap` reads."""


@functools.lru_cache(maxsize=256)
def source_hash(script: str) -> str:
    """The CSP source expression that allows the inline script whose text is ``script``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: A script element: its text runs to the first ``</script`` (the HTML parsing rule), so a
#: regular expression finds exactly what the browser executes, and does it in a fraction of the
#: time an HTMLParser pass over every page took (it was most of the build time).
_SCRIPT = re.compile(
    r"<(?i:script)\b(?P<attrs>[^>]*)>(?P<text>(?:[^<]++|<(?!/(?i:script)))*+)</(?i:script)\s*>"
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


@functools.lru_cache(maxsize=1024)
def _attributes(attrs: str) -> dict[str, str]:
    """A start tag's attributes by lower-case name (remembered: every page has the same few
    script tags). The dictionary is shared: read it, never change it."""
    return {
        name.lower(): next((v for v in values if v), "")
        for name, *values in _ATTRIBUTE.findall(attrs)
    }


def _script_elements(html: str) -> list[tuple[dict[str, str], str]]:
    """``(attributes, text)`` of every ``<script>`` element of ``html``."""
    return [
        (_attributes(match.group("attrs")), match.group("text")) for match in _SCRIPT.finditer(html)
    ]


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script in ``html`` that a browser would execute."""
    return [
        text
        for attributes, text in _script_elements(html)
        if "src" not in attributes
        and attributes.get("id") != "__config"
        and attributes.get("type", "").strip().lower() in EXECUTABLE_TYPES
    ]


def search_worker_url(html: str) -> str | None:
    """The search worker's URL as Material's ``__config`` gives it to ``new Worker()``."""
    config = next((t for a, t in _script_elements(html) if a.get("id") == "__config"), None)
    if config is None:
        return None
    try:
        url = json.loads(config).get("search")
    except (ValueError, AttributeError):
        return None
    return url if isinstance(url, str) else None


def _function_source(source: str, name: str) -> str:
    """The text of ``function name(...){...}`` in minified ``source``, as ``toString()`` gives."""
    start = source.find(f"function {name}(")
    if start < 0:
        raise ShimFormatError(f"function {name} not found")
    depth, quote = 0, ""
    for index in range(source.index("{", start), len(source)):
        char = source[index]
        if quote:
            if char == quote and source[index - 1] != "\\":
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[start : index + 1]
    raise ShimFormatError(f"function {name} is not closed")


_BOOTSTRAP = re.compile(
    r"<script>(?P<template>postMessage=\$\{(?P<post>\w+)\};importScripts=\$\{(?P<imports>\w+)\};"
    r"(?:[^`\\<]++|<(?!\\/script>))*+)<\\/script>"
)


def iframe_worker_bootstrap(shim_source: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for ``worker_url``.

    The shim builds it from a template literal holding two of its own functions (inserted
    through ``Function.prototype.toString``, which returns their source text exactly) and
    the worker's URL.
    """
    match = _BOOTSTRAP.search(shim_source)
    if match is None:
        raise ShimFormatError("the frame's bootstrap script template was not found")
    template = match.group("template")
    placeholders = set(re.findall(r"\$\{(\w+)\}", template))
    for name in (match.group("post"), match.group("imports")):
        template = template.replace("${" + name + "}", _function_source(shim_source, name))
        placeholders.discard(name)
    if len(placeholders) != 1:
        raise ShimFormatError("expected exactly one placeholder for the worker URL")
    return template.replace("${" + placeholders.pop() + "}", worker_url)


def parse_policy(policy: str) -> list[tuple[str, list[str]]]:
    """``"a x; b y z"`` as ``[("a", ["x"]), ("b", ["y", "z"])]``, in order."""
    directives = []
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.append((words[0].lower(), words[1:]))
    return directives


def format_policy(directives: list[tuple[str, list[str]]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives)


def extend_policy(
    policy: str,
    *,
    script_hashes: list[str] | tuple[str, ...] = (),
    unsafe_inline_scripts: bool = False,
    file_scheme: bool = False,
) -> str:
    """``policy`` with ``script_hashes`` (or ``'unsafe-inline'``) allowed, and ``file:`` too.

    ``'unsafe-inline'`` is for ``mkdocs serve`` only: its live-reload script is inline and
    changes on every request. Browsers ignore ``'unsafe-inline'`` next to a hash, so the two
    are never combined.
    """
    directives = parse_policy(policy)
    extended = []
    for name, sources in directives:
        new = list(sources)
        if name == "script-src":
            additions = ["'unsafe-inline'"] if unsafe_inline_scripts else list(script_hashes)
            new += [source for source in additions if source not in new]
        if file_scheme and name in SELF_DIRECTIVES and "'self'" in new and "file:" not in new:
            new.insert(new.index("'self'") + 1, "file:")
        extended.append((name, new))
    return format_policy(extended)


def find_policy(html: str) -> str | None:
    """The policy of the page's Content-Security-Policy ``<meta>``, if it has one."""
    match = _META.search(html)
    return match.group("policy") if match else None


#: An inline script of a template: its start tag's attributes and its text, up to the first
#: ``</script`` (which ends it in HTML too). Possessive, so a long template cannot backtrack.
_TEMPLATE_SCRIPT = re.compile(
    r"<(?i:script)\b(?P<attrs>[^>]*+)>(?P<text>(?:[^<]++|<(?!/(?i:script)))*+)</(?i:script)\s*>"
)


def template_scripts(source: str) -> list[str]:
    """The text, still as template source, of each inline script in template ``source``.

    Scripts with ``src``, and data such as ``<script type="application/json">``, are left
    out: only what a browser would execute needs a hash.
    """
    found = []
    for match in _TEMPLATE_SCRIPT.finditer(source):
        attributes = _attributes(match.group("attrs"))
        if "src" in attributes or attributes.get("id") == "__config":
            continue
        if attributes.get("type", "").strip().lower() not in EXECUTABLE_TYPES:
            continue
        found.append(match.group("text"))
    return found


def unknown_scripts(html: str, allowed: frozenset[str] | set[str]) -> list[str]:
    """The inline scripts of ``html`` that are not in ``allowed``, in page order."""
    return [script for script in inline_scripts(html) if script not in allowed]


def complete_policy(
    html: str,
    *,
    allowed_scripts: frozenset[str] | set[str] = frozenset(),
    extra_scripts: list[str] | tuple[str, ...] = (),
    unsafe_inline_scripts: bool = False,
    file_scheme: bool = False,
) -> str:
    """``html`` whose CSP ``<meta>`` allows the inline scripts the templates wrote.

    ``allowed_scripts`` are the texts the templates render for this page; each of them that the
    page holds gets its hash, and so does each of ``extra_scripts`` (scripts other code writes at
    run time, such as the iframe-worker frame's). Any other inline script of the page gets none,
    so the browser refuses to run it. A page without the ``<meta>`` is returned unchanged.
    """
    match = _META.search(html)
    if match is None:
        return html
    hashes: list[str] = []
    present = [script for script in inline_scripts(html) if script in allowed_scripts]
    for script in [*present, *extra_scripts]:
        source = source_hash(script)
        if source not in hashes:
            hashes.append(source)
    policy = extend_policy(
        match.group("policy"),
        script_hashes=hashes,
        unsafe_inline_scripts=unsafe_inline_scripts,
        file_scheme=file_scheme,
    )
    # The first occurrence is this one: the match is the first <meta> holding the policy.
    # str.replace copies the page once, in its own width (slicing and joining was slower).
    meta, offset = match.group(0), match.start()
    start, end = match.start("policy") - offset, match.end("policy") - offset
    return html.replace(meta, meta[:start] + policy + meta[end:], 1)
