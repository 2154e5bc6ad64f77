"""The search engine (overrides/assets/javascripts/workers/dxp-search.js), one query at a time.

The engine runs in headless Chromium on a blank page, fed a small index in the shape Material's
search plugin writes (escaped text, a page before its sections, English pages under ``en/``),
through the same messages Material's search dialog sends its worker.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ENGINE = (
    Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/workers/dxp-search.js"
).read_text(encoding="utf-8")
PREFIXES = {"ja": "", "en": "en/"}


def doc(location: str, title: str, *paragraphs: str) -> dict:
    """An index entry as Material writes it: escaped text in bare <p> tags."""
    text = " ".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return {"location": location, "title": html.escape(title, quote=False), "text": text}


DOCS = [
    doc("", "自治体DXプレイブック", "デジタル変革の原則をまとめました。"),
    doc(
        "principles/leave-no-one-behind/",
        "誰一人取り残さない",
        "デジタルに不慣れな人を置き去りにしません。",
    ),
    doc(
        "principles/leave-no-one-behind/#why",
        "なぜ大切か",
        "全職員を対象とする研修を終え、習熟度に応じた研修に進みます。",
        "取り残される住民がいないよう、地域ごとにデジタル活用支援員を置きます。",
    ),
    doc("principles/ict-vs-dx/", "ICT化とデジタル変革を区別する", "効率化は何のためかを問います。"),
    doc(
        "principles/ict-vs-dx/#why",
        "なぜ大切か",
        "ICT化は今の仕事を速くすること、デジタル変革は新しい価値を生むことです。",
    ),
    doc(
        "principles/command-tower/",
        "司令塔を置く",
        "推進体制の整備から始めます。日本の自治体の例。",
    ),
    doc(
        "principles/mission/",
        "ミッション・ビジョンを問い直す",
        "私たちは何を望んでいるのかを確かめます。",
    ),
    doc("en/", "Municipal DX Playbook", "Principles for digital transformation."),
    doc("en/principles/leave-no-one-behind/", "Leave no one behind", "Reach residents."),
    doc(
        "en/principles/leave-no-one-behind/#why",
        "Why it matters",
        "Training for all staff comes first, then training matched to each person's level.",
        "Active senior residents who know ICT make good digital supporters.",
    ),
    doc(
        "en/principles/dedicated-organisation/",
        "Build a dedicated organisation",
        "Organise a team.",
    ),
    doc("en/principles/command-tower/", "Put someone in command", "The mayor backs the lead."),
]


@pytest.fixture
def page(shared_tab, request):
    """One tab for the module's tests: each writes its own document (``set_content``) and
    reads nothing from storage; a new profile after a test that failed."""
    with shared_tab.lend(None, request) as page:
        yield page


@pytest.fixture
def engine(page):
    """``search(lang, query, docs=DOCS, suggest=False)``: Material's RESULT data for a query."""
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    ready: dict[str, bool] = {}

    def search(
        lang: str,
        query: str,
        docs: list | None = None,
        *,
        suggest: bool = False,
        synonyms: list | None = None,
        readings: dict | None = None,
        kanji: dict | None = None,
        embedded: list | None = None,
    ) -> dict:
        key = json.dumps([lang, docs, suggest, synonyms, readings, kanji, embedded], sort_keys=True)
        if key not in ready:
            page.evaluate(
                """([settings, engine, embedded]) => {
                    self.__dxpMain = null;
                    self.__dxpSearch = settings;
                    self.__dxpIndex = embedded;
                    const script = document.createElement("script");
                    script.textContent = engine;
                    document.head.append(script);
                }""",
                [
                    {
                        "lang": lang,
                        "prefixes": PREFIXES,
                        "synonyms": synonyms or [],
                        "readings": readings or {},
                        "kanji": kanji or {},
                    },
                    ENGINE,
                    embedded,
                ],
            )
            reply = page.evaluate(
                """([docs, suggest]) => DxpSearch.handle({type: 0, data: {
                    config: {lang: ["ja", "en"], separator: "[\\\\s]+", pipeline: [], fields: {}},
                    docs, options: {suggest}}})""",
                [docs or DOCS, suggest],
            )
            assert reply == {"type": 1}
            ready.clear()
            ready[key] = True
        reply = page.evaluate("query => DxpSearch.handle({type: 2, data: query})", query)
        assert reply["type"] == 3
        return reply["data"]

    return search


