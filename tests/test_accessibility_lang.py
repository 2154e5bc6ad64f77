"""``lang`` attributes: right on ``<html>`` of every page, and on text in the other language.

A screen reader chooses its voice from the nearest ``lang``: Japanese inside an English page
without ``lang="ja"`` is read letter by letter or not at all. The reverse (Latin letters inside
Japanese text) is not checked: Japanese prose legitimately contains acronyms such as DX or CDO.
"""

from __future__ import annotations

import re

import pytest

from a11y_helpers import FIND_JAPANESE_IN_ENGLISH, html_pages, page_language, page_url
from dx_playbook.core.text.lang import JAPANESE, japanese_runs, mark_language_links

_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]*)\"")


def main_text(html: str) -> str:
    """The text of a page's article, without its tags."""
    start = html.find("<article")
    end = html.find("</article>", start)
    return re.sub(r"<[^>]+>", " ", html[start:end]) if start >= 0 else ""


def test_japanese_runs_are_found_and_latin_is_not():
    assert japanese_runs("Bandai Town (磐梯町) and デジタル活用支援員, ですます") == [
        "磐梯町",
        "デジタル活用支援員",
        "ですます",
    ]
    assert japanese_runs("DX, CDO, RPA — «quotes» and café") == []


def test_language_switcher_links_get_the_lang_they_name():
    html = (
        '<a href="/" hreflang="ja" class="md-select__link">日本語</a>'
        '<a href="/en/" hreflang="en" class="md-select__link">English</a>'
        '<a href="/x/" hreflang="en">other</a>'
        '<a lang="ja" hreflang="ja" class="md-select__link">日本語</a>'
    )
    marked = mark_language_links(html)
    assert '<a lang="ja" href="/" hreflang="ja" class="md-select__link">' in marked
    assert '<a lang="en" href="/en/" hreflang="en" class="md-select__link">' in marked
    assert '<a href="/x/" hreflang="en">other</a>' in marked, "only the switcher is changed"
    assert marked.count('<a lang="ja"') == 2, "an existing lang is kept, not doubled"
    assert 'lang="ja" lang=' not in marked


@pytest.mark.slow
def test_every_page_declares_its_language_on_html(playbook):
    pages = html_pages(playbook.site_dir)
    wrong = {}
    for relative in pages:
        match = _HTML_LANG.search(playbook.read(relative))
        declared = match.group(1) if match else None
        expected = page_language(relative)
        if relative == "404.html":
            # One 404 page serves both languages; its lang must match the language it is in.
            expected = "ja" if japanese_runs(main_text(playbook.read(relative))) else "en"
        if declared != expected:
            wrong[relative] = declared
    assert len(pages) > 40
    assert not wrong, f"<html lang> differs from the page's language: {wrong}"


@pytest.mark.slow
def test_language_switcher_entries_carry_their_language(playbook):
    missing = []
    for relative in html_pages(playbook.site_dir):
        html = playbook.read(relative)
        links = re.findall(r"<a\b[^>]*class=\"md-select__link\"[^>]*>", html)
        if not links:
            continue
        for link in links:
            hreflang = re.search(r'hreflang="([^"]+)"', link)
            lang = re.search(r'(?<![-\w])lang="([^"]+)"', link)
            if hreflang and (lang is None or lang.group(1) != hreflang.group(1)):
                missing.append(f"{relative}: {link}")
    assert not missing, "\n".join(missing[:20])


@pytest.mark.browser
@pytest.mark.slow
def test_japanese_text_in_english_pages_is_marked_lang_ja(browser, playbook, playbook_url):
    """Every run of Japanese script on an English page sits inside ``lang="ja"``.

    Read with JavaScript off, as the HTML is built: what no-JS readers and the offline
    bundle's first paint get, and what build-time fixes must satisfy.
    """
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    found = []
    english = [rel for rel in html_pages(playbook.site_dir) if page_language(rel) == "en"]
    try:
        for relative in english:
            page.goto(page_url(playbook_url, relative))
            for run in page.evaluate(FIND_JAPANESE_IN_ENGLISH, JAPANESE.pattern):
                found.append(f"{relative}: {run['where']}: {run['text']}")
    finally:
        context.close()
    assert len(english) > 20
    assert not found, f"{len(found)} runs of Japanese without lang=ja:\n" + "\n".join(found[:60])


@pytest.mark.browser
def test_the_page_scan_reports_unmarked_japanese_only(page):
    """The scan above can fail: unmarked Japanese is reported, marked Japanese is not."""
    page.set_content(
        '<html lang="en"><body><main><p title="自治体">Bandai Town (磐梯町) and '
        '<span lang="ja">デジタル</span> <code>DX</code></p>'
        '<div lang="ja"><p>日本語の段落</p><p lang="en">English inside, with 町</p></div>'
        "<script>var x = '無視';</script></main></body></html>"
    )
    runs = page.evaluate(FIND_JAPANESE_IN_ENGLISH, JAPANESE.pattern)
    assert sorted((run["where"], run["text"]) for run in runs) == [
        ("main > div > p", "町"),
        ("main > p", "磐梯町"),
        ("main > p@title", "自治体"),
    ]
