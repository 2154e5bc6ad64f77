"""The playbook on a phone, 390 CSS pixels wide (issue 20, step 5): every control a target of at
least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8), the site's name whole in the header, the
principles one tap from the first screen of the home page, and a glossary term that explains
itself in place on a tap (and still by keyboard)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}

#: Every target smaller than 24 by 24 CSS px that is not exempt. WCAG's "inline" exception: a
#: link inside a sentence (a paragraph, list item, cell or definition of running text) is as
#: tall as its line. Hidden, transparent and pointer-less elements are no targets.
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    'label[for], [role=button], [tabindex]:not([tabindex="-1"])';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden' || style.pointerEvents === 'none'
        || +style.opacity === 0) continue;
    if (el.closest('[hidden], [aria-hidden=true]')) continue;
    const inline = el.tagName === 'A' && style.display === 'inline'
      && el.closest('p, li, td, dd, blockquote') && !el.closest('nav, .md-header, .md-footer');
    if (inline) continue;
    if (box.width < 23.5 || box.height < 23.5) {
      const name = (el.textContent || el.getAttribute('aria-label') || el.type || '').trim();
      out.push(`${el.tagName.toLowerCase()}.${el.className} "${name.slice(0, 30)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return out;
}"""

PAGES = [
    "",
    "principles/command-tower/",
    "principles/command-tower/#dxp-handout",
    "dashboard/",
    "report/",
    "checklist/",
    "roles/cdo/",
    "glossary/",
    "downloads/",
    "print-all/",
    "about/sources/",
    "en/",
    "en/principles/leave-no-one-behind/",
    "en/dashboard/",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ja-JP"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_control_on_a_phone_is_at_least_24_by_24(phone, playbook_url):
    found = []
    for path in PAGES:
        phone.goto(playbook_url + path)
        phone.wait_for_load_state("load")
        found += [f"{path or '/'}: {small}" for small in phone.evaluate(SMALL_TARGETS)]
    # An item's panel open (its state, owner, date and note), and the search dialog with results.
    phone.goto(playbook_url + "principles/command-tower/")
    phone.locator(".dxp-note__toggle").first.tap()
    expect(phone.locator(".dxp-note").first).to_be_visible()
    found += [f"item panel: {small}" for small in phone.evaluate(SMALL_TARGETS)]
    phone.locator("label.md-header__button[for='__search']").tap()
    phone.locator("input.md-search__input").fill("司令塔")
    expect(phone.locator(".md-search-result__item").first).to_be_visible()
    # Material grows the clear button in as the query appears: measure it once it has.
    phone.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    found += [f"search: {small}" for small in phone.evaluate(SMALL_TARGETS)]
    assert found == [], "\n".join(found)


def test_the_probe_finds_a_small_control(phone):
    """The check above can fail: a 20 by 20 button is reported, an inline link is not."""
    phone.set_content(
        '<p>Text with <a href="#x">a link</a> inside.</p>'
        '<button style="width:20px;height:20px;padding:0">x</button>'
    )
    found = phone.evaluate(SMALL_TARGETS)
    assert len(found) == 1
    assert "20x20" in found[0]


@pytest.mark.parametrize("path", ["", "en/"])
def test_the_site_name_reads_whole_on_a_phone(phone, playbook_url, path):
    phone.goto(playbook_url + path)
    title = phone.locator(".md-header__topic:first-child .md-ellipsis")
    expect(title).to_be_visible()
    width, needed = title.evaluate("(node) => [node.clientWidth, node.scrollWidth]")
    assert needed <= width, f"the header cuts the site's name: {needed} px in {width}"


@pytest.mark.parametrize("path", ["", "en/"])
def test_the_principles_are_one_tap_from_the_first_screen(phone, playbook_url, path):
    phone.goto(playbook_url + path)
    link = phone.locator('.dxp-quick-links a[href="#pillars"]')
    box = link.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], "below the first screen"
    link.tap()
    phone.wait_for_url("**#pillars")
    principles = phone.locator('#pillars ~ * a[href*="principles/"]')
    assert principles.count() >= 20


def test_a_tap_on_a_glossary_term_explains_it_in_place(phone, playbook_url):
    phone.goto(playbook_url + "principles/command-tower/")
    term = phone.locator(".dxp-term").first
    link = term.locator(".dxp-term__link")
    tip = term.locator(".dxp-term__tip")
    expect(tip).to_be_hidden()
    link.tap()
    expect(tip).to_be_visible()
    assert phone.url.endswith("principles/command-tower/"), "the first tap left the page"
    # The second tap on the same term opens the glossary at that term.
    link.tap()
    phone.wait_for_url("**/glossary/#*")


def test_a_glossary_term_still_works_by_keyboard(page, playbook_url):
    page.goto(playbook_url + "principles/command-tower/")
    link = page.locator(".dxp-term__link").first
    link.focus()
    expect(page.locator(".dxp-term").first.locator(".dxp-term__tip")).to_be_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**/glossary/#*")