def pages(result: dict) -> list[str]:
    """The page of each result group, in order."""
    return [
        next(item["location"] for item in group if "#" not in item["location"])
        for group in result["items"]
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("取り残さない", "principles/leave-no-one-behind/"),  # the title's inflected form
        ("取り残されない", "principles/leave-no-one-behind/"),  # another inflection: stem 取り残
        ("デジタル変革", "principles/ict-vs-dx/"),  # katakana + kanji compound
        ("ICT化", "principles/ict-vs-dx/"),  # Latin + kanji
        ("ｉｃｔ化", "principles/ict-vs-dx/"),  # full-width letters, as IMEs type them
        ("推進体制", "principles/command-tower/"),
        ("研修の計画", "principles/leave-no-one-behind/"),  # the particle splits the phrase
        ("ミッションビジョン", "principles/mission/"),  # written with a middle dot
        ("望んでいる", "principles/mission/"),  # 望んで: okurigana kept, いる optional
    ],
)
def test_japanese_queries_find_their_page_first(engine, query, expected):
    assert pages(engine("ja", query))[:1] == [expected]


def test_japanese_kanji_do_not_match_one_character_at_a_time(engine):
    """日曜日 shares 日 with 日本, but no page mentions Sunday: no result, not every page."""
    assert engine("ja", "日曜日")["items"] == []
    assert pages(engine("ja", "日本")) == ["principles/command-tower/"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("training", "en/principles/leave-no-one-behind/"),
        ("trainings", "en/principles/leave-no-one-behind/"),
        ("seniors", "en/principles/leave-no-one-behind/"),  # the text says "senior"
        ("dedicated organization", "en/principles/dedicated-organisation/"),  # US spelling
        ("trai", "en/principles/leave-no-one-behind/"),  # the last word, still being typed
        ("mayors", "en/principles/command-tower/"),
    ],
)
def test_english_words_are_stemmed(engine, query, expected):
    assert pages(engine("en", query))[:1] == [expected]


def test_a_finished_word_is_not_a_prefix(engine):
    assert pages(engine("en", "trai")) != []
    assert engine("en", "trai ")["items"] == []


@pytest.mark.parametrize(("lang", "query"), [("ja", "デジタル"), ("en", "digital"), ("ja", "ICT")])
def test_results_come_from_the_page_language_only(engine, lang, query):
    found = pages(engine(lang, query))
    assert found, f"{query!r} found nothing in {lang}"
    assert all(page.startswith("en/") == (lang == "en") for page in found), found


def test_english_pages_are_found_from_japanese_words_they_contain(engine):
    docs = [*DOCS, doc("en/glossary/", "Glossary", "DX promoter (デジタル変革推進員)")]
    assert pages(engine("en", "推進員", docs)) == ["en/glossary/"]


def test_result_groups_have_the_shape_materials_dialog_renders(engine):
    result = engine("ja", "研修")
    assert set(result) == {"items"}
    [group] = result["items"]
    assert [item["location"] for item in group] == [
        "principles/leave-no-one-behind/#why",
        "principles/leave-no-one-behind/",
    ], "best section first, then the page it belongs to"
    section, page = group
    assert section["score"] > page["score"] >= 0
    assert section["terms"] == {"研修": True}
    assert section["title"] == "なぜ大切か"
    assert section["text"].count("<mark>研修</mark>") == 2
    assert section["text"].startswith("<p>")
    assert section["text"].endswith("</p>")


def test_matches_are_marked_and_everything_else_is_escaped(engine):
    docs = [
        doc("", "Home", "x"),
        doc("en/", "Home", "x"),
        doc("en/a/", 'Budget <img src=x onerror="alert(1)">', "Budget & <script>alert(2)</script>"),
    ]
    [[item]] = engine("en", "budget", docs)["items"]
    assert item["title"] == "<mark>Budget</mark> &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert item["text"] == "<p><mark>Budget</mark> &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>"


