"""axe-core over every page of the playbook: both languages, light and dark, online and offline.

Zero violations of the WCAG 2.0, 2.1 and 2.2 level A and AA rules, on every page as built (never
a hand-written list), and in the states a reader brings pages into: the search dialog open with
results, a glossary tooltip shown, a checklist item ticked and the dashboard showing progress.
Two pages scan at once, one per colour scheme, so that both processor cores work.
"""

from __future__ import annotations

import time

import pytest

from a11y_helpers import (
    FIND_JAPANESE_IN_ENGLISH,
    SCHEMES,
    SEARCH_QUERIES,
    Violation,
    assert_scheme,
    axe_violations,
    finish_axe,
    first_page,
    format_violations,
    html_pages,
    new_scheme_page,
    open_search,
    page_language,
    page_url,
    start_axe,
    stylesheets_key,
)
from dx_playbook.core.text.lang import JAPANESE

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def scheme_pages(browser):
    """One page per colour scheme, each in its own profile, reused for every URL."""
    opened = {scheme: new_scheme_page(browser, scheme) for scheme in SCHEMES}
    yield {scheme: page for scheme, (_, page) in opened.items()}
    for context, _ in opened.values():
        context.close()


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Show a figure in the test run's output, even when output is captured."""
    with capsys.disabled():
        print(f"\n[quality] {line}")


def page_kind(relative: str) -> tuple[str, str]:
    """``(language, kind)``: pages of one kind share their templates, components and colours
    (``principles``, ``roles``, ``about``; each page at the top of a language is its own)."""
    lang = page_language(relative)
    inside = relative.removeprefix("en/") if lang == "en" else relative
    first = inside.split("/", 1)[0]
    return lang, first.removesuffix(".html")


def scan(
    pages: dict,
    labelled_urls: list[tuple[str, str]],
    unmarked_japanese: list[str] | None = None,
    every_scheme: set[str] | None = None,
) -> list[Violation]:
    """axe-core on each URL in every scheme, the schemes' pages working in parallel; with
    ``every_scheme``, the URLs not in it in the first (light) scheme only.

    With ``unmarked_japanese``, English pages are also searched for Japanese text outside
    ``lang="ja"`` as scripts leave them (test_accessibility_lang.py reads them without scripts).
    """
    violations: list[Violation] = []
    checked_css: dict[str, set[str]] = {scheme: set() for scheme in pages}
    for label, url in labelled_urls:
        schemes = {
            scheme: page
            for scheme, page in pages.items()
            if every_scheme is None or label in every_scheme or scheme == next(iter(pages))
        }
        for scheme, page in schemes.items():
            page.goto(url)
            assert_scheme(page, scheme, label)
            if unmarked_japanese is not None and scheme == "light" and label.startswith("en/"):
                for run in page.evaluate(FIND_JAPANESE_IN_ENGLISH, JAPANESE.pattern):
                    unmarked_japanese.append(f"{label}: {run['where']}: {run['text']}")
            css = stylesheets_key(page)
            start_axe(page, preload=css not in checked_css[scheme])
            checked_css[scheme].add(css)
        for scheme, page in schemes.items():
            violations += finish_axe(page, label, scheme)
    return violations


