"""Shared by the quality-gate tests: the pages of a built site, axe-core, and small scans.

Pages are always enumerated from the built site, never listed by hand, so that a page added by
anyone is scanned by every gate without touching the tests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dx_playbook.core.quality.links import site_pages

ROOT = Path(__file__).resolve().parent.parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Every WCAG 2.x level A and AA rule that axe-core has (2.0, 2.1 and 2.2).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Browser colour-scheme preference → Material's palette scheme, as mkdocs.yml pairs them.
SCHEMES = {"light": "default", "dark": "slate"}
#: A query each language's search finds results for.
SEARCH_QUERIES = {"ja": "デジタル", "en": "digital"}
#: Every HTML page of a built site, relative to it (``en/roles/index.html``): the same list
#: the external-link report walks.
html_pages = site_pages


def page_language(relative: str) -> str:
    """The language a page of the site is in: English under ``en/``, Japanese elsewhere."""
    return "en" if relative.startswith("en/") else "ja"


def page_url(base_url: str, relative: str) -> str:
    """The URL a reader uses for a page: ``…/roles/`` for ``roles/index.html`` when served."""
    if base_url.startswith("http") and relative.endswith("index.html"):
        relative = relative.removesuffix("index.html")
    return base_url + relative


def first_page(site_dir: Path, startswith: str, language: str = "ja") -> str:
    """The first page whose path (without the ``en/`` prefix) starts with ``startswith``."""
    prefix = "en/" if language == "en" else ""
    for relative in html_pages(site_dir):
        if page_language(relative) == language and relative.startswith(prefix + startswith):
            return relative
    raise AssertionError(f"the built site has no {language} page under {startswith!r}")


# --- axe-core ------------------------------------------------------------------------------------

_START_AXE = """([tags, preload]) => {
  window.__dxpAxe = null;
  const trim = (text) => (text || "").replace(/\\s+/g, " ").slice(0, 240);
  // Colours caught halfway through a CSS transition are neither the old nor the new ones.
  // Two frames first: a scroll to a #fragment starts the header's transition a frame late.
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const settled = frame().then(frame).then(() => Promise.race([
    Promise.all(document.getAnimations().map((animation) => animation.finished)),
    new Promise((resolve) => setTimeout(resolve, 1000)),
  ])).catch(() => null);
  settled.then(() => axe.run(
    document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"], preload,
               performanceTimer: false, xpath: false, ancestry: false})).then(
    (results) => { window.__dxpAxe = {violations: results.violations.map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help,
      nodes: rule.nodes.map((node) => ({
        target: node.target.join(" "), html: trim(node.html), summary: trim(node.failureSummary),
      })),
    }))}; },
    (error) => { window.__dxpAxe = {error: String(error)}; });
}"""


@dataclass(frozen=True)
class Violation:
    """One element that breaks one WCAG rule on one page, in one state and colour scheme."""

    page: str
    scheme: str
    rule: str
    impact: str
    target: str
    html: str
    summary: str

    def __str__(self) -> str:
        return (
            f"{self.page} [{self.scheme}] {self.rule} ({self.impact}): {self.target}\n"
            f"    {self.html}\n    {self.summary}"
        )


def start_axe(page: Any, *, preload: bool = True) -> None:
    """Start axe-core on ``page`` without waiting, so that several pages scan at once.

    axe-core is added to every document with ``context.add_init_script`` rather than
    ``page.add_script_tag``: an added ``<script>`` is inline and the site's
    Content-Security-Policy rightly refuses it. ``preload`` fetches the stylesheets for the
    one rule that reads them (orientation lock, WCAG 1.3.4): once per set of stylesheets is
    enough (see :func:`stylesheets_key`).
    """
    page.evaluate(_START_AXE, [WCAG_TAGS, preload])


def stylesheets_key(page: Any) -> str:
    """The page's stylesheets, as one string: pages with the same key share their CSS."""
    return page.evaluate("() => [...document.styleSheets].map((sheet) => sheet.href).join(' ')")


