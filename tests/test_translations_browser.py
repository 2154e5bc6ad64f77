"""Translation notices and the status page as readers meet them, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from tests.a11y_helpers import assert_scheme, axe_violations, format_violations, new_scheme_page
from tests.conftest import BuildResult, make_project, run_build, serve
from tests.test_translations_build import translation_files

from dx_playbook.core.authoring.load import load_site

pytestmark = pytest.mark.browser

STATE_LABELS = {
    "ja": {"最新", "原文の更新待ち", "未翻訳", "未確認"},
    "en": {"Up to date", "Out of date", "Not translated", "Not yet checked"},
}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = run_build(
        make_project(tmp_path_factory.mktemp("translations-browser"), translation_files()),
        strict=False,
    )
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def small_url(small_site: BuildResult) -> Iterator[str]:
    server, url = serve(small_site.site_dir)
    yield url
    server.shutdown()


def test_missing_translation_notice_is_english_over_japanese_text(page, small_url, requests_log):
    page.goto(small_url + "en/principles/missing-one/")
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.locator("[data-dxp-translation-notice=missing]")
    expect(notice).to_be_visible()
    assert notice.get_attribute("lang") == "en"
    expect(notice).to_contain_text("not translated into English yet")
    original = page.locator(".dxp-original-text")
    assert original.get_attribute("lang") == "ja"
    expect(original.locator("h1")).to_be_visible()
    # The notice comes first: readers see it before the Japanese title.
    assert notice.bounding_box()["y"] < original.locator("h1").bounding_box()["y"]
    notice.get_by_role("link", name="Translation status of every page").click()
    page.wait_for_url("**/en/about/translation-status/")
    row = page.locator('tr[data-dxp-path="principles/missing-one.md"]')
    expect(row).to_contain_text("Not translated")
    assert requests_log.external == []


def test_stale_notice_gives_the_date_and_leads_to_the_original(page, small_url):
    page.goto(small_url + "en/principles/stale-one/")
    notice = page.locator("[data-dxp-translation-notice=stale]")
    expect(notice).to_be_visible()
    assert notice.get_attribute("lang") == "en"
    expect(notice).to_contain_text("last brought up to date on 1 May 2025")
    link = notice.get_by_role("link", name="Read the Japanese original")
    assert link.get_attribute("hreflang") == "ja"
    link.click()
    page.wait_for_url("**/principles/stale-one/")
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "ja"
    expect(page.locator("[data-dxp-translation-notice]")).to_have_count(0)


def test_up_to_date_translation_shows_no_notice(page, small_url):
    page.goto(small_url + "en/principles/current-one/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("[data-dxp-translation-notice]")).to_have_count(0)
    expect(page.locator(".dxp-source")).to_contain_text("docs/en/principles/current-one.md")


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_real_playbook_pages_name_their_source_file(page, playbook_url, prefix, lang):
    """On a reader's page the source file waits behind a closed "Fix this page", beside a link
    to the contributors' guide; in the contributor area it is shown openly (issue 20)."""
    page.goto(playbook_url + prefix + "principles/leave-no-one-behind/")
    source = page.locator(".dxp-source")
    expect(source).to_be_hidden()
    box = page.locator("details.dxp-source-box")
    assert box.get_attribute("lang") == lang
    box.locator("summary").click()
    expect(source).to_be_visible()
    assert source.get_attribute("lang") == lang
    expect(source.locator("code")).to_have_text(f"docs/{lang}/principles/leave-no-one-behind.md")
    box.get_by_role("link").click()
    page.wait_for_url(f"**/{prefix}contributing/")
    expect(page.locator(".dxp-source")).to_be_visible()
    expect(page.locator("details.dxp-source-box")).to_have_count(0)
    page.go_back()
    for notice in page.locator("[data-dxp-translation-notice]").all():
        assert notice.get_attribute("lang") == "en"
        expect(notice.get_by_role("link")).to_be_visible()


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "lang"), [("", "ja"), ("en/", "en")])
def test_real_status_page_lists_every_page(page, playbook, playbook_url, prefix, lang):
    originals = load_site(playbook.project_dir / "docs").pages_in("ja")
    page.goto(playbook_url + prefix + "about/translation-status/")
    rows = page.locator(".dxp-translation-status tbody tr")
    expect(rows).to_have_count(len(originals))
    states = set(page.locator(".dxp-translation-status .dxp-state").all_inner_texts())
    assert states <= STATE_LABELS[lang]
    row = page.locator('tr[data-dxp-path="principles/act-now.md"]')
    row.locator("th a").click()
    page.wait_for_url(f"**/{prefix}principles/act-now/")
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notices_and_status_page_have_no_wcag_violation(browser, small_url, scheme):
    context, page = new_scheme_page(browser, scheme)
    violations = []
    try:
        for path in (
            "en/principles/missing-one/",
            "en/principles/stale-one/",
            "about/translation-status/",
            "en/about/translation-status/",
        ):
            page.goto(small_url + path)
            assert_scheme(page, scheme, path)
            violations += axe_violations(page, path, scheme)
    finally:
        context.close()
    assert violations == [], format_violations(violations)