def test_a_missing_word_is_reported_as_missing(engine):
    result = engine("ja", "研修 住民 予算")
    [group] = result["items"]
    assert group[0]["terms"] == {"研修": True, "住民": True, "予算": False}


def test_the_long_vowel_mark_is_optional_and_highlights_as_written(engine):
    docs = [doc("", "Home", "x"), doc("a/", "エンパワーメント", "人の力を引き出します。")]
    [[item]] = engine("ja", "エンパワメント", docs)["items"]
    assert item["title"] == "<mark>エンパワーメント</mark>"
    assert item["terms"] == {"エンパワーメント": True}


def test_suggestions_complete_the_word_being_typed(engine):
    result = engine("en", "trai", suggest=True)
    assert result["suggest"] == ["training"]
    assert "suggest" not in engine("en", "trai")


def test_english_stemmer_follows_porter(page):
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=ENGINE)
    words = {
        "caresses": "caress",
        "ponies": "poni",
        "agreed": "agre",
        "hopping": "hop",
        "relational": "relat",
        "generalizations": "gener",
        "electrical": "electr",
        "adjustment": "adjust",
        "organisation": "organ",
        "analysing": "analyz",
    }
    stems = page.evaluate("words => words.map(w => DxpSearch.stem(w))", list(words))
    assert dict(zip(words, stems, strict=True)) == words


def test_unknown_messages_are_refused_and_bad_queries_answered_empty(engine, page):
    engine("ja", "研修")
    with pytest.raises(Exception, match="Invalid message type"):
        page.evaluate("() => DxpSearch.handle({type: 7})")
    assert page.evaluate("() => DxpSearch.handle({type: 2, data: null})") == {
        "type": 3,
        "data": {"items": []},
    }
    assert engine("ja", "   ")["items"] == []


# --- The thesaurus (data/synonyms.yml and the glossary, issue 19) -------------------------------

SYNONYMS = {
    "ja": [
        ["研修", "勉強会", "トレーニング"],
        ["取り残さない", "デジタルデバイド"],
        ["司令塔", "command tower"],
    ],
    "en": [["training", "upskilling"], ["put someone in command", "司令塔"], ["mayor", "head"]],
}


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        # A word the site never uses finds the page of its synonym, not its single characters.
        ("ja", "勉強会", "principles/leave-no-one-behind/"),
        ("ja", "デジタルデバイド", "principles/leave-no-one-behind/"),
        # English typed on the Japanese site, through the glossary's pairs.
        ("ja", "command tower", "principles/command-tower/"),
        ("en", "upskilling", "en/principles/leave-no-one-behind/"),
        ("en", "司令塔", "en/principles/command-tower/"),
    ],
)
def test_a_synonym_finds_the_page_of_the_word_it_stands_for(engine, lang, query, expected):
    found = pages(engine(lang, query, synonyms=SYNONYMS[lang]))
    assert found[:1] == [expected], found


def test_a_synonym_absent_from_the_site_is_not_cut_into_characters(engine):
    """トレーニング is nowhere in the text: without the thesaurus, nothing (never ト, レ, ニ…);
    with it, the pages on 研修 and only those."""
    assert engine("ja", "トレーニング")["items"] == []
    found = pages(engine("ja", "トレーニング", synonyms=SYNONYMS["ja"]))
    assert found == ["principles/leave-no-one-behind/"]


def test_the_query_as_typed_still_comes_first_when_its_word_is_in_the_text(engine):
    """研修 is in the text: its own page first; a synonym group never adds pages above it."""
    found = pages(engine("ja", "研修", synonyms=SYNONYMS["ja"]))
    assert found[:1] == ["principles/leave-no-one-behind/"]
    assert found == pages(engine("ja", "研修"))


def test_an_english_thesaurus_word_matches_whole_words_only(engine):
    """'head' is in the group of 'mayor', but 'headline' holds no 'head' word."""
    found = pages(engine("en", "mayor", synonyms=SYNONYMS["en"]))
    assert found[:1] == ["en/principles/command-tower/"]
    assert engine("en", "headlinez", synonyms=SYNONYMS["en"])["items"] == []


