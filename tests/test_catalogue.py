"""Every language the playbook declares has all the words, with the same ``{fields}``."""

from __future__ import annotations

import re
import string

import pytest
from tests.conftest import project_config

from dx_playbook.core.model.credit import KINDS
from dx_playbook.core.model.languages import PLAYBOOK
from dx_playbook.core.text.catalogue import CatalogueError, catalogue, locales

FIELD = string.Formatter()


def declared_languages() -> list[str]:
    """The locales mkdocs.yml gives static-i18n, and the ones the content model names."""
    found = list(PLAYBOOK.codes)
    for plugin in project_config()["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            found += [entry["locale"] for entry in plugin["i18n"]["languages"]]
    return sorted(set(found))


def leaves(data: object, path: str = "") -> dict[str, object]:
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(leaves(value, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(data, list):
        return {f"{path}[{i}]": value for i, value in enumerate(data)}
    return {path: data}


def fields(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    return {name for _, name, _, _ in FIELD.parse(text) if name}


def test_every_declared_language_has_a_catalogue():
    assert set(declared_languages()) <= set(locales())


#: Texts whose code offers several fields, of which each language uses those it needs.
_CREDIT = {"series", "author", "publisher", "part", "part_title", "headings", "s", "source"}
CHOSEN_FIELDS = {
    "scaffold.untitled": {"id", "words"},
    # English says "heading" or "headings"; Japanese has one word for both.
    **{f"{part}.credit_{kind}": _CREDIT for part in ("views", "handouts") for kind in KINDS},
}


@pytest.mark.parametrize("lang", [lang for lang in locales() if lang != PLAYBOOK.source])
def test_each_catalogue_has_the_source_languages_keys_and_fields(lang: str):
    source = leaves(catalogue(PLAYBOOK.source))
    other = leaves(catalogue(lang))
    assert sorted(set(source) - set(other)) == [], f"{lang}.yml lacks these keys"
    assert sorted(set(other) - set(source)) == [], f"{lang}.yml has keys the source lacks"
    wrong = {
        key: (fields(source[key]), fields(other[key]))
        for key in source
        if key not in CHOSEN_FIELDS and fields(source[key]) != fields(other[key])
    }
    for key, offered in CHOSEN_FIELDS.items():
        assert fields(source[key]) <= offered, key
        assert fields(other[key]) <= offered, key
    assert wrong == {}, f"{lang}.yml: fields differ"
    assert all(value not in (None, "") for value in other.values()), f"{lang}.yml has empty words"


def test_an_unknown_language_is_a_clear_error_not_english():
    with pytest.raises(CatalogueError, match=r"no words for the language 'xx'.*xx\.yml"):
        catalogue("xx")


def test_no_code_falls_back_to_english_silently():
    from tests.conftest import ROOT

    fallback = re.compile(r"""\.get\(\s*\w+\s*,[^)\n]*\[["']en["']\]\s*\)""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "plugins/dx_playbook").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fallback.search(line)
    ]
    assert found == []
