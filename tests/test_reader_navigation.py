"""Navigation and search for readers (issue 20, step 4): no section repeats its own name as
its first page, the contributor area is out of the reader navigation and out of reader search,
and the source file of a reader's page waits behind "Fix this page"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.build

LINK_TEXT = re.compile(
    r'<a href="[^"]*" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
    re.S,
)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_no_section_lists_its_own_name_as_its_first_page(playbook, prefix):
    html = playbook.read(f"{prefix}principles/command-tower/index.html")
    sections = re.findall(
        r'<label class="md-nav__link"[^>]*>\s*<span class="md-ellipsis">\s*(.*?)\s*</span>.*?'
        r'<ul class="md-nav__list"[^>]*>\s*<li class="md-nav__item[^"]*">\s*<a href="[^"]*" '
        r'class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>',
        html,
        re.S,
    )
    assert len(sections) >= 4, sections
    for section, first in sections:
        assert section != first, (prefix, section)
    # The home page is called home, not the site's name a second time.
    site_name = {"": "自治体DXプレイブック", "en/": "Municipal DX Playbook"}[prefix]
    home = {"": "ホーム", "en/": "Home"}[prefix]
    titles = [title.strip() for title in LINK_TEXT.findall(html)]
    assert home in titles
    assert site_name not in titles


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_contributor_area_is_out_of_the_reader_navigation(playbook, prefix):
    for page in ("index.html", "principles/command-tower/index.html", "about/sources/index.html"):
        html = playbook.read(prefix + page)
        nav = html[html.index('class="md-nav md-nav--primary"') : html.index('class="md-content"')]
        assert "contributing/" not in nav, (prefix, page)
    # ... and still built, with its guide reachable from "Fix this page".
    assert playbook.read(f"{prefix}contributing/schema/index.html")
    principle = playbook.read(f"{prefix}principles/command-tower/index.html")
    box = re.search(r'<details class="dxp-source-box".*?</details>', principle, re.S)
    assert box
    assert 'href="../../contributing/"' in box.group(0)


def test_reader_search_has_no_contributor_page(playbook):
    locations = [doc["location"] for doc in playbook.search_docs()]
    assert any(location.startswith("principles/") for location in locations)
    assert any(location.startswith("en/principles/") for location in locations)
    contributor = [loc for loc in locations if "contributing/" in loc]
    assert contributor == []


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_hosted_page_asks_for_nothing_that_is_not_there(page, playbook_url, prefix):
    """Material's script asked for ``<page>/sitemap.xml`` beside each language link of the
    head, twice a page, and got 404s; the language switch still reaches the same page."""
    failed: list[str] = []
    page.on(
        "response", lambda response: failed.append(response.url) if response.status >= 400 else None
    )
    page.goto(playbook_url + prefix + "principles/command-tower/")
    page.wait_for_load_state("networkidle")
    assert failed == []
    other = {"": "en", "en/": "ja"}[prefix]
    page.locator(f'.md-select__link[hreflang="{other}"]').first.dispatch_event("click")
    page.wait_for_url("**/principles/command-tower/")
    assert page.locator("html").get_attribute("lang") == other
    page.wait_for_load_state("networkidle")
    assert failed == []


# --- Feedback from a closed network (issue 20, step 3) -------------------------------------------


def mail_parts(href: str) -> tuple[str, dict[str, str]]:
    from urllib.parse import parse_qs, unquote, urlsplit

    assert href.startswith("mailto:")
    parts = urlsplit(href)
    return unquote(parts.path), {key: values[0] for key, values in parse_qs(parts.query).items()}


@pytest.mark.parametrize(
    ("prefix", "title", "form"),
    [
        ("", "司令塔を置く", "印刷できる意見票"),
        ("en/", "Put someone in command", "Printable feedback form"),
    ],
)
def test_every_page_offers_a_prefilled_mail_and_the_printable_form(playbook, prefix, title, form):
    import html as html_module

    page = playbook.read(f"{prefix}principles/command-tower/index.html")
    line = re.search(
        r'<p class="dxp-feedback"[^>]*><a href="([^"]+)">[^<]+</a> · <a href="([^"]+)">([^<]+)</a>',
        page,
    )
    assert line, prefix
    to, fields = mail_parts(html_module.unescape(line.group(1)))
    assert to == ""  # no address configured: the reader fills it in
    assert title in fields["subject"]
    body = fields["body"]
    assert title in body
    assert f"{prefix}principles/command-tower/" in body
    assert "0.1.0" in body
    assert "\r\n" in body
    assert line.group(2) == "../../about/feedback/"
    assert line.group(3) == form
    assert playbook.read(f"{prefix}about/feedback/index.html").count("<tr>") >= 8


@pytest.mark.browser
def test_an_item_sends_its_own_feedback_mail(page, playbook_url):
    page.goto(playbook_url + "principles/command-tower/")
    item = page.locator("li.dxp-item").first
    item.locator(".dxp-note__toggle").click()
    link = item.locator(".dxp-note__feedback a")
    expect(link).to_be_visible()
    _, fields = mail_parts(link.get_attribute("href") or "")
    item_id = item.get_attribute("data-dxp-item")
    assert item_id in fields["subject"]
    text = item.locator(".dxp-item__label").inner_text().strip()
    assert text in fields["body"]
    assert item_id in fields["body"]
    assert "司令塔を置く" in fields["body"]
