"""Languages are data: the configuration declares them, catalogues hold their words.

The build test adds a third language to a tiny site with nothing but data: a language entry in
``mkdocs.yml``, its pages, its catalogue in the project's ``locales/`` folder and its glossary
fields. No code of the package knows the language.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import ROOT, make_project, run_build
from tests.factories import pair, principle

from dx_playbook.core.model.languages import PLAYBOOK, Languages, LanguagesError
from dx_playbook.core.text import catalogue

#: A language no catalogue of the package has (Esperanto): nothing can be there by chance.
THIRD = "eo"
PRINT_HANDOUT = "Presi la unupaĝan folion"


def test_languages_come_from_the_i18n_declaration():
    declared = Languages.declared(
        [{"locale": "en"}, {"locale": "ja", "default": True}, {"locale": THIRD}]
    )
    assert declared.codes == ("ja", "en", THIRD)
    assert declared.source == "ja"
    assert declared.translations == ("en", THIRD)
    assert Languages.declared(None) is PLAYBOOK
    assert Languages.declared([{"locale": "en"}]).source == "en"


def test_a_declaration_with_a_language_twice_is_refused():
    with pytest.raises(LanguagesError, match="twice"):
        Languages(("ja", "en", "ja"), "ja")
    with pytest.raises(LanguagesError, match="first"):
        Languages(("en", "ja"), "ja")


def test_the_package_words_are_never_replaced_by_a_project(tmp_path: Path):
    saved = catalogue.registered()
    try:
        (tmp_path / "en.yml").write_text("language: Not English\n", encoding="utf-8")
        (tmp_path / f"{THIRD}.yml").write_text("language: Esperanto\n", encoding="utf-8")
        assert catalogue.register(tmp_path) == (THIRD,)
        assert catalogue.catalogue("en")["language"] == "English"
        assert catalogue.catalogue(THIRD)["language"] == "Esperanto"
        assert THIRD in catalogue.locales()
    finally:
        catalogue.restore(saved)
    assert THIRD not in catalogue.locales()
    with pytest.raises(catalogue.CatalogueError, match=f"'{THIRD}'"):
        catalogue.catalogue(THIRD)


def third_language_words() -> str:
    """The English catalogue as a translator would start one: here, a few words in Esperanto."""
    words = yaml.safe_load((catalogue.LOCALES_DIR / "en.yml").read_text(encoding="utf-8"))
    words["language"] = "Esperanto"
    words["language_names"] = {"ja": "japana", "en": "angla", THIRD: "Esperanto"}
    words["handouts"]["print_handout"] = PRINT_HANDOUT
    words["pillars"]["people"] = "Homoj"
    return yaml.safe_dump(words, allow_unicode=True, sort_keys=False)


def third_language_glossary() -> str:
    real = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    for term in real["terms"]:
        term[THIRD] = f"{term['en']} (eo)"
        term["definition"][THIRD] = term["definition"]["en"]
    return yaml.safe_dump(real, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory: pytest.TempPathFactory):
    files = {
        **pair("sample-principle"),
        f"{THIRD}/index.md": "# Hejmo\n\nBonvenon.\n",
        f"{THIRD}/principles/sample-principle.md": principle("sample-principle", "en"),
    }
    project = make_project(tmp_path_factory.mktemp("three"), files)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "i18n" in entry:
            entry["i18n"]["languages"].append(
                {"locale": THIRD, "name": "Esperanto", "build": True, "site_name": "Ludlibro"}
            )
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    (project / "locales").mkdir()
    (project / "locales" / f"{THIRD}.yml").write_text(third_language_words(), "utf-8")
    (project / "data" / "glossary.yml").unlink()
    (project / "data" / "glossary.yml").write_text(third_language_glossary(), "utf-8")
    result = run_build(project)
    yield result
    shutil.rmtree(project / "site", ignore_errors=True)


def test_a_third_language_builds_strictly_with_no_code_change(three_languages):
    assert three_languages.returncode == 0, three_languages.output
    page = three_languages.read(f"{THIRD}/principles/sample-principle/index.html")
    assert re.search(rf'<html[^>]*\blang="{THIRD}"', page)
    assert html.escape(PRINT_HANDOUT) in page, "the page shows the words of its own catalogue"
    for lang in ("ja", "en"):
        assert PRINT_HANDOUT not in three_languages.read(
            f"{'' if lang == 'ja' else 'en/'}principles/sample-principle/index.html"
        )


def test_the_third_language_has_its_data_and_downloads(three_languages):
    site = three_languages.site_dir
    assert (site / "assets" / "data" / f"dxp-settings.{THIRD}.js").is_file()
    assert (site / "assets" / "data" / THIRD / "sample-principle.js").is_file()
    for name in (f"dx-playbook-checklist.{THIRD}.xlsx", f"playbook.{THIRD}.json"):
        assert (site / "downloads" / name).is_file(), name
    dataset = (site / "downloads" / f"playbook.{THIRD}.json").read_text(encoding="utf-8")
    assert '"Homoj"' in dataset, "the pillar label comes from the language's catalogue"


def test_check_reads_the_third_language_as_the_build_does(three_languages, capsys):
    from dx_playbook.cli import main

    saved = catalogue.registered()
    try:
        code = main(["check", "--docs", str(three_languages.project_dir / "docs")])
    finally:
        catalogue.restore(saved)
    out = capsys.readouterr()
    assert code == 0, out
    assert f"{THIRD} 2" in out.out