# Readings as core/search/readings.py writes them for these pages: reading → words (folded).
READINGS = {
    "けんしゅう": ["研修"],
    "しゅうじゅくど": ["習熟度"],
    "すいしん": ["推進"],
    "たいせい": ["体制"],
    "すいしんたいせい": ["推進体制"],
    "しれいとう": ["司令塔"],
    "でじたる": ["デジタル"],
    "へんかく": ["変革"],
    "とりのこさ": ["取り残さ"],
    "こうせい": ["構成", "公正"],
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("けんしゅう", "principles/leave-no-one-behind/"),  # one word, typed unconverted
        ("すいしんたいせい", "principles/command-tower/"),  # a compound read whole
        ("しれいとうをおく", "principles/command-tower/"),  # kana kept for the particle
        ("でじたるへんかく", "principles/ict-vs-dx/"),  # katakana and kanji words
        ("とりのこさない", "principles/leave-no-one-behind/"),  # okurigana kept as typed
        ("習熟度 けんしゅう", "principles/leave-no-one-behind/"),  # one word converted, one not
    ],
)
def test_a_reading_typed_in_kana_finds_the_words_read_so(engine, query, expected):
    assert pages(engine("ja", query, readings=READINGS))[:1] == [expected]


WANAKANA = Path(__file__).resolve().parent.parent / "node_modules/wanakana/wanakana.min.js"


@pytest.fixture
def romaji(engine, page):
    """``engine`` with wanakana on the page, as the build puts it before the Japanese worker."""
    page.add_script_tag(path=str(WANAKANA))
    return engine


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kenshuu", "principles/leave-no-one-behind/"),  # Hepburn, long vowel doubled
        ("kensyuu", "principles/leave-no-one-behind/"),  # kunrei
        ("kenshu", "principles/leave-no-one-behind/"),  # long vowel left out
        ("shireito", "principles/command-tower/"),  # not 司令 + the particle と
        ("suishintaisei", "principles/command-tower/"),  # a compound run together
        ("suishin taisei", "principles/command-tower/"),
        ("ＫＥＮＳＨＵＵ", "principles/leave-no-one-behind/"),  # full-width capitals
        ("習熟度 kenshuu", "principles/leave-no-one-behind/"),
        ("dejitaruhenkaku", "principles/ict-vs-dx/"),
    ],
)
def test_romaji_typed_without_conversion_finds_the_words_read_so(romaji, query, expected):
    assert pages(romaji("ja", query, readings=READINGS))[:1] == [expected]


def test_short_words_particles_and_doubled_vowels_of_romaji_are_read(romaji):
    readings = {
        **READINGS,
        "ちいき": ["地域"],
        "ごと": ["ごと"],
        "でじたるかつよう": ["デジタル活用"],
    }
    # Two kana and a particle beside a longer word: 地域 ごと に; a vowel typed twice where
    # katakana writes ー (folded away in the readings: デジタル is read でじたる).
    for query in ("chiiki goto ni dejitarukatsuyou", "dejitaarukatsuyou", "deijitaru"):
        found = pages(romaji("ja", query, readings=readings))
        assert found[:1] == (["principles/leave-no-one-behind/"] if query != "deijitaru" else [])
    # A particle is one even where the site has its letters ("no" in "No. 1").
    docs = [*DOCS, doc("principles/no/", "No. 1", "No. 1の頁")]
    assert pages(romaji("ja", "kenshuu no shuujukudo", docs=docs, readings=READINGS))[:1] == [
        "principles/leave-no-one-behind/"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "leave no one behind",  # English: every word must read as Japanese, behind does not
        "agenda",  # あげんだ: 上げ + ん + だ is not read whole
        "same",  # two kana: an English word more often than a reading
        "kenshuu behind",  # one word of the query is English
        "tokyo",  # とうきょう is not in the site; 問う + 今日 is not a reading of it
    ],
)
def test_english_and_unread_latin_words_are_not_taken_for_romaji(romaji, query):
    readings = {
        **READINGS,
        "あげ": ["上げ"],
        "さめ": ["覚め"],
        "とう": ["問う"],
        "きょう": ["今日"],
    }
    docs = [*DOCS, doc("principles/x/", "上げ覚め", "問う今日")]
    assert pages(romaji("ja", query, docs=docs, readings=readings)) == []


