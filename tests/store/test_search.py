"""Ranked search on both engines: bigram and trigram indexes, filters, hostile queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from store.db import session_scope
from store.search import Filters, choose_index, search_pages
from store.search_tokens import fts5_match, index_tokens, query_terms, tsquery_literal
from tests.store.search_helpers import Corpus


def test_bigram_tokens_and_queries():
    assert index_tokens("创业担保贷款。GB/T 9704") == [
        "创业", "业担", "担保", "保贷", "贷款", "款", "gb", "t", "9704"
    ]  # fmt: skip
    assert index_tokens("年") == ["年"]
    assert fts5_match(query_terms("创业 款")) == '"创业" AND "款"*'
    assert fts5_match(query_terms("2020年5月")) == '"2020" + "年" + "5" + "月"*'
    assert tsquery_literal(query_terms("担保贷款")) == "('担保' <-> '保贷' <-> '贷款')"
    assert query_terms('"" * ( ) : -') == []
    assert fts5_match(query_terms('NEAR("a")')) == '"near" + "a"*'


@pytest.fixture
def corpus(pioneer_home):
    with session_scope() as session:
        yield Corpus(session)


def _titles(session, query: str, **kw) -> list[str]:
    hits = search_pages(session, query, **kw)
    ids = [h.evidence_id for h in hits]
    names = dict(session.execute(text("SELECT id, title FROM evidence")).all())
    return [names[i] for i in ids]


def test_two_character_queries_are_ranked_by_relevance_not_by_id(corpus):
    s = corpus.session
    corpus.add("一次", "关于做好就业工作的通知，其中提到创业一次，其余都是就业服务的内容和要求。")
    corpus.add("多次", "创业培训、创业担保贷款、创业孵化基地：扶持创业，带动就业。")
    corpus.add("没有", "关于做好就业工作的通知。")
    assert _titles(s, "创业") == ["多次", "一次"]
    assert _titles(s, "创业 孵化") == ["多次"]


def test_one_character_is_a_prefix_and_phrases_cross_lines_and_digits(corpus):
    s = corpus.session
    corpus.add("贷款", "发放创业担保贷款。")
    corpus.add("款项", "专项款项拨付到位")
    corpus.add("日期", "兖政办发〔２０２０〕５号\n2020年5月6日印发")
    assert sorted(_titles(s, "款")) == ["款项", "贷款"]
    assert _titles(s, "担保贷") == ["贷款"]
    assert _titles(s, "2020年5月") == ["日期"]
    assert _titles(s, "〔2020〕5号") == ["日期"]  # full-width in the file, NFKC in the index
    assert _titles(s, "贷款。") == ["贷款"]


def test_filters_by_units_department_requirement_and_date(corpus):
    s = corpus.session
    corpus.add("甲县通知", "创业工作通知", unit="甲县", doc_date=dt.date(2020, 3, 1))
    corpus.add("乙县通知", "创业工作通知", unit="乙县", doc_date=dt.date(2020, 9, 1))
    corpus.add("财政", "创业工作通知", unit="甲县", dept="县财政局", reqs=("2.1.1",))
    units = corpus.units
    assert sorted(_titles(s, "创业", filters=Filters(unit_ids=(units["甲县"],)))) == [
        "甲县通知",
        "财政",
    ]
    assert sorted(_titles(s, "创业", filters=Filters(unit_ids=tuple(units.values())))) == [
        "乙县通知",
        "甲县通知",
        "财政",
    ]
    assert _titles(s, "创业", filters=Filters(unit_ids=())) == []
    dept = corpus.depts["甲县/县财政局"]
    assert _titles(s, "创业", filters=Filters(department_ids=(dept,))) == ["财政"]
    assert _titles(s, "创业", filters=Filters(requirement_ids=("2.1.1",))) == ["财政"]
    june = dt.date(2020, 6, 1)
    assert _titles(s, "创业", filters=Filters(date_from=june)) == ["乙县通知"]
    assert _titles(s, "创业", filters=Filters(date_to=june)) == ["甲县通知"]
    assert _titles(s, "创业工作", filters=Filters(date_to=june), index="trigram") == ["甲县通知"]


def test_only_the_current_revision_is_found(corpus):
    s = corpus.session
    eid = corpus.add("旧", "孵化基地")
    new_id = corpus.add("新", "没有那个词")
    s.execute(
        text("UPDATE evidence SET current_revision_id = (SELECT current_revision_id FROM "
             "evidence WHERE id = :n) WHERE id = :o"),
        {"n": new_id, "o": eid},
    )  # fmt: skip
    assert _titles(s, "孵化") == []


HOSTILE = [
    '"',
    '""',
    "'",
    "\\",
    "*",
    "创*",
    "NEAR(创业 培训)",
    "创业 NEAR 培训",
    "创业 OR 培训",
    "创业 AND",
    "NOT 创业",
    "-创业",
    "^创业",
    "(((创业",
    "创业)",
    "text:创业",
    "evidence_bigram:创业",
    '创业" OR "1"="1',
    "'; DROP TABLE evidence; --",
    "\x00创业\x07",
    "创\u200b业",
    "创业" * 3000,
    "%_%",
    "{创业}",
    "创业:*",
    "创业 <-> 培训",
    "!创业 & |培训",
    "a" * 5000,
    "１２３",
    "\u3000",
]


@pytest.mark.parametrize("index", ["bigram", "trigram"])
def test_hostile_queries_never_error(corpus, index):
    s = corpus.session
    corpus.add("通知", '创业培训通知，创业业务。"引号" NEAR AND OR NOT 100%_done')
    for q in HOSTILE:
        hits = search_pages(s, q, index=index)
        assert isinstance(hits, list), q
    assert [h.page for h in search_pages(s, '"创业"')] == [0]
    assert search_pages(s, "\x00创业\x07") and search_pages(s, "创\u200b业")
    assert [h.page for h in search_pages(s, "100%_done")] == [0]
    assert search_pages(s, "%_%") == []


def test_trigram_is_chosen_for_substrings_of_letters_and_digits(corpus):
    s = corpus.session
    corpus.add("标准", "依据GB/T9704-2012编排")
    assert choose_index("9704") == "trigram" and choose_index("创业担保") == "bigram"
    assert choose_index("创业 97") == "bigram"
    assert _titles(s, "9704") == ["标准"]  # inside the token t9704: the trigram index finds it
    assert _titles(s, "9704", index="bigram") == []


def test_a_common_query_is_ranked_among_a_bounded_set_of_candidates(corpus):
    s = corpus.session
    corpus.add("最相关", "创业创业创业创业")
    corpus.add("较新一", "创业工作")
    corpus.add("较新二", "创业服务")
    assert _titles(s, "创业", candidates=0)[0] == "最相关"  # 0: rank every match
    capped = _titles(s, "创业", candidates=2)
    assert len(capped) == 2
    if s.get_bind().dialect.name == "sqlite":
        assert sorted(capped) == ["较新一", "较新二"]  # the newest two
