"""Readings of the Japanese text, so that a query typed in kana finds words written in kanji.

Officials often type a word's reading and search before converting it (けんしゅう for 研修, or
a half-converted すいしんほんぶ), and a word they half remember comes to mind as its sound. At
build time the Japanese pages' text goes through SudachiPy, a maintained morphological analyser
(Works Applications), with its core dictionary. Every word of the text written in kanji,
katakana or Latin letters is recorded under its reading in hiragana: ``{"けんしゅう": ["研修"]}``.
The search worker cuts a kana query into readings it knows and searches for the words
(``dxp-search.js``, ``readingVariants``).

Why SudachiPy with ``sudachidict_core`` (issue 19): on the 33 hand-checked readings of our
glossary it reads 30 right, fugashi with UniDic-lite 20 (it leaves Latin abbreviations such as
DX or ICT unread) and ``sudachidict_small`` 26; it installs in 198 MB against UniDic-lite's
250 MB; both analyse the 90,000 characters of our Japanese pages in about 0.1 s.

Each word is recorded as Sudachi's long unit (推進本部), its short units (推進 / 本部) and
each pair of short units side by side (庁議, which the dictionary splits into 庁 / 議), so a
compound is found whether its reading is typed whole or in parts. Only readings of two kana or
more are kept: one-kana readings (に, 二) would turn particles into kanji.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from dx_playbook.core.text.lang import hiragana

if TYPE_CHECKING:
    from sudachipy import Morpheme, Tokenizer

#: The languages whose text has readings (others are left as they are).
LANGUAGES = frozenset({"ja"})
#: Surface forms kept per reading, the most frequent first (こうせい: 構成, 公正, 厚生 ...).
SURFACES_PER_READING = 4
#: Sudachi reads at most this many bytes at once; pages are cut at line ends below it.
CHUNK = 16_000

_KANA_READING = re.compile(r"^[\u3041-\u3096\u30fc]{2,}$")
_HIRAGANA_ONLY = re.compile(r"^[\u3041-\u309f\u30fc]+$")
#: A surface worth a reading: it holds a kanji, a katakana letter or a Latin letter.
_WRITTEN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u30a1-\u30fa\uff21-\uff5aA-Za-z]")
#: The worker ignores these when matching (see ``fold`` in dxp-search.js).
_KANJI = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbf\u3005]+$")
_TAG = re.compile(r"<[^>]*>")
#: Tags that end a block of text in Material's index (the rest are inline: code, em ...).
_BLOCK = re.compile(r"<(?:/?(?:p|li|h[1-6]|tr|td|th|dt|dd|pre|blockquote|br)\b)[^>]*>", re.I)
_IGNORED = re.compile(r"[\u30fc\u30fb\u200b-\u200d\u2060\ufeff]")


def fold(text: str) -> str:
    """What the worker compares: NFKC, lower case, long-vowel marks and middle dots dropped."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text).lower())


@cache
def _tokenizer() -> Tokenizer:
    from sudachipy import Dictionary

    return Dictionary(dict="core").tokenizer()


