"""Ranking of search hits: BM25 over the candidates on SQLite (store/search_sqlite.py), and the
candidate bound on both engines."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import text

from store import search, search_sqlite
from store.db import session_scope
from store.search import search_pages
from tests.store.search_helpers import Corpus


@pytest.fixture
def corpus(pioneer_home):
    with session_scope() as session:
        yield Corpus(session)


def _sqlite(corpus) -> None:
    if corpus.session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite ranking")


def test_bm25_counts_occurrences_against_page_length():
    pages = ["创业" + "就业" * 40, "创业" + "就业" * 5, "创业创业创业" + "就业" * 40]
    short_once, long_thrice = search_sqlite.bm25(pages, ["创业"], [1.0])[1:]
    long_once = search_sqlite.bm25(pages, ["创业"], [1.0])[0]
    assert short_once > long_once and long_thrice > long_once
    # a page that matched through punctuation the word does not have still counts once
    assert search_sqlite.bm25(["创业，培训"], ["创业培训"], [1.0])[0] > 0
    assert search_sqlite.core("〔2020〕5号") == "2020"
    assert search_sqlite.bm25(["GB/T 9704"], ["gb"], [1.0]) == search_sqlite.bm25(
        ["gb/t 9704"], ["gb"], [1.0]
    )


def test_a_rare_word_of_the_query_weighs_more_than_a_common_one(corpus, monkeypatch):
    _sqlite(corpus)
    monkeypatch.setattr(search_sqlite, "SAMPLE", 3)  # 创业 extrapolated, 茶叶 counted
    for n in range(12):
        corpus.add(f"普通{n}", "创业工作通知")
    corpus.add("多创业", "创业创业创业创业茶叶，其余文字其余文字")
    corpus.add("多茶叶", "创业茶叶茶叶茶叶茶叶，其余文字其余文字")
    weights = search_sqlite.idf(
        corpus.session.connection(), "evidence_bigram", ['"创业"', '"茶叶"']
    )
    assert weights[0] < weights[1]
    top = 14  # pages; 茶叶 on 2 of them (exact below the sample)
    assert weights[1] == pytest.approx(math.log(1 + (top - 2 + 0.5) / 2.5))
    hits = search_pages(corpus.session, "创业 茶叶")
    names = dict(corpus.session.execute(text("SELECT id, title FROM evidence")).all())
    assert [names[h.evidence_id] for h in hits] == ["多茶叶", "多创业"]
    assert hits[0].score > hits[1].score > 0


def test_the_candidate_bound_never_cuts_below_the_limit(corpus, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "SQLITE_CANDIDATES", 2)
    for n in range(5):
        corpus.add(f"材料{n}", "创业" * (n + 1))
    assert len(search_pages(corpus.session, "创业", limit=4)) == 4
    assert len(search_pages(corpus.session, "创业", limit=1, candidates=2)) == 1