def test_without_wanakana_romaji_is_searched_as_typed(engine):
    assert pages(engine("ja", "kenshuu", readings=READINGS)) == []


def test_without_readings_kana_are_searched_as_typed(engine):
    assert pages(engine("ja", "けんしゅう")) == []


def test_katakana_and_kana_mostly_unread_are_not_taken_for_readings(engine):
    readings = {**READINGS, "とれ": ["取れ"], "ほげ": ["保"]}
    docs = [*DOCS, doc("principles/x/", "取れにんぐ", "保ふがぴよ")]
    assert pages(engine("ja", "トレーニング", docs=docs, readings=readings)) == []
    assert pages(engine("ja", "ほげふがぴよ", docs=docs, readings=readings)) == []
    # Read mostly as known words, the same kana do find the page.
    assert pages(engine("ja", "ほげふが", docs=docs, readings=readings)) == ["principles/x/"]


def test_kana_that_stand_in_the_text_are_searched_as_typed_first(engine):
    docs = [
        *DOCS,
        doc("principles/kana/", "ひらがなの頁", "けんしゅうと書いた頁です。"),
    ]
    found = pages(engine("ja", "けんしゅう", docs=docs, readings=READINGS))
    assert found[0] == "principles/kana/"
    assert "principles/leave-no-one-behind/" in found


def test_the_documents_in_the_worker_are_searched_not_those_sent_with_setup(engine):
    """The build puts each language's index in its worker; Material's SETUP carries none."""
    mine = [doc("", "ホーム", "概要"), doc("principles/own/", "自前の頁", "内蔵の索引です。")]
    assert pages(engine("ja", "内蔵", docs=[doc("x/", "x", "y")], embedded=mine)) == [
        "principles/own/"
    ]
    assert pages(engine("ja", "研修", embedded=[])) == ["principles/leave-no-one-behind/"]


SLIPS = [
    *DOCS,
    doc("principles/empower/", "エンパワメントする", "一人ひとりをエンパワメントします。"),
    doc("principles/facilitate/", "ファシリテーターの手引き", "会議を進めます。"),
    doc("principles/vendors/", "ベンダーに頼りすぎない", "ベンダー任せにしません。"),
    doc("en/principles/dashboard/", "Dashboard", "Your assessments at a glance."),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("エンパワメンド", "principles/empower/"),  # a voiced mark slipped on (ト → ド)
        ("ミツション", "principles/mission/"),  # a small kana written large (ッ → ツ)
        ("ファシリテイター", "principles/facilitate/"),  # イ for the long vowel: one edit
        ("ヴェンダー", "principles/vendors/"),  # ヴ for ブ/ベ
        ("實證", None),  # an old kanji form, without the table the build writes: nothing
    ],
)
def test_katakana_slips_find_the_word_the_site_writes(engine, query, expected):
    found = pages(engine("ja", query, docs=SLIPS))
    assert found[:1] == ([expected] if expected else [])


def test_old_kanji_forms_are_read_as_the_forms_the_site_uses(engine):
    kanji = {"戰": "戦", "體": "体", "證": "証", "实": "実"}
    docs = [*DOCS, doc("principles/strategy/", "戦術より戦略", "道筋を描きます。")]
    assert pages(engine("ja", "戰術より戰略", docs=docs, kanji=kanji))[:1] == [
        "principles/strategy/"
    ]
    assert pages(engine("ja", "推進體制", docs=docs, kanji=kanji))[:1] == [
        "principles/command-tower/"
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dashbaord", "en/principles/dashboard/"),  # two letters swapped
        ("trainng", "en/principles/leave-no-one-behind/"),  # one dropped
        ("residentss", "en/principles/leave-no-one-behind/"),  # one added
        ("organisatiom", "en/principles/dedicated-organisation/"),  # one changed
    ],
)
def test_an_english_word_one_edit_off_finds_the_word(engine, query, expected):
    assert pages(engine("en", query + " ", docs=SLIPS))[:1] == [expected]


