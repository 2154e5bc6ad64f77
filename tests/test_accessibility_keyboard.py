"""Keyboard only: the checklist, search and the skip link work without a mouse."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

from a11y_helpers import SEARCH_QUERIES, first_page, open_search, page_url

pytestmark = pytest.mark.browser

#: More Tab presses than any page has stops before its first checkbox.
MAX_TABS = 400


def tab_until(page, selector: str) -> int:
    """Press Tab until the focused element matches ``selector``; the number of presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return presses
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {selector}")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_tab_and_space_tick_a_checklist_item_that_stays_ticked(
    page, playbook, playbook_url, language
):
    url = page_url(playbook_url, first_page(playbook.site_dir, "principles/", language))
    page.goto(url)
    tab_until(page, "input.dxp-item__box")
    box_id = page.evaluate("document.activeElement.id")
    box = page.locator(f"[id='{box_id}']")
    assert not box.is_checked()
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus_ring != "none", "the focused checkbox shows no focus outline"
    page.keyboard.press("Space")
    assert box.is_checked()
    page.reload()
    assert page.locator(f"[id='{box_id}']").is_checked(), "the tick was not saved"
    # And Space unticks it again, also saved.
    tab_until(page, f"[id='{box_id}']")
    page.keyboard.press("Space")
    page.reload()
    assert not page.locator(f"[id='{box_id}']").is_checked()
    assert page.js_errors == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_search_by_keyboard_opens_a_result(page, playbook, playbook_url, language):
    start = page_url(playbook_url, first_page(playbook.site_dir, "principles/", language))
    page.goto(start)
    results = open_search(page, SEARCH_QUERIES[language])
    assert results > 0, f"no results for {SEARCH_QUERIES[language]!r}"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.className")
    assert "md-search-result__link" in focused, f"ArrowDown focused {focused!r}, not a result"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    target = urlparse(urljoin(page.url, href))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == target.path)
    assert page.locator("html").get_attribute("lang") == language
    assert page.js_errors == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    page, playbook, playbook_url
):
    page.goto(page_url(playbook_url, first_page(playbook.site_dir, "principles/")))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0, (
        "the skip link stays invisible when focused"
    )
    page.keyboard.press("Enter")
    fragment = urlparse(page.url).fragment
    assert fragment, "Enter on the skip link did not move to the content"
    assert page.locator(".md-content").locator(f"[id='{fragment}']").count() == 1
