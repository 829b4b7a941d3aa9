"""PostgreSQL answers searches from its indexes (GIN over the bigram tsvector), not by reading
and filtering every page (the plan the issue found: Nested Loop … Filter: text ~~* …)."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from store import search, search_index
from store.db import session_scope
from store.search import Filters, explain, search_pages
from tests.conftest import PG_URL
from tests.store.search_helpers import Corpus

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL plans (PIONEER_TEST_DATABASE_URL)")

WORDS = [
    "就业",
    "培训",
    "服务",
    "工作",
    "通知",
    "社会",
    "保障",
    "人员",
    "企业",
    "管理",
    "落实",
    "推进",
    "开展",
    "组织",
    "部门",
    "单位",
]


def _pages(session, rare: dict[str, int]) -> Corpus:
    """4,000 pages of 120 common words over 200 files in 20 units; ``rare`` word: on every n-th
    page."""
    rnd = random.Random(7)
    corpus = Corpus(session)
    ids = [corpus.add(f"材料{n}", "", unit=f"县{n % 20}") for n in range(200)]
    revs = dict(session.execute(text("SELECT id, current_revision_id FROM evidence")).all())
    rows = []
    for n in range(4000):
        words = rnd.choices(WORDS, k=120)
        words += [word for word, every in rare.items() if n % every == 0]
        rows.append({"r": revs[ids[n % 200]], "p": n + 1, "t": "，".join(words)})
    conn = session.connection()
    conn.execute(
        text("INSERT INTO evidencepage (revision_id, page, text, search_text, source) "
             "VALUES (:r, :p, :t, :t, 'text')"),
        rows,
    )  # fmt: skip
    search_index.rebuild(conn)  # fills the tsvectors and ANALYZEs
    return corpus


def test_province_wide_and_one_unit_searches_use_indexes(pioneer_home):
    with session_scope() as session:
        corpus = _pages(session, {"孵化基地": 100})
        plan = explain(session, "孵化基地")
        assert "ix_evidencepage_search_vector" in plan, plan
        assert "Seq Scan on evidencepage" not in plan, plan
        assert len(search_pages(session, "孵化基地", limit=100)) == 40
        one = explain(session, "孵化", Filters(unit_ids=(corpus.units["县3"],)))
        assert "Seq Scan on evidencepage" not in one, one
        assert "Index" in one, one


def test_a_word_on_a_tenth_of_the_pages_is_found_through_the_index(pioneer_home, monkeypatch):
    """Under the candidates' LIMIT the planner read pages in order and checked each one's
    tsvector until it had enough (Seq Scan … Filter): cheap for a word on most pages, 5× slower
    than the GIN bitmap for one on a tenth of them (茶, bench/search.py)."""
    monkeypatch.setattr(search, "CANDIDATES", 40)  # 400 matches: ten times the bound, as 茶 had
    with session_scope() as session:
        _pages(session, {"茶叶": 10})
        plan = explain(session, "茶")
        assert "ix_evidencepage_search_vector" in plan, plan
        assert "Seq Scan on evidencepage" not in plan, plan
        assert len(search_pages(session, "茶", limit=20)) == 20
        common = explain(session, "就业")  # on nearly every page: reading in order is best
        assert "Bitmap Index Scan" not in common, common
