"""Glossary tooltips in headless Chromium: keyboard, hover, Escape, small screens, both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from tests.a11y_helpers import assert_scheme, axe_violations, format_violations, new_scheme_page
from tests.conftest import ROOT, BuildResult, make_project, run_build, serve
from tests.factories import home

from dx_playbook.core.glossary.glossary import load_glossary

pytestmark = pytest.mark.browser

GLOSSARY_PAGE = "---\ntitle: {title}\ndxp_view: glossary\n---\n\n# {title}\n"
TERMS_JA = (
    "# 用語のページ\n\n"
    "庁内の端末はLGWANにつながっています。RPAを入れる前に、BPRで仕事を見直します。"
    "もう一度RPAと書いても、説明は最初の一回だけです。\n\n"
    "長い文の終わりにある用語も画面からはみ出さないようにします。右端の用語はKPI\n"
)
TERMS_EN = (
    "# Terms\n\n"
    "Most office PCs are on LGWAN. Before buying RPA, use BPR to rethink the work. "
    "A second RPA gets no tooltip.\n\n"
    "A term at the very end of a long line must not push the page sideways: KPI\n"
)
DEFINITIONS = {term.id: term for term in load_glossary(ROOT / "data/glossary.yml").terms}


@pytest.fixture(scope="module")
def glossary_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    files = {
        "ja/index.md": home("ja"),
        "en/index.md": home("en"),
        "ja/glossary.md": GLOSSARY_PAGE.format(title="用語集"),
        "en/glossary.md": GLOSSARY_PAGE.format(title="Glossary"),
        "ja/terms.md": TERMS_JA,
        "en/terms.md": TERMS_EN,
    }
    result = run_build(make_project(tmp_path_factory.mktemp("glossary"), files), strict=True)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def glossary_url(glossary_site: BuildResult) -> Iterator[str]:
    server, url = serve(glossary_site.site_dir)
    yield url
    server.shutdown()


@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_keyboard_focus_shows_the_definition_and_escape_hides_it(page, glossary_url, prefix, lang):
    page.goto(glossary_url + prefix + "terms/")
    terms = page.locator(".dxp-term__link")
    expect(terms).to_have_count(4)  # LGWAN, RPA, BPR, KPI: each once
    lgwan = page.locator('[data-dxp-term="lgwan"]')
    link, tip = lgwan.locator(".dxp-term__link"), lgwan.locator(".dxp-term__tip")
    definition = DEFINITIONS["lgwan"].definition[lang]
    expect(tip).to_be_hidden()
    expect(link).to_have_accessible_description(definition)
    # Reach the term from the keyboard: focus the page's first link, then Tab to it.
    page.locator("body").press("Tab")
    for _ in range(60):
        if page.evaluate("document.activeElement.closest('[data-dxp-term=lgwan]') !== null"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the glossary term")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(definition)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(link).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(tip).to_be_visible()


def test_hover_shows_the_definition_which_can_itself_be_hovered(page, glossary_url):
    page.goto(glossary_url + "terms/")
    rpa = page.locator('[data-dxp-term="rpa"]')
    tip = rpa.locator(".dxp-term__tip")
    rpa.locator(".dxp-term__link").hover()
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(tip).to_be_visible()
    page.mouse.move(5, 5)
    expect(tip).to_be_hidden()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_tooltip_stays_inside_a_narrow_window(browser, glossary_url, prefix):
    # 640 CSS pixels at 200% zoom leave a 320-pixel-wide layout.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(glossary_url + prefix + "terms/")
        for term in page.locator(".dxp-term__link").all():
            term.focus()
            tip = page.locator(".dxp-term:focus-within .dxp-term__tip")
            expect(tip).to_be_visible()
            box = tip.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= 320
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
    finally:
        context.close()


def test_a_tap_leads_to_the_glossary_entry(page, glossary_url):
    page.goto(glossary_url + "en/terms/")
    page.locator('[data-dxp-term="bpr"] .dxp-term__link').click()
    page.wait_for_url("**/en/glossary/#bpr")
    heading = page.locator("h2#bpr")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("BPR")
    meta = page.locator("h2#bpr + .dxp-glossary__meta span[lang=ja]").first
    expect(meta).to_have_text("BPR")


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_real_playbook_shows_definitions_in_the_page_language(page, playbook_url, prefix, lang):
    page.goto(playbook_url + prefix + "principles/ict-vs-dx/")
    term = page.locator(".dxp-term").first
    expect(term).to_be_attached()
    term_id = term.get_attribute("data-dxp-term")
    term.locator(".dxp-term__link").focus()
    tip = term.locator(".dxp-term__tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(DEFINITIONS[term_id].definition[lang])
    # Checklist labels never hold a term link: a click there must tick the box.
    expect(page.locator(".dxp-item__label .dxp-term")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_open_tooltip_has_no_wcag_violation(browser, glossary_url, scheme):
    context, page = new_scheme_page(browser, scheme)
    try:
        for prefix in ("", "en/"):
            page.goto(glossary_url + prefix + "terms/")
            assert_scheme(page, scheme, prefix + "terms/")
            page.locator('[data-dxp-term="lgwan"] .dxp-term__link').focus()
            expect(page.locator('[data-dxp-term="lgwan"] .dxp-term__tip')).to_be_visible()
            violations = axe_violations(page, prefix + "terms/", scheme)
            assert violations == [], format_violations(violations)
    finally:
        context.close()