def test_short_words_and_known_words_are_not_corrected(engine):
    # "Team" is in the site; "teams" is a word of its own, not one edit from a missing word.
    assert pages(engine("en", "tean ", docs=SLIPS)) == []  # four letters: too short to mend
    found = pages(engine("en", "team ", docs=SLIPS))
    assert found == ["en/principles/dedicated-organisation/"]


OTHER = {
    "ja": {
        "en": {"worker": "dxp-search.en.js", "scripts": ["Latin"], "label": "英語版の語句に一致:"}
    },
    "en": {
        "ja": {
            "worker": "dxp-search.ja.js",
            "scripts": ["Han", "Hiragana", "Katakana"],
            "label": "Matched in the Japanese version:",
        }
    },
}
SCRIPTS = {"ja": ["Han", "Hiragana", "Katakana"], "en": ["Latin"]}


@pytest.fixture
def bilingual(page):
    """``search(lang, query)`` with the other language's worker loadable, as the build writes
    it; ``loads()`` lists the workers the engine asked for."""
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    workers = {}
    for lang in ("ja", "en"):
        settings = {
            "lang": lang,
            "prefixes": PREFIXES,
            "synonyms": [],
            "scripts": SCRIPTS[lang],
            "other": OTHER[lang],
        }
        docs = [d for d in DOCS if d["location"].startswith("en/") == (lang == "en")]
        workers[f"dxp-search.{lang}.js"] = (
            f"self.__dxpSearch = {json.dumps(settings)};\n"
            f"self.__dxpIndex = {json.dumps(docs)};\n{ENGINE}"
        )
    page.evaluate(
        """workers => {
            self.__loads = [];
            self.importScripts = name => {
                self.__loads.push(name);
                if (!(name in workers)) throw new Error("no such worker: " + name);
                new Function(workers[name])();
            };
            self.__workers = workers;
        }""",
        workers,
    )

    def search(lang: str, query: str) -> dict:
        page.evaluate(
            """lang => {
                self.__dxpMain = null;
                self.__loads = [];
                new Function(self.__workers["dxp-search." + lang + ".js"])();
                DxpSearch.handle({type: 0, data: {docs: []}});
            }""",
            lang,
        )
        return page.evaluate("query => DxpSearch.handle({type: 2, data: query}).data", query)

    search.loads = lambda: page.evaluate("self.__loads")
    return search


def test_english_typed_on_the_japanese_site_finds_the_japanese_page_and_says_so(bilingual):
    result = bilingual("ja", "leave no one behind")
    assert pages(result)[:1] == ["principles/leave-no-one-behind/"]
    first = result["items"][0][0]
    assert first["title"] == "誰一人取り残さない"
    assert first["text"].startswith('<p>英語版の語句に一致: <span lang="en">')
    assert "<mark>behind</mark>" in first["text"]
    assert first["terms"] == {}  # nothing to list as missing from the Japanese page
    assert bilingual.loads() == ["dxp-search.en.js"]


def test_japanese_typed_on_the_english_site_finds_the_english_page(bilingual):
    result = bilingual("en", "習熟度")
    assert pages(result)[:1] == ["en/principles/leave-no-one-behind/"]
    assert 'lang="ja"' in result["items"][0][0]["text"]
    assert all(location.startswith("en/") for location in pages(result))


def test_the_other_language_is_loaded_only_when_the_query_is_written_in_it(bilingual):
    assert pages(bilingual("ja", "研修"))[:1] == ["principles/leave-no-one-behind/"]
    assert bilingual.loads() == []
    assert pages(bilingual("en", "training"))[:1] == ["en/principles/leave-no-one-behind/"]
    assert bilingual.loads() == []


def test_a_worker_that_cannot_load_leaves_the_readers_results(bilingual, page):
    page.evaluate("delete self.__workers['dxp-search.en.js']")
    page.evaluate(
        """() => { const w = self.__workers; self.importScripts = name => {
            throw new Error("blocked " + name); }; }"""
    )
    assert bilingual("ja", "ICT化")["items"]  # ICT化 is in the Japanese text
    assert bilingual("ja", "leave no one behind")["items"] == []


