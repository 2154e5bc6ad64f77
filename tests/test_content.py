"""The playbook itself: the 20 principles of the outline, in both languages, in our own words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dx_playbook.core.authoring.load import load_site
from dx_playbook.core.model.languages import PLAYBOOK
from dx_playbook.core.quality.overlap import shared_runs, source_windows

ROOT = Path(__file__).resolve().parent.parent
OUTLINE = {
    "mission": ["empower-people", "mission-and-vision", "words-as-tools", "technology-is-a-means"],
    "strategy": ["assess-current-state", "beyond-rpa", "strategy-to-vision", "pivot-tactics"],
    "people": [
        "command-tower",
        "dedicated-organization",
        "procedures-matter",
        "ict-vs-dx",
        "leave-no-one-behind",
        "use-hidden-talent",
    ],
    "public-mind": [
        "results-over-pilots",
        "think-for-yourselves",
        "public-mind",
        "crisis-as-litmus",
        "what-we-want",
        "act-now",
    ],
}


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT / "docs")


def source_article() -> Path | None:
    candidates = [
        os.environ.get("DXP_SOURCE_ARTICLE", ""),
        ROOT.parent / "shared/source/series-part5.ja.txt",
        Path("/work/shared/source/series-part5.ja.txt"),
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def test_real_docs_have_no_problems(site):
    assert [str(p) for p in site.problems] == []


@pytest.mark.parametrize("lang", PLAYBOOK.codes)
def test_all_twenty_principles_in_outline_order(site, lang):
    principles = site.principles_in(lang)
    assert [p.id for p in principles] == [pid for ids in OUTLINE.values() for pid in ids]
    for principle in principles:
        assert principle.id in OUTLINE[principle.pillar]
        assert principle.page.url == f"principles/{principle.id}/"
        assert 3 <= len(principle.items) <= 7
        assert 3 <= len(principle.questions) <= 5
        assert principle.summary


def test_item_ids_identical_across_languages(site):
    for principle in site.principles_in("ja"):
        twin = site.principles["en"][principle.id]
        assert [i.id for i in principle.items] == [i.id for i in twin.items], principle.id
        assert principle.series_part == twin.series_part
        assert principle.roles == twin.roles


def test_no_page_repeats_the_source_article():
    source = source_article()
    if source is None:
        pytest.skip("the source article (shared/source) is not beside this checkout")
    windows = source_windows(source.read_text(encoding="utf-8"))
    found = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        runs = shared_runs(path.read_text(encoding="utf-8"), windows)
        if runs:
            found[str(path.relative_to(ROOT))] = [run.text for run in runs]
    assert found == {}


def test_overlap_checker_can_find_a_copied_sentence():
    windows = source_windows("ここに十八文字以上の同じ文章がそのまま入っています。")
    assert shared_runs("前置き。ここに十八文字以上の同じ文章がそのまま入っています。", windows)
    assert not shared_runs(
        "「ここに十八文字以上の同じ文章がそのまま入っています。」(出典)", windows
    )


def test_credited_names_are_not_counted_as_copying():
    windows = source_windows("掲載:Public dots & Company の記事です。")
    assert not shared_runs("Published by Public dots & Company.", windows)
