"""The evaluation's query file (tests/search_queries.yml) stays valid as the content changes."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from search_eval import QUERIES, load_queries, page_key, result_page


def test_every_query_names_pages_that_exist_and_every_kind_is_covered():
    queries = load_queries(QUERIES, ROOT / "docs")  # exits, naming the query, on a missing page
    assert len(queries["ja"]) >= 40
    assert len(queries["en"]) >= 20
    kinds = {lang: " ".join(query.kind for query in queries[lang]) for lang in queries}
    for kind in ("kanji compound", "katakana", "mixed scripts", "inflection", "phrase"):
        assert kind in kinds["ja"], f"no Japanese query of the kind {kind!r}"
    for kind in ("plural", "-ing", "phrase", "prefix"):
        assert kind in kinds["en"], f"no English query of the kind {kind!r}"
    texts = [(lang, query.text) for lang in queries for query in queries[lang]]
    assert len(texts) == len(set(texts)), "a query is listed twice"


def test_an_expected_folder_page_is_named_as_its_results_are():
    # Found late: "roles/index" and "index" were never matched, so queries that found them
    # counted as misses.
    base = "http://127.0.0.1:8000/"
    for url, expected in (
        (base, "index"),
        (base + "roles/", "roles/index"),
        (base + "en/roles/", "roles/index"),
        (base + "en/principles/act-now/#why", "principles/act-now"),
    ):
        assert page_key(url, base)[1] == result_page(expected), url
    held_out = ("search_eval_set.yml", "search_eval_fresh.yml", "search_eval_third.yml")
    for name in held_out:
        for lang, queries in load_queries(ROOT / "tests" / name, ROOT / "docs").items():
            assert all(not page.endswith("index") for q in queries for page in q.expect), lang
