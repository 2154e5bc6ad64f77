"""Zoom: pages reflow at 200% without horizontal scrolling, and pinch-zoom is never disabled."""

from __future__ import annotations

import re

import pytest

from a11y_helpers import SEARCH_QUERIES, html_pages, open_search, page_language, page_url

#: A 1280-pixel-wide window at 200% zoom: 640 CSS pixels (WCAG 1.4.4, 1.4.10).
ZOOMED = {"width": 640, "height": 800}

_VIEWPORT = re.compile(r"<meta\s+name=\"viewport\"\s+content=\"([^\"]*)\"", re.IGNORECASE)


def viewport_problems(content: str) -> list[str]:
    """What in a viewport ``<meta>``'s content stops readers from zooming."""
    settings = {}
    for part in re.split(r"[,;]", content):
        key, _, value = part.partition("=")
        settings[key.strip().lower()] = value.strip().lower()
    problems = []
    if settings.get("user-scalable") in ("no", "0"):
        problems.append("user-scalable=" + settings["user-scalable"])
    try:
        if "maximum-scale" in settings and float(settings["maximum-scale"]) < 5:
            problems.append("maximum-scale=" + settings["maximum-scale"])
    except ValueError:
        problems.append("unreadable maximum-scale=" + settings["maximum-scale"])
    return problems


def test_viewport_problems_are_recognised():
    assert viewport_problems("width=device-width,initial-scale=1") == []
    assert viewport_problems("width=device-width, user-scalable=no") == ["user-scalable=no"]
    assert viewport_problems("width=device-width,maximum-scale=1.0") == ["maximum-scale=1.0"]
    assert viewport_problems("maximum-scale=10") == []


@pytest.mark.slow
def test_no_page_disables_pinch_zoom(playbook):
    pages = html_pages(playbook.site_dir)
    problems = {}
    for relative in pages:
        metas = _VIEWPORT.findall(playbook.read(relative))
        assert len(metas) == 1, f"{relative}: {len(metas)} viewport <meta> elements"
        if found := viewport_problems(metas[0]):
            problems[relative] = found
    assert not problems, f"pages that stop readers zooming: {problems}"


def one_page_per_kind(site_dir) -> list[str]:
    """The first page of each top folder (principles, roles, …) and each top page, per language."""
    chosen: dict[tuple[str, str], str] = {}
    for relative in html_pages(site_dir):
        path = relative.removeprefix("en/")
        kind = path.split("/")[0]
        chosen.setdefault((page_language(relative), kind), relative)
    return sorted(chosen.values())


@pytest.mark.browser
@pytest.mark.slow
def test_pages_reflow_at_200_percent_zoom_without_horizontal_scrolling(
    browser, playbook, playbook_url
):
    sample = one_page_per_kind(playbook.site_dir)
    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    page = context.new_page()
    too_wide = []
    try:
        handout_views = [
            page_url(playbook_url, relative) + "#dxp-handout"
            for relative in sample
            if relative.removeprefix("en/").startswith("principles/")
            and not relative.endswith(("principles/index.html", "principles/"))
        ]
        assert len(handout_views) == 2, handout_views
        for url in [page_url(playbook_url, relative) for relative in sample] + handout_views:
            relative = url.removeprefix(playbook_url)
            page.goto(url)
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if widths[0] > widths[1]:
                too_wide.append(f"{relative}: {widths[0]} px of content in {widths[1]} px")
        for language in ("ja", "en"):
            relative = next(rel for rel in sample if page_language(rel) == language)
            page.goto(page_url(playbook_url, relative))
            assert open_search(page, SEARCH_QUERIES[language]) > 0
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if widths[0] > widths[1]:
                too_wide.append(f"{language} search dialog: {widths[0]} px in {widths[1]} px")
    finally:
        context.close()
    assert len(sample) >= 10, sample
    assert not too_wide, "horizontal scrolling at 200% zoom:\n" + "\n".join(too_wide)
