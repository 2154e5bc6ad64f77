"""The foundation as a reader meets it: language switch, ``lang`` attributes, no outside requests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_language_switch_lands_on_the_same_principle(page, playbook_url, requests_log):
    page.goto(playbook_url + "principles/leave-no-one-behind/")
    assert page.locator("html").get_attribute("lang") == "ja"
    switcher = page.locator(".md-header .md-select").first
    switcher.hover()
    page.locator('.md-select__link[hreflang="en"]').first.click()
    page.wait_for_url("**/en/principles/leave-no-one-behind/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert requests_log.external == []


def test_pages_make_no_request_outside_127_0_0_1(page, playbook_url, requests_log):
    page.goto(playbook_url)
    page.wait_for_load_state("networkidle")
    page.goto(playbook_url + "en/")
    page.wait_for_load_state("networkidle")
    assert len(requests_log.all) > 3, "the recorder saw no requests at all"
    assert requests_log.external == []


def test_offline_build_opens_from_file_without_requests(page, offline_url, requests_log):
    page.goto(offline_url + "principles/leave-no-one-behind.html")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.goto(offline_url + "en/principles/leave-no-one-behind.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.wait_for_load_state("networkidle")
    assert requests_log.external == []


@pytest.mark.parametrize(("prefix", "query"), [("", "取り残さない"), ("en/", "seniors")])
def test_search_runs_on_pasted_text(page, playbook_url, prefix, query):
    """Text inserted without a key (paste, voice input) is searched at once."""
    page.goto(playbook_url + prefix)
    search = page.locator(".md-search__input")
    search.click()
    search.fill(query)  # one input event, no keyup: what a mouse paste produces
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    assert page.locator(".md-search-result__meta").first.inner_text().strip()[0].isdigit()
