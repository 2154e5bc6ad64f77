"""The evaluation's query file (tests/search_queries.yml) stays valid as the content changes."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from search_eval import QUERIES, load_queries


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