def test_pages_gathering_others_come_after_the_pages_they_gather(engine):
    docs = [
        *DOCS,
        {**doc("checklist/", "チェックリスト全体", "すべての項目です。"), "aggregate": True},
        {
            **doc(
                "checklist/#command", "司令塔を置く", "推進体制の整備、研修の計画、司令塔の権限。"
            ),
            "aggregate": True,
        },
        {**doc("roles/cdo/", "CDO・司令塔", "全庁を指揮します。"), "aggregate": True},
        doc("principles/other/", "別の原則", "司令塔の話も少し出てきます。"),
    ]
    found = pages(engine("ja", "推進体制", docs=docs))
    assert found == ["principles/command-tower/", "checklist/"]
    # Asked for by name, the gathering page leads.
    assert pages(engine("ja", "チェックリスト", docs=docs))[:1] == ["checklist/"]
    # A page of its own with the word comes before a gathering page with the word.
    found = pages(engine("ja", "研修", docs=docs))
    assert found.index("principles/leave-no-one-behind/") < found.index("checklist/")


def test_a_word_the_site_lacks_is_not_matched_character_by_character(engine):
    """築 is nowhere and 構 alone is no word: 構築 is one missing word, which lowers the
    page holding the rest instead of emptying the list or matching every 構."""
    docs = [*DOCS, doc("principles/structure/", "機構の話", "構成と機構。")]
    result = engine("ja", "推進体制の構築", docs=docs)
    assert pages(result) == ["principles/command-tower/"]
    group = result["items"][0]
    assert group[0]["terms"] == {"推進体制": True, "構築": False}
    assert "<mark>構</mark>" not in json.dumps(result, ensure_ascii=False)
    # A typo of one kanji: the rest of the word finds the page, marking only the rest.
    result = engine("ja", "指令塔", docs=[*DOCS, doc("principles/finger/", "指の話", "指で押す。")])
    assert pages(result) == ["principles/command-tower/"]
    assert result["items"][0][0]["terms"] == {"指": False, "令塔": True}
    # Kana typed alone that no word holds: nothing, not every page with one of the kana.
    assert engine("ja", "ほげほげ")["items"] == []
    # One character typed alone is a word.
    assert pages(engine("ja", "例"))[:1] == ["principles/command-tower/"]


def test_a_thesaurus_group_the_site_lacks_leaves_the_query_as_typed(engine):
    synonyms = [["研修の計画", "サイロ", "部署の壁"]]
    assert pages(engine("ja", "研修の計画", synonyms=synonyms))[:1] == [
        "principles/leave-no-one-behind/"
    ]


def test_a_two_character_word_is_searched_in_the_other_language_and_one_letter_is_not(bilingual):
    assert pages(bilingual("en", "研修"))[:1] == ["en/principles/leave-no-one-behind/"]
    assert bilingual.loads() == ["dxp-search.ja.js"]
    bilingual("ja", "le")  # the first letters of "leave"
    assert bilingual.loads() == []


def test_queries_while_the_other_language_loads_are_answered_from_the_readers_pages(
    bilingual, page
):
    """On file:// the other worker loads in the background; meanwhile every query still gets
    this language's results (it once failed, and answered nothing, until the load ended)."""
    page.evaluate(
        """() => { self.importScripts = name => { self.__loads.push(name);
            return new Promise(() => {}); }; }"""
    )
    bilingual("ja", "leave no one behind")  # starts loading, never finishes
    assert page.evaluate("self.__loads") == ["dxp-search.en.js"]
    # Half of it in the Japanese text, half in English: the Japanese pages, while loading.
    result = page.evaluate("q => DxpSearch.handle({type: 2, data: q}).data", "ICT化 behind")
    assert pages(result) == ["principles/ict-vs-dx/"]
    assert page.evaluate("self.__loads") == ["dxp-search.en.js"]  # asked for once
    assert page.js_errors == []


def test_a_worker_arriving_when_nobody_waits_for_it_does_not_take_over(bilingual, page):
    bilingual("ja", "研修")
    page.evaluate("new Function(self.__workers['dxp-search.en.js'])()")
    assert page.evaluate("DxpSearch.settings.lang") == "ja"
    assert pages(page.evaluate("q => DxpSearch.handle({type: 2, data: q}).data", "研修"))[:1] == [
        "principles/leave-no-one-behind/"
    ]


