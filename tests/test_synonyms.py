"""``data/synonyms.yml``: the search thesaurus (issue 19). Its mistakes are one line each (file,
line, what, how to fix); the glossary adds a group per term (readings, the other language)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import ROOT

from dx_playbook.core.glossary.glossary import load_glossary, search_groups
from dx_playbook.core.model.synonyms import MAX_GROUP, MAX_WORD, read_synonyms
from dx_playbook.core.search.search_worker import worker_parts, worker_script

LANGUAGES = ("ja", "en")

GOOD = """\
ja:
  - [押印, ハンコ, 判子]
  - [実証実験, PoC]
en:
  - [pilot, proof of concept]
"""


def read(tmp_path: Path, text: str) -> tuple[dict, list[str]]:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data/synonyms.yml").write_text(text, encoding="utf-8")
    lines: list[str] = []

    def problem(path: str, line: int | None, message: str, fix: str) -> None:
        lines.append(f"{path}:{line}: {message}. Fix: {fix}")

    return read_synonyms(tmp_path, LANGUAGES, problem), lines


def test_a_good_thesaurus_reads_by_language(tmp_path):
    thesaurus, problems = read(tmp_path, GOOD)
    assert problems == []
    assert thesaurus == {
        "ja": (("押印", "ハンコ", "判子"), ("実証実験", "PoC")),
        "en": (("pilot", "proof of concept"),),
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("ja:\n", "jp:\n"), "'jp' is not a language of this playbook"),
        (("  - [実証実験, PoC]", "  - [実証実験]"), "a group has one word only"),
        (("  - [実証実験, PoC]", "  - 実証実験"), "a group is not a list of words"),
        (("  - [実証実験, PoC]", "  - [実証実験, 3]"), "something that is not a word"),
        (
            ("  - [実証実験, PoC]", "  - [実証実験, ハンコ]"),
            "'ハンコ' is already in the group on line 2",
        ),
        (("  - [実証実験, PoC]", "  - [実証実験, ｐｏｃ, PoC]"), "names the same word twice"),
        (("  - [実証実験, PoC]", f"  - [実証実験, {'長' * (MAX_WORD + 1)}]"), "is longer than"),
        (
            (
                "  - [実証実験, PoC]",
                "  - [" + ", ".join(f"w{n}" for n in range(MAX_GROUP + 1)) + "]",
            ),
            f"more than {MAX_GROUP} words",
        ),
        (("en:\n  - [pilot", "en:\n  pilot: [pilot"), "'en' is not a list of groups"),
        (("  - [押印", "  - [押印, 押印"), "names the same word twice"),
        (("ja:\n", "ja:\nja:\n"), "is written twice"),
        (("  - [押印, ハンコ, 判子]", "  - [押印, ハンコ, 判子"), "not valid YAML"),
        # A list as a key: a line, not PyYAML's bare TypeError (the same reader as the changelog).
        (("en:\n", "? [1, 2]\n: x\nen:\n"), "a key is a list or a mapping"),
    ],
)
def test_each_mistake_is_one_line_with_its_place_and_fix(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    _, problems = read(tmp_path, GOOD.replace(old, new, 1))
    matching = [line for line in problems if expected in line]
    assert len(matching) == 1, problems
    assert re.match(r"^data/synonyms\.yml:\d+: .+\. Fix: .+", matching[0]), matching[0]


def test_a_bad_group_loses_only_itself(tmp_path):
    thesaurus, problems = read(tmp_path, GOOD.replace("  - [実証実験, PoC]", "  - [実証実験]"))
    assert len(problems) == 1
    assert thesaurus["ja"] == (("押印", "ハンコ", "判子"),)
    assert thesaurus["en"] == (("pilot", "proof of concept"),)


def test_no_file_is_no_thesaurus_and_no_problem(tmp_path):
    assert read_synonyms(tmp_path, LANGUAGES, lambda *a: pytest.fail(str(a))) == {
        "ja": (),
        "en": (),
    }


def test_the_real_thesaurus_is_valid():
    problems: list[str] = []
    thesaurus = read_synonyms(ROOT, LANGUAGES, lambda *found: problems.append(str(found)))
    assert problems == []
    assert len(thesaurus["ja"]) >= 10
    assert len(thesaurus["en"]) >= 10


def test_the_glossary_gives_readings_and_the_other_language():
    glossary = load_glossary(ROOT / "data/glossary.yml")
    ja = {word for group in search_groups(glossary, "ja") for word in group}
    en = {word for group in search_groups(glossary, "en") for word in group}
    assert {"デジタル変革", "でじたるへんかく", "digital transformation", "DX"} <= ja
    assert {"digital transformation", "デジタル変革"} <= en
    assert "でじたるへんかく" not in en  # readings help Japanese readers only


def test_the_worker_carries_the_groups_as_json():
    script = worker_script("/* engine */", "ja", {"ja": "", "en": "en/"}, [("押印", "ハンコ")])
    assert script.startswith('self.__dxpSearch = {"lang":"ja"')
    assert '"synonyms":[["押印","ハンコ"]]' in script  # UTF-8, not six-byte escapes
    # A word cannot end the literal: it is data, whatever it holds.
    hostile = worker_script("", "ja", {"ja": ""}, [('"};alert(1);//', "x"), ("\u2028", "y")])
    settings, _docs, _engine = worker_parts(hostile)
    assert settings["synonyms"] == [['"};alert(1);//', "x"], ["\u2028", "y"]]
    assert "\u2028" not in hostile.split("\n", 1)[0]  # a line break to old parsers