def _chunks(text: str) -> Iterable[str]:
    piece: list[str] = []
    size = 0
    for line in text.splitlines():
        length = len(line.encode("utf-8")) + 1
        if size + length > CHUNK and piece:
            yield "\n".join(piece)
            piece, size = [], 0
        if length > CHUNK:
            # One very long line: cut it at sentence ends, else anywhere (a reading may split).
            for start in range(0, len(line), CHUNK // 4):
                yield line[start : start + CHUNK // 4]
            continue
        piece.append(line)
        size += length
    if piece:
        yield "\n".join(piece)


def texts_of(docs: Iterable[dict[str, object]]) -> list[str]:
    """The plain text of search index documents, block by block (titles, search keywords,
    paragraphs, list items, cells), each block once: the pages that gather others repeat
    their text, and the analyser need not read it twice."""
    blocks: dict[str, None] = {}
    for doc in docs:
        words = doc.get("keywords")
        keywords = (
            "".join(f"<p>{html.escape(word)}" for word in words) if isinstance(words, list) else ""
        )
        markup = f"{doc.get('title') or ''}{keywords}<p>{doc.get('text') or ''}"
        for part in _BLOCK.split(markup):
            text = html.unescape(_TAG.sub("", part)).strip()
            if text:
                blocks.setdefault(text)
    return list(blocks)


def reading_table(texts: Iterable[str]) -> dict[str, list[str]]:
    """Each reading (folded hiragana) of a written word of ``texts``, with its surfaces (folded)
    as they stand in the text, the most frequent first; sorted by reading, so builds are
    reproducible."""
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        pairs.update(_readings_of(text))
    counts: dict[str, list[tuple[str, int]]] = {}
    for (key, surface), count in pairs.items():
        counts.setdefault(key, []).append((surface, count))
    return {
        key: [surface for surface, _ in sorted(found, key=lambda s: (-s[1], s[0]))][
            :SURFACES_PER_READING
        ]
        for key, found in sorted(counts.items())
    }


#: The table entries of each long unit seen, ``(surface, reading)`` -> entries of the unit and
#: of its short units: the same words recur all over, and splitting a unit is the slow part.
_UNITS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}


def _entry(surface: str, reading: str) -> tuple[str, str] | None:
    """``(reading, surface)`` as the table keeps them, or None for a word it leaves out."""
    if not _WRITTEN.search(surface) or _HIRAGANA_ONLY.match(surface):
        return None
    read = hiragana(reading)
    if not _KANA_READING.match(read):
        return None
    key = fold(read)
    return (key, fold(surface)) if len(key) >= 2 else None


def _unit_entries(long_unit: Morpheme, whole: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    from sudachipy import SplitMode

    short = [(m.surface(), m.reading_form()) for m in long_unit.split(SplitMode.A)]
    units = [whole, *short] if len(short) > 1 else [whole]
    entries = _UNITS[whole] = tuple(e for unit in units if (e := _entry(*unit)) is not None)
    return entries


#: What each surface seen is: 2 all kanji, 1 other written (katakana, Latin, mixed), 0 kana or
#: punctuation, which has no entry, nor have its parts.
_KINDS: dict[str, int] = {}
#: The entry of two kanji words side by side, or None.
_PAIRS: dict[tuple[tuple[str, str], tuple[str, str]], tuple[str, str] | None] = {}


def _pair_entry(pair: tuple[tuple[str, str], tuple[str, str]]) -> tuple[str, str] | None:
    (a, read_a), (b, read_b) = pair
    read = hiragana(read_a + read_b)
    entry = _PAIRS[pair] = (fold(read), fold(a + b)) if _KANA_READING.match(read) else None
    return entry


@lru_cache(maxsize=32768)
def _readings_of(text: str) -> tuple[tuple[str, str], ...]:
    """``(reading, surface)`` of each written word of ``text``: long units, their short units,
    and each two kanji units side by side (庁 + 議: 庁議, which Sudachi splits). Kept between
    builds, so a rebuild in ``mkdocs serve`` analyses only the text that changed. Each unit,
    split and pair is worked out once for the process: the same words recur all over."""
    from sudachipy import SplitMode

    found: list[tuple[str, str]] = []
    for chunk in _chunks(text):
        previous: tuple[str, str] | None = None  # the unit before, if all kanji
        for long_unit in _tokenizer().tokenize(chunk, SplitMode.C):
            surface = long_unit.surface()
            kind = _KINDS.get(surface)
            if kind is None:
                kind = _KINDS[surface] = (
                    2 if _KANJI.search(surface) else 1 if _WRITTEN.search(surface) else 0
                )
            if not kind:
                previous = None
                continue
            whole = (surface, long_unit.reading_form())
            entries = _UNITS.get(whole)
            found.extend(_unit_entries(long_unit, whole) if entries is None else entries)
            if kind == 2:
                if previous is not None:
                    pair = (previous, whole)
                    entry = _PAIRS[pair] if pair in _PAIRS else _pair_entry(pair)
                    if entry is not None:
                        found.append(entry)
                previous = whole
            else:
                previous = None
    return tuple(found)


def kanji_variants(texts: Iterable[str]) -> dict[str, str]:
    """Each other form of a kanji of ``texts`` (old forms such as 實 for 実, variants, the
    simplified Chinese form), with the form the text uses: a query typed with the old form
    finds the page. From ja-itaiji's families of variant characters; a form the text itself
    uses, or a common kanji (:func:`ordinary_kanji`), is never mapped to another."""
    from ja_itaiji import Itaiji

    used = sorted(char for char in set().union(*map(set, texts)) if _KANJI.match(char))
    present = set(used)
    table: dict[str, str] = {}
    for char in used:
        for variant in Itaiji.get_family(char):
            if variant not in present and len(variant) == 1 and not ordinary_kanji(variant):
                table.setdefault(variant, char)
    return dict(sorted(table.items()))


def ordinary_kanji(char: str) -> bool:
    """Whether ``char`` is a kanji of JIS level 1 (rows 16 to 47 of JIS X 0208): the common
    ones, which a reader types meaning themselves. ja-itaiji's families also join such kanji
    (周 and 週, 叶 and 協), which must never stand for each other."""
    try:
        lead, trail = char.encode("shift_jis")
    except (UnicodeEncodeError, ValueError):
        return False
    row = (lead - (0x81 if lead < 0xA0 else 0xC1)) * 2 + 1 + (1 if trail >= 0x9F else 0)
    return 16 <= row <= 47