def test_every_page_has_no_wcag_a_or_aa_violation(playbook, playbook_url, scheme_pages, capsys):
    pages = html_pages(playbook.site_dir)
    languages = {page_language(relative) for relative in pages}
    assert languages == {"ja", "en"}, f"expected pages in both languages, found {languages}"
    # Every page in the light scheme; in the dark one, the first page of each kind in each
    # language: the dark scheme changes colours, which come from the templates and components
    # a kind of page shares, not from its text.
    first_of_kind: dict[tuple[str, str], str] = {}
    for relative in pages:
        first_of_kind.setdefault(page_kind(relative), relative)
    started = time.monotonic()
    unmarked: list[str] = []
    urls = [(rel, page_url(playbook_url, rel)) for rel in pages]
    violations = scan(scheme_pages, urls, unmarked, set(first_of_kind.values()))
    seconds = time.monotonic() - started
    report(
        capsys,
        f"axe-core: {len(pages)} pages light, {len(first_of_kind)} of them (one of each kind) "
        f"dark, in {seconds:.0f} s, {len(violations)} violations",
    )
    assert not violations, format_violations(violations)
    assert not unmarked, "Japanese without lang=ja once scripts ran:\n" + "\n".join(unmarked)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_open_search_dialog_with_results_has_no_violation(
    playbook, playbook_url, scheme_pages, language, capsys
):
    label = f"{language} search dialog"
    relative = first_page(playbook.site_dir, "principles/", language)
    violations: list[Violation] = []
    for scheme, page in scheme_pages.items():
        page.goto(page_url(playbook_url, relative))
        results = open_search(page, SEARCH_QUERIES[language])
        assert results > 0, f"{label}: no results for {SEARCH_QUERIES[language]!r}"
        violations += axe_violations(page, f"{label} ({results} results)", scheme)
    report(capsys, f"axe-core: {label} x {len(SCHEMES)} schemes, {len(violations)} violations")
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_reader_states_have_no_violation(playbook, playbook_url, browser, language, capsys):
    """What pages show once a reader acts: a glossary tooltip, a ticked item, the one-page
    handout view, the dashboard."""
    principle = first_page(playbook.site_dir, "principles/", language)
    dashboard = first_page(playbook.site_dir, "dashboard", language)
    violations: list[Violation] = []
    for scheme in SCHEMES:
        context, page = new_scheme_page(browser, scheme)
        try:
            page.goto(page_url(playbook_url, principle))
            terms = page.locator(".dxp-term__link")
            if terms.count():
                terms.first.focus()
                violations += axe_violations(page, principle + " (glossary tooltip)", scheme)
            boxes = page.locator("input.dxp-item__box")
            assert boxes.count() > 1, f"{principle}: no checklist checkboxes"
            boxes.nth(0).check()
            violations += axe_violations(page, principle + " (one item ticked)", scheme)
            page.goto(page_url(playbook_url, principle) + "#dxp-handout")
            assert page.locator("#dxp-handout").is_visible(), f"{principle}: no handout view"
            violations += axe_violations(page, principle + " (one-page handout view)", scheme)
            page.goto(page_url(playbook_url, dashboard))
            violations += axe_violations(page, dashboard + " (with progress)", scheme)
        finally:
            context.close()
    report(
        capsys,
        f"axe-core: {language} reader states x {len(SCHEMES)} schemes, "
        f"{len(violations)} violations",
    )
    assert not violations, format_violations(violations)


def test_offline_bundle_sample_and_search_have_no_violation(offline_playbook, browser, capsys):
    """The offline bundle from ``file://``: a page of each kind, and its search dialog."""
    site = offline_playbook.site_dir
    base = site.as_uri() + "/"
    sample = [
        "index.html",
        first_page(site, "principles/"),
        first_page(site, "dashboard"),
        first_page(site, "glossary"),
        first_page(site, "roles/"),
        "en/index.html",
        first_page(site, "principles/", "en"),
        first_page(site, "checklist", "en"),
    ]
    opened = {scheme: new_scheme_page(browser, scheme) for scheme in SCHEMES}
    pages = {scheme: page for scheme, (_, page) in opened.items()}
    try:
        violations = scan(pages, [(f"offline {rel}", base + rel) for rel in sample])
        for language in ("ja", "en"):
            relative = first_page(site, "principles/", language)
            for scheme, page in pages.items():
                page.goto(base + relative)
                results = open_search(page, SEARCH_QUERIES[language])
                assert results > 0, f"offline {language} search: no results"
                violations += axe_violations(page, f"offline {language} search dialog", scheme)
    finally:
        for context, _ in opened.values():
            context.close()
    report(
        capsys,
        f"axe-core offline (file://): {len(sample)} pages + 2 search dialogs x {len(SCHEMES)} "
        f"schemes, {len(violations)} violations",
    )
    assert not violations, format_violations(violations)
