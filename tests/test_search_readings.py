"""Readings of the Japanese text (core/search/readings.py), as the search worker receives them."""

from __future__ import annotations

from dx_playbook.core.search.readings import (
    fold,
    kanji_variants,
    ordinary_kanji,
    reading_table,
    texts_of,
)
from dx_playbook.core.text.lang import hiragana


def test_words_are_listed_under_their_reading_in_hiragana():
    table = reading_table(["全職員の研修を行い、推進本部の庁議に諮ります。デジタル変革のDX"])
    assert table["けんしゅう"] == ["研修"]
    assert table["しょくいん"] == ["職員"]
    # A compound: its parts and the whole (推進 / 本部 / 推進本部).
    assert table["すいしん"] == ["推進"]
    assert table["ほんぶ"] == ["本部"]
    assert table["すいしんほんぶ"] == ["推進本部"]
    # Two kanji words side by side, which the dictionary splits (庁 + 議).
    assert table["ちょうぎ"] == ["庁議"]
    # Katakana and Latin words are read too; the worker folds what it compares.
    assert table["でじたる"] == ["デジタル"]
    assert "dx" in table[fold("でぃーえっくす")]


def test_kana_only_words_and_one_kana_readings_are_left_out():
    table = reading_table(["ひとりひとりに二つの手を"])
    assert not any(surface == "ひとりひとり" for words in table.values() for surface in words)
    assert all(len(reading) >= 2 for reading in table)
    assert "に" not in table


def test_the_most_frequent_word_comes_first_and_the_table_is_sorted():
    table = reading_table(["構成を見直す。", "公正な手続き。公正さ。"])
    assert table["こうせい"] == ["公正", "構成"]
    assert list(table) == sorted(table)
    assert reading_table(["公正な手続き。", "構成を見直す。", "公正さ"]) == reading_table(
        ["公正さ", "構成を見直す。", "公正な手続き。"]
    )


def test_index_documents_are_read_as_plain_text():
    docs = [
        {"title": "研修 &amp; 訓練", "text": "<p>職員の<code>研修</code></p><li>一つ</li>"},
        {"title": None},
        {"title": "要約", "text": "<p>一つ</p><p>職員の<code>研修</code></p>"},
    ]
    # Block by block, inline tags joined, each block once (gathering pages repeat others').
    assert texts_of(docs) == ["研修 & 訓練", "職員の研修", "一つ", "要約"]


def test_a_page_of_one_endless_line_is_read_in_pieces():
    table = reading_table(["研修" * 20_000])
    assert table["けんしゅう"] == ["研修"]


def test_katakana_become_hiragana_and_folding_drops_long_vowel_marks():
    assert hiragana("ケンシュウ・ヴァ") == "けんしゅう・ゔぁ"
    assert fold("ユーザー・ＤＸ") == "ユザdx"


def test_other_forms_of_the_texts_kanji_map_to_the_form_it_uses():
    table = kanji_variants(["実証実験の推進体制", "戦略"])
    assert table["實"] == "実"
    assert table["證"] == "証"
    assert table["體"] == "体"
    assert table["戰"] == "戦"
    assert table["实"] == "実"  # the simplified form, as a Chinese input method types it
    assert "実" not in table  # a form the text uses is never mapped
    assert list(table) == sorted(table)
    # A form the text itself uses stays as it is, even in another's family.
    assert "體" not in kanji_variants(["体と體"])


def test_common_kanji_never_stand_for_one_another():
    # ja-itaiji puts 周 with 週 and 叶 with 協: both are ordinary kanji a reader means as typed.
    table = kanji_variants(["週に一度の協定"])
    assert "周" not in table
    assert "叶" not in table
    assert ordinary_kanji("周")
    assert not ordinary_kanji("實")
    assert not ordinary_kanji("实")  # not in JIS at all
