"""The foundation as a reader meets it: language switch, ``lang`` attributes, no outside requests."""

from __future__ import annotations

import pytest
from tests.conftest import serve

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


def test_the_test_browser_records_and_refuses_requests_off_the_machine(
    page, requests_log, tmp_path
):
    """What every other browser test relies on: a request outside 127.0.0.1, by name or by
    address, from a page or from its worker, is recorded, and never answered. (A page of
    ours has a policy that refuses such requests before they start: this one has none.)"""
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "worker.js").write_text(
        "fetch('http://192.0.2.2/from-worker', {mode: 'no-cors'})"
        ".then(() => postMessage('answered'), () => postMessage('refused'));",
        encoding="utf-8",
    )
    server, url = serve(tmp_path)
    try:
        page.goto(url)
        outcomes = page.evaluate(
            """async (urls) => {
              const late = (ms) => new Promise((resolve) => setTimeout(() => resolve("late"), ms));
              const tries = urls.map((url) => fetch(url, {mode: "no-cors"}).then(
                () => "answered", () => "refused"));
              const worker = new Worker("worker.js");
              tries.push(new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); }));
              return Promise.all(tries.map((done) => Promise.race([done, late(10000)])));
            }""",
            ["https://example.com/x.js", "http://192.0.2.1/x.png"],
        )
    finally:
        server.shutdown()
    assert outcomes == ["refused", "refused", "refused"]
    assert set(requests_log.external) == {
        "https://example.com/x.js",
        "http://192.0.2.1/x.png",
        "http://192.0.2.2/from-worker",
    }, requests_log.external


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
