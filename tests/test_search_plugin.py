"""``dx-playbook/search``: its options, the per-language workers it writes, and real builds."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, project_config
from dx_playbook.core.model.frontmatter import parse
from dx_playbook.core.search.search_worker import (
    inputs_version,
    language_of,
    language_prefixes,
    marked_aggregates,
    other_languages,
    scripts_of,
    split_index,
    with_keywords,
    worker_parts,
    worker_path,
    worker_script,
)
from dx_playbook.mkdocs_plugins.search.plugin import (
    ROMAJI_LICENCE_PATH,
    ROMAJI_SOURCE,
    SearchPlugin,
)
from factories import pair

CONFIG_SEARCH = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def search_worker_of(html: str) -> str:
    match = CONFIG_SEARCH.search(html)
    assert match is not None, "no Material configuration in the page"
    return json.loads(match.group(1))["search"]


def test_the_plugin_is_on_by_default_and_takes_a_boolean():
    plugin = SearchPlugin()
    errors, _ = plugin.load_config({})
    assert errors == []
    assert plugin.config.enabled is True
    errors, _ = SearchPlugin().load_config({"enabled": "sometimes"})
    assert [name for name, _ in errors] == ["enabled"]


def test_languages_live_at_the_root_or_in_their_folder():
    assert language_prefixes([("ja", True), ("en", False)]) == {"ja": "", "en": "en/"}
    with pytest.raises(ValueError, match="exactly one default language"):
        language_prefixes([("ja", False), ("en", False)])
    with pytest.raises(ValueError, match="not a language code"):
        language_prefixes([("../x", True)])


def test_a_location_belongs_to_the_language_of_the_longest_folder():
    prefixes = {"ja": "", "en": "en/", "en-gb": "en/gb/"}
    assert language_of("principles/x/#why", prefixes) == "ja"
    assert language_of("en/principles/x/", prefixes) == "en"
    assert language_of("en/gb/", prefixes) == "en-gb"
    assert language_of("english/", prefixes) == "ja"
    assert [language_of(loc, prefixes) for loc in ("en/", "en/a/#b", "a/", "en")] == [
        "en",
        "en",
        "ja",
        "ja",
    ]


def test_each_language_gets_its_own_worker_file():
    assert worker_path("ja") == "assets/javascripts/workers/dxp-search.ja.js"
    with pytest.raises(ValueError, match="not a language code"):
        worker_path("ja.js/../../x")


def test_a_worker_starts_with_its_settings_then_its_documents_as_json():
    docs = [{"location": "en/", "title": "Home", "text": "<p>Hi</p>"}]
    script = worker_script("/* engine */", "en", {"ja": "", "en": "en/"}, docs=docs)
    settings, held, engine = worker_parts(script)
    assert engine == "/* engine */"
    assert settings == {
        "lang": "en",
        "prefixes": {"en": "en/", "ja": ""},
        "synonyms": [],
        "scripts": ["Latin"],
    }
    assert held == docs
    with pytest.raises(ValueError, match="no folder is known"):
        worker_script("", "fr", {"ja": ""})
    with pytest.raises(ValueError, match="not a worker"):
        worker_parts("/* engine */\n\n")


def test_a_worker_names_the_languages_a_query_may_also_be_searched_in():
    prefixes = {"ja": "", "en": "en/", "en-gb": "en/gb/"}
    other = other_languages("ja", prefixes, {"en": "英語版の語句に一致:"}, "abc")
    assert other["en"] == {
        "worker": "dxp-search.en.js?v=abc",
        "scripts": ["Latin"],
        "label": "英語版の語句に一致:",
    }
    assert other["en-gb"]["label"] == ""
    # Two languages in the same script are told apart by their words, not their letters.
    assert other_languages("en", prefixes, {}).keys() == {"ja"}
    assert scripts_of("ja-JP") == ["Han", "Hiragana", "Katakana"]


def test_pages_gathering_others_are_marked_in_the_workers_index():
    docs = [{"location": "roles/cdo/"}, {"location": "roles/cdo/#who"}, {"location": "roles/"}]
    marked = marked_aggregates(docs, {"roles/cdo/"})
    assert [doc.get("aggregate") for doc in marked] == [True, True, None]
    assert docs[0] == {"location": "roles/cdo/"}  # the index given is left as it was


def test_a_pages_keywords_go_on_its_own_document_only():
    docs = [{"location": "about/feedback/"}, {"location": "about/feedback/#mail"}, {"location": ""}]
    held = with_keywords(docs, {"about/feedback/": ["問い合わせ先"]})
    assert [doc.get("keywords") for doc in held] == [["問い合わせ先"], None, None]
    assert docs[0] == {"location": "about/feedback/"}  # the index given is left as it was


def page_address(relative: str) -> str:
    """The address of a page of the docs folder (``about/feedback.md``: ``about/feedback/``)."""
    stem = relative.removesuffix(".md").removesuffix("index")
    return stem if not stem or stem.endswith("/") else stem + "/"


@pytest.mark.slow
def test_the_real_sites_keywords_reach_the_workers_index(playbook):
    held = {doc["location"]: doc.get("keywords") for doc in playbook.search_docs()}
    written = 0
    for lang, prefix in (("ja", ""), ("en", "en/")):
        folder = ROOT / "docs" / lang
        for path in sorted(folder.rglob("*.md")):
            keywords = parse(path.read_text(encoding="utf-8")).meta.get("keywords")
            address = prefix + page_address(path.relative_to(folder).as_posix())
            if keywords is not None:
                written += 1
                assert held[address] == keywords, address
            elif address in held:
                assert held[address] is None, address
    assert written >= 40, "the reader pages of both languages have keywords"


@pytest.mark.slow
def test_the_real_sites_roles_pillars_checklist_and_glossary_are_marked(playbook):
    marked = {
        doc["location"].split("#")[0] for doc in playbook.search_docs() if doc.get("aggregate")
    }
    for prefix in ("", "en/"):
        for page in ("roles/cdo/", "pillars/people/", "checklist/", "glossary/"):
            assert f"{prefix}{page}" in marked
        assert f"{prefix}principles/command-tower/" not in marked
        assert f"{prefix}downloads/" not in marked


def test_the_index_is_split_by_the_folder_of_each_language():
    docs = [{"location": loc} for loc in ("", "principles/x/#why", "en/", "en/principles/x/")]
    parts = split_index(docs, {"ja": "", "en": "en/", "fr": "fr/"})
    assert [d["location"] for d in parts["ja"]] == ["", "principles/x/#why"]
    assert [d["location"] for d in parts["en"]] == ["en/", "en/principles/x/"]
    assert parts["fr"] == []


@pytest.mark.slow
def test_a_build_writes_one_worker_per_language_and_names_it_in_each_page(build_site):
    result = build_site(pair("sample"))
    assert result.returncode == 0, result.output
    workers = result.site_dir / "assets/javascripts/workers"
    engine = (ROOT / "overrides/assets/javascripts/workers/dxp-search.js").read_text("utf-8")
    for lang, prefix in (("ja", ""), ("en", "en/")):
        script = (workers / f"dxp-search.{lang}.js").read_text(encoding="utf-8")
        settings, docs, rest = worker_parts(script)
        if lang == "ja":
            # wanakana (npm) comes first, naming its licence, which ships beside the workers.
            header, library, own = rest.split("\n", 2)
            assert header.startswith("/* wanakana ")
            assert ROMAJI_LICENCE_PATH in header
            lines = (ROOT / ROMAJI_SOURCE).read_text("utf-8").splitlines()
            assert library == " ".join(line for line in lines if "sourceMappingURL" not in line)
            assert own == engine
            licence = result.read(ROMAJI_LICENCE_PATH)
            assert "MIT" in licence or "Permission is hereby granted" in licence
        else:
            assert rest == engine
        assert settings["lang"] == lang
        # The worker holds its language's pages, and only them.
        locations = [doc["location"] for doc in docs]
        assert any(loc.startswith(f"{prefix}principles/sample/") for loc in locations)
        assert all(loc.startswith("en/") == (lang == "en") for loc in locations), locations
        page = result.read(f"{prefix}principles/sample/index.html")
        worker, version = search_worker_of(page).split("?v=")
        assert worker.endswith(f"assets/javascripts/workers/dxp-search.{lang}.js")
        # Named with the fingerprint of what it is made of: no browser runs a stale copy.
        assert re.fullmatch(r"[0-9a-f]{12}", version)
        other = "en" if lang == "ja" else "ja"
        assert settings["other"][other]["worker"] == f"dxp-search.{other}.js?v={version}"
    assert not (workers / "dxp-search.js").exists(), "the engine alone is not shipped"
    # Material's own index keeps its configuration and no page: no reader downloads it whole.
    index = json.loads(result.read("search/search_index.json"))
    assert index["docs"] == []
    assert index["config"]["lang"]


@pytest.mark.slow
def test_turned_off_material_answers_again(build_site):
    plugins = [
        {"dx-playbook/search": {"enabled": False}} if plugin == "dx-playbook/search" else plugin
        for plugin in project_config()["plugins"]
    ]
    result = build_site(pair("sample"), plugins=plugins)
    assert result.returncode == 0, result.output
    worker = search_worker_of(result.read("principles/sample/index.html"))
    assert re.fullmatch(r"\.\./\.\./assets/javascripts/workers/search\.\w+\.min\.js", worker)
    assert (result.site_dir / worker.removeprefix("../../")).is_file()
    assert not list((result.site_dir / "assets/javascripts/workers").glob("dxp-search*"))
    # Material's worker reads Material's index, which keeps every page.
    docs = json.loads(result.read("search/search_index.json"))["docs"]
    locations = [doc["location"] for doc in docs]
    for prefix in ("", "en/"):
        assert any(loc.startswith(f"{prefix}principles/sample/#") for loc in locations)


@pytest.mark.slow
def test_the_index_holds_what_pages_say_not_what_readers_operate(playbook):
    """Material indexes each page as it was before the glossary tooltips, the handout view and
    the checklist toolbars were added: same text, none of the controls' words."""
    docs = playbook.search_docs()
    by_location = {doc["location"]: doc for doc in docs}
    for prefix in ("", "en/"):
        page = by_location[f"{prefix}principles/use-hidden-talent/"]
        # The title section sits at the page's own address, with the lead's summary in it.
        assert page["text"].startswith("<p>"), page
        assert not any(
            location.startswith(f"{prefix}principles/use-hidden-talent/#_")
            for location in by_location
        )
    text = " ".join(doc["text"] for doc in docs)
    for controls in (
        "記録先の自己点検",
        "Saving to assessment",
        "0 / 5",
        "1枚ものの表示",
        "One-page handout view",
    ):
        assert controls not in text, controls
    # A glossary term's definition is found on the glossary, not on every page using the term.
    definition = "デジタル技術があることを前提に"
    assert [doc["location"] for doc in docs if definition in doc["text"]] == ["glossary/#dx"]
    # The reader still gets the tooltips and the handout view.
    html = playbook.read("principles/use-hidden-talent/index.html")
    assert 'class="dxp-term__tip"' in html
    assert 'id="dxp-handout"' in html


def test_the_workers_fingerprint_follows_what_they_are_made_of(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("one", encoding="utf-8")
    first = inputs_version([docs], ["mihon"])
    assert first == inputs_version([docs], ["mihon"])  # reproducible
    assert first != inputs_version([docs], [""])
    (docs / "a.md").write_text("two", encoding="utf-8")
    assert inputs_version([docs], ["mihon"]) != first
    assert inputs_version([tmp_path / "missing"]) == inputs_version([])


def test_the_plugin_order_that_splitting_the_index_needs_is_checked(build_site):
    plugins = [plugin for plugin in project_config()["plugins"] if plugin != "dx-playbook/search"]
    plugins.insert(0, "dx-playbook/search")
    result = build_site(pair("sample"), plugins=plugins)
    assert result.returncode != 0
    assert "list dx-playbook/search after i18n" in result.output
