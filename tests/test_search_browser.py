"""Search as a reader uses it: Material's search box on the real playbook, online and offline.

A few queries per language from tests/search_queries.yml (scripts/search_eval.py runs all of
them): the page they are about must be among the first five results, every result must be in
the page's language, matches are marked, and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUERIES = {
    "ja": [
        ("取り残さない", "principles/leave-no-one-behind"),  # hiragana inflection
        ("デジタル変革", "principles/ict-vs-dx"),  # katakana + kanji
        ("ICT化", "principles/ict-vs-dx"),  # Latin + kanji
        ("研修の計画", "principles/leave-no-one-behind"),  # short phrase
        ("実証実験", "principles/results-over-pilots"),  # kanji compound
        ("shireitou", "principles/command-tower"),  # romaji, through the worker's wanakana
    ],
    "en": [
        ("training", "principles/leave-no-one-behind"),
        ("seniors", "principles/use-hidden-talent"),
        ("pilots and agreements", "principles/results-over-pilots"),
        ("procure", "principles/procedures-matter"),  # still typing
    ],
}


def start_page(base: str, lang: str, offline: bool) -> str:
    return base + ("en/" if lang == "en" else "") + ("index.html" if offline else "")


def open_search(page) -> None:
    """Open Material's search with its shortcut key and wait until its worker is ready."""
    page.keyboard.press("s")
    page.locator("input.md-search__input").wait_for(state="visible")
    placeholder = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=placeholder,
    )


def search(page, query: str) -> list[str]:
    """Type ``query`` (an IME commits Japanese whole) and return the result links in order."""
    box = page.locator("input.md-search__input")
    page.evaluate("() => { document.querySelector('.md-search-result__list').innerHTML = '' }")
    box.fill(query)
    box.press("End")  # Material reads the box on key-up
    page.locator(".md-search-result__item").first.wait_for()
    return page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link:first-child",
        "links => links.map(a => a.href)",
    )


def page_of(url: str, base: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0].removeprefix(base)
    return path.removesuffix("index.html").removesuffix(".html").strip("/")


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_finds_the_page_in_the_readers_language(request, page, requests_log, lang, offline):
    base = request.getfixturevalue("offline_url" if offline else "playbook_url")
    page.goto(start_page(base, lang, offline))
    worker = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
    assert worker.split("?v=")[0].endswith(f"workers/dxp-search.{lang}.js")
    open_search(page)
    for query, expected in QUERIES[lang]:
        found = [page_of(url, base) for url in search(page, query)]
        wanted = f"en/{expected}" if lang == "en" else expected
        assert wanted in found[:5], f"{query!r}: {found[:5]}"
        assert all(path.startswith("en") == (lang == "en") for path in found), (query, found)
        marks = page.locator(".md-search-result__list mark").count()
        assert marks > 0, f"{query!r}: no match is marked"
    assert not [url for url in requests_log.all if "workers/search." in url], (
        "Material's worker ran"
    )
    assert requests_log.external == []
    assert page.js_errors == []


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_enter_opens_the_best_result_with_the_words_highlighted(
    request, page, requests_log, offline
):
    base = request.getfixturevalue("offline_url" if offline else "playbook_url")
    page.goto(start_page(base, "ja", offline))
    open_search(page)
    search(page, "取り残さない")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: "/principles/leave-no-one-behind" in url)
    assert page.locator("html").get_attribute("lang") == "ja"
    highlighted = page.locator("article mark[data-md-highlight]").all_text_contents()
    assert "取り残さない" in highlighted
    assert requests_log.external == []
    assert page.js_errors == []


def test_nothing_found_says_so_and_lists_nothing(page, playbook_url):
    page.goto(start_page(playbook_url, "ja", offline=False))
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill("日曜日")  # 日 alone is everywhere; the word is nowhere
    box.press("End")
    none = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.none']"
    )
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent.trim() === text",
        arg=none,
    )
    assert page.locator(".md-search-result__item").count() == 0


def test_a_fast_typist_sees_the_results_of_the_whole_word(page, playbook_url):
    page.goto(start_page(playbook_url, "en", offline=False))
    open_search(page)
    page.locator("input.md-search__input").press_sequentially("procurement", delay=5)
    # Replies for "p", "pr", ... arrive while typing and already mark "procurement" as a
    # prefix match, so wait for the list to settle: every result from the whole word alone.
    # If a stale reply for a shorter prefix were left on screen, this would time out.
    settled = """() => {
        const terms = [...document.querySelectorAll('.md-search-result__item a')]
            .map(a => new URL(a.href).searchParams.get('h')).filter(Boolean);
        return terms.length > 0 && terms.every(t => t.toLowerCase().startsWith('procur'));
    }"""
    page.wait_for_function(settled, timeout=10_000)
    page.wait_for_timeout(300)  # and it stays settled: no late reply for a prefix replaces it
    terms = page.evaluate(
        "() => [...document.querySelectorAll('.md-search-result__item a')]"
        ".map(a => new URL(a.href).searchParams.get('h'))"
    )
    assert terms
    assert all(term.lower().startswith("procur") for term in terms if term), terms


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_the_other_language_is_searched_for_words_typed_in_it_and_says_so(
    request, page, requests_log, offline
):
    """English typed on the Japanese site: the Japanese page of the same ID, with the English
    words that matched, marked as English. The English worker loads only then."""
    base = request.getfixturevalue("offline_url" if offline else "playbook_url")
    page.goto(start_page(base, "ja", offline))
    open_search(page)
    search(page, "研修")
    assert not [url for url in requests_log.all if "dxp-search.en.js" in url]
    box = page.locator("input.md-search__input")
    box.fill("leave no one behind")
    box.press("End")
    first = page.locator(".md-search-result__item").first
    first.locator("span[lang='en']").wait_for()
    assert page_of(first.locator("a").first.get_attribute("href") or "", "").endswith(
        "principles/leave-no-one-behind"
    )
    assert "英語版の語句に一致" in first.inner_text()
    assert first.locator("span[lang='en'] mark").count() > 0
    found = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link:first-child",
        "links => links.map(a => a.href)",
    )
    assert all(not page_of(url, base).startswith("en") for url in found), found
    assert [url for url in requests_log.all if "dxp-search.en.js" in url]
    assert requests_log.external == []
    assert page.js_errors == []