def finish_axe(page: Any, label: str, scheme: str) -> list[Violation]:
    """Wait for the scan :func:`start_axe` began and return its violations."""
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # site's Content-Security-Policy refuses.
    page.wait_for_function("() => window.__dxpAxe !== null", timeout=120_000)
    result = page.evaluate("window.__dxpAxe")
    if "error" in result:
        raise AssertionError(f"axe-core failed on {label} [{scheme}]: {result['error']}")
    return [
        Violation(label, scheme, rule["id"], rule["impact"] or "", **node)
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def axe_violations(page: Any, label: str, scheme: str) -> list[Violation]:
    start_axe(page)
    return finish_axe(page, label, scheme)


def new_scheme_page(browser: Any, scheme: str, **options: Any) -> tuple[Any, Any]:
    """A context preferring ``scheme`` ("light" or "dark") with axe-core loaded, and a page."""
    context = browser.new_context(
        color_scheme=scheme, locale="ja-JP", viewport={"width": 1280, "height": 900}, **options
    )
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def assert_scheme(page: Any, scheme: str, label: str) -> None:
    """Material applied the palette the browser prefers (else the scan proves nothing)."""
    actual = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert actual == SCHEMES[scheme], f"{label}: Material shows {actual!r} in the {scheme} scheme"


def open_search(page: Any, query: str, timeout: float = 30) -> int:
    """Open Material's search with the keyboard, type ``query``; the number of results shown.

    Material reads the query on ``keydown``. Playwright types characters outside the keyboard
    layout (Japanese) as inserted text, without key events, as an input method would before
    its conversion is confirmed: pressing End afterwards confirms it, as a reader does. If no
    results show (the worker still reading the index), the last character is retyped.
    """
    page.keyboard.press("s")
    page.locator(".md-search__input").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(query)
    page.keyboard.press("End")
    links = page.locator(".md-search-result__link")
    deadline = time.monotonic() + timeout
    next_retry = time.monotonic() + 3
    while links.count() == 0 and time.monotonic() < deadline:
        page.wait_for_timeout(200)
        if time.monotonic() > next_retry:
            page.keyboard.press("Backspace")
            page.keyboard.type(query[-1])
            page.keyboard.press("End")
            next_retry = time.monotonic() + 3
    # Results arrive as the worker answers each keystroke: wait until they stop changing.
    shown, settled_since = links.count(), time.monotonic()
    while shown and time.monotonic() - settled_since < 0.5 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if links.count() != shown:
            shown, settled_since = links.count(), time.monotonic()
    return shown


def format_violations(violations: list[Violation], limit: int = 40) -> str:
    lines = [str(violation) for violation in violations[:limit]]
    if len(violations) > limit:
        lines.append(f"... and {len(violations) - limit} more")
    by_rule: dict[str, int] = {}
    for violation in violations:
        by_rule[violation.rule] = by_rule.get(violation.rule, 0) + 1
    summary = ", ".join(f"{rule}: {count}" for rule, count in sorted(by_rule.items()))
    return f"{len(violations)} violations ({summary})\n" + "\n".join(lines)


# --- language of text ----------------------------------------------------------------------------

#: Finds text and text alternatives in Japanese script whose nearest ``lang`` is English.
#: Text of ``<script>``, ``<style>`` and ``<template>`` is not read to anyone; ``<code>`` is read
#: as typed, but it is still text in Japanese and must carry ``lang="ja"`` like any other.
FIND_JAPANESE_IN_ENGLISH = """(pattern) => {
  const japanese = new RegExp(pattern, "gu");
  const found = [];
  const skip = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
  const langOf = (element) => {
    const owner = element.closest("[lang]");
    return owner ? owner.getAttribute("lang").toLowerCase() : "";
  };
  const where = (element) => {
    const parts = [];
    for (let node = element; node && node !== document.body && parts.length < 4;
         node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += "#" + node.id;
      else if (node.classList.length) part += "." + node.classList[0];
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || !langOf(parent).startsWith("en")) continue;
    const runs = node.data.match(japanese);
    if (runs) found.push({where: where(parent), text: runs.join(" ")});
  }
  for (const element of document.querySelectorAll("[alt], [title], [aria-label], [placeholder]")) {
    if (!langOf(element).startsWith("en")) continue;
    for (const name of ["alt", "title", "aria-label", "placeholder"]) {
      const runs = (element.getAttribute(name) || "").match(japanese);
      if (runs) found.push({where: where(element) + "@" + name, text: runs.join(" ")});
    }
  }
  return found;
}"""