def test_a_kanji_the_site_has_is_never_read_as_another(engine):
    docs = [
        *DOCS,
        doc("principles/week/", "週の予定", "毎週の会議。"),
        doc("principles/round/", "周知", "周知します。"),
    ]
    assert pages(engine("ja", "周知", docs=docs, kanji={"周": "週"}))[:1] == ["principles/round/"]


def keyworded(docs: list, location: str, *words: object) -> list:
    """``docs`` with ``keywords`` on the page at ``location``, as the build puts them there."""
    return [
        {**entry, "keywords": list(words)} if entry["location"] == location else entry
        for entry in docs
    ]


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ja", "問い合わせ先", "principles/command-tower/"),  # a keyword as typed
        ("ja", "責任者の問い合わせ先", "principles/command-tower/"),  # beside a word it lacks
        ("en", "point of contact", "en/principles/command-tower/"),
        ("en", "contacts", "en/principles/command-tower/"),  # stemmed like the title
    ],
)
def test_a_pages_keywords_find_it_and_are_never_shown(engine, lang, query, expected):
    docs = keyworded(DOCS, "principles/command-tower/", "問い合わせ先", "相談窓口")
    docs = keyworded(docs, "en/principles/command-tower/", "point of contact", 5, None)
    result = engine(lang, query, docs)
    assert pages(result)[:1] == [expected]
    # What the dialog shows: titles and text, never the keywords.
    shown = " ".join(item["title"] + item["text"] for group in result["items"] for item in group)
    assert "問い合わせ" not in shown, shown
    assert "contact" not in shown, shown


def test_a_keyword_counts_above_the_text_so_its_page_comes_first(engine):
    """推進体制 stands in the text of 司令塔を置く; as another page's keyword, that page leads."""
    assert pages(engine("ja", "推進体制")) == ["principles/command-tower/"]
    docs = keyworded(DOCS, "principles/mission/", "推進体制")
    assert pages(engine("ja", "推進体制", docs))[:2] == [
        "principles/mission/",
        "principles/command-tower/",
    ]


#: Words written joined or apart: the site's spelling, and a reader's other one.
PUNCTUATED = [
    doc("en/", "Municipal DX Playbook", "Principles for digital transformation."),
    doc("en/downloads/", "Downloads", "The offline edition opens from a folder."),
    doc("en/principles/beyond-rpa/", "Beyond RPA", "Robots copy the old steps."),
    doc("en/principles/words/", "Words as tools", "Slogans such as e-government and smart city."),
    doc("en/principles/govern/", "Office rules", "Governance of the government office."),
    doc("en/principles/ratio/", "Ratios", "Half the staff, 15 teams, a line of 1.5 metres."),
    doc("downloads/", "ダウンロード", "オフライン版(offline)とRPAの資料。"),
]


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "off-line edition", "en/downloads/"),  # the site writes it as one word
        ("en", "R.P.A.", "en/principles/beyond-rpa/"),  # an initialism written with dots
        ("en", "r.p.a", "en/principles/beyond-rpa/"),
        ("ja", "R.P.A.", "downloads/"),
        ("ja", "off-line", "downloads/"),
    ],
)
def test_letters_joined_by_hyphens_or_dots_find_the_word_the_site_writes(
    engine, lang, query, expected
):
    assert pages(engine(lang, query + " ", docs=PUNCTUATED))[:1] == [expected]


def test_a_hyphenated_word_the_site_writes_apart_is_searched_as_its_words(engine):
    """e-government is not a word of its own: its pieces, held as a phrase, lead."""
    for query in ("e-government ", "E GOVERNMENT ", "e government "):
        found = pages(engine("en", query, docs=PUNCTUATED))
        assert found[:1] == ["en/principles/words/"], (query, found)


def test_digits_joined_by_a_dot_are_not_run_together(engine):
    """1.5 is not 15: the page holding 1.5 is found, the one holding 15 only as a piece."""
    assert pages(engine("en", "1.5 metres ", docs=PUNCTUATED))[:1] == ["en/principles/ratio/"]
    assert pages(engine("en", "15 ", docs=PUNCTUATED)) == ["en/principles/ratio/"]
