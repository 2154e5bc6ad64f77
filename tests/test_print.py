"""Print and handouts (issue 10): A4 print styles, a one-page handout per principle and language,
and the print-all page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import serve
from tests.paper_helpers import sheets, squeeze

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.authoring.validation import MAX_ITEMS, MAX_QUESTIONS, MAX_SUMMARY_CHARS
from dx_playbook.core.model import schema
from dx_playbook.core.model.site import Principle
from dx_playbook.core.print.handouts import (
    DENSITIES,
    HANDOUT_ANCHOR,
    add_handout,
    choose_density,
    embed_body,
    handout,
    principles_for_build,
    rebase_links,
    rebase_target,
    wrap_sections,
)
from dx_playbook.mkdocs_plugins.print.plugin import PrintPlugin

ALL_ROLES = "[" + ", ".join(schema.ROLES) + "]"
#: Filler in our own words, cut to the length a test needs.
FILLER = {
    "ja": "住民の声を聞きながら、窓口の手続きを一つずつ見直し、職員と一緒に改善を続ける。",
    "en": "Review each counter procedure with residents and staff, and keep improving it together. ",
}


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def filler(lang: str, length: int, prefix: str = "") -> str:
    """``length`` characters of sentence-like text, ending with a full stop."""
    text = prefix + FILLER[lang] * (length // len(FILLER[lang]) + 1)
    stop = "。" if lang == "ja" else "."
    return (
        text[: length - 1].rstrip(" 、。,.").ljust(length - 1, "x" if lang == "en" else "ー") + stop
    )


def principle_page(
    page_id: str,
    lang: str,
    *,
    title: int,
    summary: int,
    item: int,
    question: int,
    items: int = MAX_ITEMS,
    questions: int = MAX_QUESTIONS,
    link: bool = False,
) -> str:
    heading = {"ja": ("チェックリスト", "問いかけ"), "en": ("Checklist", "Key questions")}[lang]
    lines = [
        "---",
        f"id: {page_id}",
        "pillar: people",
        "series_part: 5",
        "order: 1",
        f"roles: {ALL_ROLES}",
        f'summary: "{filler(lang, summary)}"',
        "---",
        "",
        f"# {filler(lang, title).rstrip('。.')}",
        "",
        f"## {heading[0]} {{ #checklist }}",
        "",
    ]
    for number in range(1, items + 1):
        text = filler(lang, item, f"{number}: ")
        if link and number == 1:
            text = f"[{text[:12]}](https://example.org/guide) {text[12:]}"
        lines.append(f"- [ ] {text} {{ #{page_id}-item-{number} }}")
    lines += ["", f"## {heading[1]} {{ #key-questions }}", ""]
    lines += [f"- {filler(lang, question, f'{n}: ')}" for n in range(1, questions + 1)]
    return "\n".join(lines) + "\n"


# --- Units ---------------------------------------------------------------------------------------


def test_print_config_turns_each_part_off_alone():
    plugin = PrintPlugin()
    errors, _ = plugin.load_config({"handouts": False})
    assert errors == []
    assert (plugin.config.handouts, plugin.config.print_all) == (False, True)
    errors, _ = PrintPlugin().load_config({"print_all": "no thanks"})
    assert [name for name, _ in errors] == ["print_all"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("other.md", "../principles/other.md"),
        ("other.md#why", "../principles/other.md#why"),
        ("../glossary.md#dx", "../glossary.md#dx"),
        ("#why", "../principles/x.md#why"),
        ("https://example.org/a.md", "https://example.org/a.md"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("../../outside.md", "../../outside.md"),
    ],
)
def test_links_moved_to_another_folder_keep_their_targets(target, expected):
    assert rebase_target(target, "principles/x.md", "about/x.md") == expected


def test_links_to_pages_shown_on_the_same_page_become_anchors():
    anchors = {"principles/x.md": "x", "pillars/people.md": "pillar-people"}
    assert rebase_target("x.md", "principles/y.md", "print-all.md", anchors) == "#x"
    assert rebase_target("x.md#why", "principles/y.md", "print-all.md", anchors) == "#x--why"
    assert rebase_target("#why", "principles/x.md", "print-all.md", anchors) == "#x--why"
    assert (
        rebase_target("../pillars/people.md", "principles/x.md", "print-all.md", anchors)
        == "#pillar-people"
    )
    assert rebase_target("../roles/cdo.md", "principles/x.md", "print-all.md") == "roles/cdo.md"
    markdown = 'See [a](other.md), ![pic](img/a.png "t") and [r].\n\n[r]: ../glossary.md\n'
    assert rebase_links(markdown, "principles/x.md", "print-all.md") == (
        'See [a](principles/other.md), ![pic](principles/img/a.png "t") and [r].\n\n'
        "[r]: glossary.md\n"
    )


def test_an_embedded_body_nests_under_its_new_heading():
    body = (
        "# Title\n\nIntro.[^1]\n\n## Why { #why }\n\n### More\n\n```\n# not a heading\n```\n\n"
        "[^1]: A note."
    )
    embedded = embed_body(body, shift=2, anchor="x")
    assert "# Title" not in embedded
    assert "#### Why { #x--why }" in embedded
    assert "##### More" in embedded
    assert "# not a heading" in embedded
    assert "Intro.[^x-1]" in embedded
    assert "[^x-1]: A note." in embedded


PAGE_HTML = (
    '<h1 id="t">Title</h1>\n<div class="dxp-lead"><p>Summary</p></div>\n<p>Intro.</p>\n'
    '<h2 id="why">Why</h2>\n<p>Because.</p>\n<h2 id="checklist">Checklist</h2>\n<ul></ul>\n'
    '<h2 id="key-questions">Questions</h2>\n<ul><li>Q?</li></ul>\n'
    '<p class="dxp-credit">Source</p><p class="dxp-source">docs/x.md</p>'
)


def test_each_section_of_a_page_is_wrapped_up_to_the_credit():
    wrapped = wrap_sections(PAGE_HTML)
    assert wrapped.count("<section") == wrapped.count("</section>") == 3
    for section_id in ("why", "checklist", "key-questions"):
        assert (
            f'<section class="dxp-section" data-dxp-section="{section_id}">\n<h2 id="{section_id}"'
            in wrapped
        )
    # Text before the first section and the credit after the last stay outside.
    assert wrapped.index("Intro.") < wrapped.index("<section")
    assert wrapped.index('</section>\n<p class="dxp-credit"') > wrapped.index("Q?")
    assert wrap_sections("<p>No headings.</p>") == "<p>No headings.</p>"


def test_the_handout_view_goes_around_the_title(tmp_path):
    principle = _one_principle(tmp_path, title=10, summary=40, item=20, question=20, items=3)
    parts = handout(principle, "ja", site_name="Playbook", edition_stamp="版 9")
    page = add_handout(PAGE_HTML, parts)
    bar = page.index(f'id="{HANDOUT_ANCHOR}"')
    assert bar < page.index("dxp-handout__kicker") < page.index("<h1")
    assert page.index("</h1>") < page.index("dxp-handout__meta") < page.index("dxp-handout-link")
    assert page.index("dxp-handout-link") < page.index('class="dxp-lead"')
    assert page.index("dxp-credit") < page.index("dxp-handout__notes") < page.index("版 9")
    assert f'href="#{HANDOUT_ANCHOR}"' in page
    assert f"dxp-handout--{parts.density.name}" in page
    # The view's own words stay out of the search index.
    for part in (parts.link, parts.before_title, parts.after_title, parts.after_body):
        assert "data-search-exclude" in part
    # Without a title there is nothing to anchor the view to: the page is left as it was.
    assert add_handout("<p>Text</p>", parts) == "<p>Text</p>"


def _one_principle(tmp_path: Path, lang: str = "ja", **sizes: int) -> Principle:
    docs = tmp_path / "docs"
    for page_lang in ("ja", "en"):
        path = docs / page_lang / "principles" / "sample.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(principle_page("sample", page_lang, **sizes), encoding="utf-8")  # type: ignore[arg-type]
    site = load_site(docs)
    (principle,) = site.principles_in(lang)
    return principle


def test_longer_handouts_get_tighter_type(tmp_path):
    short = _one_principle(
        tmp_path, title=10, summary=40, item=20, question=20, items=3, questions=3
    )
    assert choose_density(short, "ja") == (DENSITIES[0], True)
    longest = _one_principle(tmp_path, title=30, summary=MAX_SUMMARY_CHARS, item=60, question=50)
    density, fits = choose_density(longest, "ja")
    assert fits
    assert density != DENSITIES[0]
    absurd = _one_principle(tmp_path, title=30, summary=MAX_SUMMARY_CHARS, item=400, question=300)
    assert choose_density(absurd, "ja")[1] is False


def test_a_handout_carries_credit_edition_and_meta(tmp_path):
    principle = _one_principle(tmp_path, "en", title=20, summary=80, item=40, question=30)
    parts = handout(principle, "en", site_name="Playbook", edition_stamp="Edition 9")
    assert "Playbook · One-page handout" in parts.before_title
    assert f"Pillar: {schema.PILLARS['people']['en']}" in parts.after_title
    assert f"For: {schema.ROLES[next(iter(schema.ROLES))]['en']}, " in parts.after_title
    assert 'Naotoshi Sugawara, "After COVID-19' in parts.after_body
    assert "Edition 9" in parts.after_body
    assert ">Print one-page handout</a>" in parts.link
    assert 'lang="en"' in parts.before_title


def test_text_that_would_break_the_markup_is_escaped(tmp_path):
    principle = _one_principle(tmp_path, title=10, summary=40, item=20, question=20, items=3)
    parts = handout(principle, "ja", site_name='A <b>\n\n"c" &', edition_stamp="<i>E</i>")
    assert 'A &lt;b&gt; "c" &amp; · 1枚もの' in parts.before_title
    assert "&lt;i&gt;E&lt;/i&gt;" in parts.after_body
    assert "<b>" not in parts.before_title + parts.after_body
    assert "\n\n" not in parts.before_title


def test_an_untranslated_principle_falls_back_to_japanese(tmp_path):
    docs = tmp_path / "docs"
    for lang, page_id in (("ja", "one"), ("ja", "two"), ("en", "one")):
        path = docs / lang / "principles" / f"{page_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = principle_page(page_id, lang, title=5, summary=20, item=10, question=10, items=3)
        path.write_text(text.replace("order: 1", "order: 2" if page_id == "two" else "order: 1"))
    built = principles_for_build(load_site(docs), "en")
    assert [(p.id, p.lang) for p in built] == [("one", "en"), ("two", "ja")]
    # The view's own words are in the language of the build, even over Japanese text.
    japanese = handout(built[1], "en", site_name="P", edition_stamp="E")
    assert "One-page handout" in japanese.before_title
    assert 'lang="en"' in japanese.after_title


# --- The real playbook ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_principle_page_has_its_handout_view_in_both_languages(playbook, real_site):
    for lang, prefix in (("ja", ""), ("en", "en/")):
        principles = principles_for_build(real_site, lang)
        assert len(principles) == 20
        for principle in principles:
            html = playbook.read(f"{prefix}principles/{principle.id}/index.html")
            assert re.search(
                rf'<div class="dxp-handout-bar dxp-handout--(normal|compact|tight)" id="{HANDOUT_ANCHOR}"',
                html,
            ), principle.id
            link = re.search(r'<a class="dxp-handout-link" href="([^"]+)">([^<]+)</a>', html)
            assert link, principle.id
            assert link.group(1) == f"#{HANDOUT_ANCHOR}"
            assert link.group(2) == ("1枚ものを印刷" if lang == "ja" else "Print one-page handout")
            for section in ("checklist", "key-questions"):
                assert f'data-dxp-section="{section}"' in html, (principle.id, section)
            section = html[html.index('data-dxp-section="checklist"') :]
            section = section[: section.index("</section>")]
            assert section.count('class="dxp-item__box"') == len(principle.items)
            assert html.count(f'id="{HANDOUT_ANCHOR}"') == 1
            assert f'<html lang="{lang}"' in html
    # The view is not a page of its own: no second page per principle to build or to find.
    assert not list(playbook.site_dir.glob("**/handouts"))
    docs = playbook.search_docs()
    locations = [doc["location"] for doc in docs]
    assert len(locations) > 40
    # The page to print everything is found by what it is for, not by the text it repeats.
    for prefix, title in (("", "全体を印刷"), ("en/", "Print everything")):
        [entry] = [doc for doc in docs if doc["location"].startswith(f"{prefix}print-all/")]
        assert entry["title"] == title
        assert entry["aggregate"] is True
        assert "Ctrl+P" in entry["text"]
        assert "司令塔" not in entry["text"]
        assert "command" not in entry["text"].lower()
    words = " ".join(doc["text"] + doc["title"] for doc in docs)
    assert "1枚ものの表示です" not in words
    assert "One-page handout view" not in words


@pytest.mark.slow
def test_print_all_has_every_principle_with_contents(playbook, real_site):
    for lang, prefix in (("ja", ""), ("en", "en/")):
        html = playbook.read(f"{prefix}print-all/index.html")
        contents = html[html.index('class="dxp-printall__contents"') :]
        contents = contents[: contents.index("</nav>")]
        for principle in principles_for_build(real_site, lang):
            assert f'<h3 id="{principle.id}"' in html, principle.id
            assert f'href="#{principle.id}"' in contents, principle.id
            for item in principle.items:
                assert f'data-dxp-item="{item.id}"' in html
        for pillar in schema.PILLARS:
            assert f'<h2 id="pillar-{pillar}"' in html
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "an ID is used twice on the print-all page"


@pytest.mark.browser
@pytest.mark.slow
def test_every_handout_prints_on_exactly_one_a4_page(print_page, playbook, playbook_url, real_site):
    page = print_page
    # The view is what makes it one sheet: the whole page of the same principle takes more.
    page.goto(f"{playbook_url}principles/use-hidden-talent/")
    assert pdf_pages(page.pdf(format="A4")) > 1
    for lang, prefix in (("ja", ""), ("en", "en/")):
        licence = squeeze("本文 CC BY 4.0" if lang == "ja" else "Text CC BY 4.0")
        for principle in principles_for_build(real_site, lang):
            url = f"{playbook_url}{prefix}principles/{principle.id}/#{HANDOUT_ANCHOR}"
            page.goto(url)
            printed = sheets(page.pdf(format="A4"))
            assert len(printed) == 1, f"{url} prints on {len(printed)} pages"
            # It carries the credit, the licence and the edition, and no page number.
            html = playbook.read(f"{prefix}principles/{principle.id}/index.html")
            footer = re.search(r'<p class="dxp-handout__footer"[^>]*>(.*?)</p>', html)
            assert footer, url
            stamp = footer.group(1).split("<br>")[-1].split(" · ", 1)[-1]
            assert licence in printed[0].text, url
            assert squeeze(stamp) in printed[0].text, url
            assert printed[0].margin == "", url


@pytest.mark.browser
@pytest.mark.slow
def test_print_hides_the_site_and_keeps_what_the_reader_ticked(page, playbook_url):
    page.goto(playbook_url + "principles/use-hidden-talent/")
    box = page.locator("input.dxp-item__box").first
    box.check()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".dxp-handout-link"):
        locator = page.locator(selector).first
        if locator.count():
            assert not locator.is_visible(), f"{selector} shows in print"
    assert box.is_visible()
    assert box.is_checked()
    assert page.locator("h1").first.is_visible()
    # Without the view, the whole page prints and the handout's own parts do not.
    assert page.locator('[data-dxp-section="why"]').is_visible()
    assert not page.locator(".dxp-handout__kicker").is_visible()
    heading = page.locator("h2#checklist")
    assert heading.evaluate("h => getComputedStyle(h).breakAfter") == "avoid"
    item = page.locator(".dxp-item").first
    assert item.evaluate("li => getComputedStyle(li).breakInside") == "avoid"

    # The view, opened from the keyboard: the same boxes, ticks kept; the rest of the page hidden.
    page.emulate_media(media="screen")
    page.locator("a.dxp-handout-link").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#" + HANDOUT_ANCHOR)
    assert page.evaluate("document.activeElement.id") == HANDOUT_ANCHOR
    assert page.locator("#dxp-handout button[data-dxp-print]").is_visible()
    # What to print (blank or with the record, notes or not), then the button that prints.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "dxp-print-1"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('button[data-dxp-print]')")
    assert box.is_checked()
    for hidden in ('[data-dxp-section="why"]', '[data-dxp-section="related"]', ".dxp-credit"):
        assert not page.locator(hidden).is_visible(), hidden
    for shown in (".dxp-handout__kicker", ".dxp-handout__meta", ".dxp-handout__footer"):
        assert page.locator(shown).is_visible(), shown
    # A short handout leaves the rest of the sheet to lines for notes; the screen has none.
    notes = page.locator(".dxp-handout__notes")
    assert not notes.is_visible()
    page.emulate_media(media="print")
    assert notes.bounding_box()["height"] > 150
    assert not page.locator("#dxp-handout").is_visible()
    page.emulate_media(media="screen")
    # Back to the whole page.
    page.locator('#dxp-handout a[href="#"]').click()
    assert page.locator('[data-dxp-section="why"]').is_visible()
    assert not page.locator("#dxp-handout").is_visible()

    page.goto(playbook_url + "print-all/")
    page.emulate_media(media="print")
    section = page.locator(".dxp-printall__principle").nth(1)
    assert section.evaluate("s => getComputedStyle(s).breakBefore") == "page"


# --- The longest handouts validation allows ------------------------------------------------------


def _limit_lengths(lang: str, tmp_path: Path) -> dict[str, int]:
    """For each type setting, the longest item and question (in characters, with the longest
    summary) whose handout the build still sets in it."""
    best: dict[str, int] = {}
    step = 4 if lang == "ja" else 8
    for length in range(10, 400, step):
        principle = _one_principle(
            tmp_path / f"{lang}-{length}",
            lang,
            title=30 if lang == "ja" else 70,
            summary=MAX_SUMMARY_CHARS,
            item=length,
            question=length,
        )
        density, fits = choose_density(principle, lang)
        if not fits:
            break
        best[density.name] = length
    return best


@pytest.fixture(scope="session")
def longest_handouts(tmp_path_factory):
    """A small site of handouts at the limits: for each type setting, the longest text the build
    sets in it; and the longest validation allows with items as long as the real ones doubled."""
    from tests.conftest import make_project, run_build
    from tests.factories import home

    work = tmp_path_factory.mktemp("limits")
    files: dict[str, str | bytes] = {"ja/index.md": home("ja"), "en/index.md": home("en")}
    expected: dict[str, str] = {}
    limits = {lang: _limit_lengths(lang, work) for lang in ("ja", "en")}
    for density in DENSITIES:
        page_id = f"limit-{density.name}"
        for lang in ("ja", "en"):
            length = limits[lang].get(density.name)
            if not length:
                continue
            files[f"{lang}/principles/{page_id}.md"] = principle_page(
                page_id,
                lang,
                title=30 if lang == "ja" else 70,
                summary=MAX_SUMMARY_CHARS,
                item=length,
                question=length,
            )
            expected[f"{lang}/{page_id}"] = density.name
    for lang, item, question in (("ja", 100, 80), ("en", 280, 220)):
        files[f"{lang}/principles/longest.md"] = principle_page(
            "longest",
            lang,
            title=30 if lang == "ja" else 70,
            summary=MAX_SUMMARY_CHARS,
            item=item,
            question=question,
            link=True,
        )
    # A translation may fall behind: every limit page needs both languages to build strict.
    for key in list(files):
        lang, _, rest = key.partition("/")
        twin = ("en" if lang == "ja" else "ja") + "/" + rest
        if rest.startswith("principles/") and twin not in files:
            del files[key]
            expected.pop(f"{lang}/{Path(rest).stem}", None)
    result = run_build(make_project(work, files))
    assert result.returncode == 0, result.output
    server, url = serve(result.site_dir)
    yield result, url, expected
    server.shutdown()


@pytest.mark.browser
@pytest.mark.slow
def test_the_longest_handouts_still_print_on_one_page(print_page, longest_handouts):
    page = print_page
    result, url, expected = longest_handouts
    assert len(expected) >= 4, expected
    for key, density in expected.items():
        lang, page_id = key.split("/")
        prefix = "" if lang == "ja" else "en/"
        page.goto(f"{url}{prefix}principles/{page_id}/#{HANDOUT_ANCHOR}")
        classes = page.locator("#dxp-handout").get_attribute("class").split()
        assert f"dxp-handout--{density}" in classes, (key, classes)
        assert pdf_pages(page.pdf(format="A4")) == 1, key
    for prefix in ("", "en/"):
        page.goto(f"{url}{prefix}principles/longest/#{HANDOUT_ANCHOR}")
        assert page.locator(".dxp-item").count() == MAX_ITEMS
        assert pdf_pages(page.pdf(format="A4")) == 1, f"{prefix}principles/longest/"
        # Where the external link in the first item leads, printed after it.
        page.emulate_media(media="print")
        after = page.locator('[data-dxp-section="checklist"] a[href^="https://"]').first.evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert "https://example.org/guide" in after
        # Laid out at the A4 text width (182 mm), the handout ends within the sheet's 269 mm.
        page.set_viewport_size({"width": 688, "height": 1016})
        footer = page.locator(".dxp-handout__footer").bounding_box()
        assert footer["y"] + footer["height"] <= 1016
        page.set_viewport_size({"width": 1280, "height": 720})
        page.emulate_media(media="null")  # page.pdf() prints with print media again
    assert "would not fit" not in result.output


@pytest.mark.build
def test_a_handout_that_fits_no_sheet_is_named(tmp_path):
    """A handout too long for one sheet is reported, once per language, naming the file."""
    from tests.conftest import make_project, run_build
    from tests.factories import home

    files: dict[str, str | bytes] = {"ja/index.md": home("ja"), "en/index.md": home("en")}
    for lang in ("ja", "en"):
        files[f"{lang}/principles/too-long.md"] = principle_page(
            "too-long", lang, title=30, summary=MAX_SUMMARY_CHARS, item=390, question=390
        )
    result = run_build(make_project(tmp_path, files), strict=False)
    assert result.returncode == 0, result.output
    warned = [line for line in result.output.splitlines() if "would not fit" in line]
    assert len(warned) == 2, result.output[-3000:]  # once per language
    assert all("principles/too-long.md" in line and "'too-long'" in line for line in warned)
