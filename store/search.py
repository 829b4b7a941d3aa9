"""Ranked full-text search over evidence pages (current revisions only), with filters.

Two indexes per engine (store/search_index.py), chosen per query by ``choose_index``:
- bigram (default): every query of 1 character (prefix), 2 characters or a longer phrase, ranked
  by BM25 (SQLite FTS5, computed over the candidates: store/search_sqlite.py) or ts_rank
  (PostgreSQL, tsvector + GIN);
- trigram: words with letters or digits of 3+ characters, where a substring (``9704`` in
  ``GB/T9704``, ``020`` in ``〔2020〕``) must be found inside a token the bigram index keeps whole.

Filters: unit ids (a subtree, as the caller computes it), department, requirement ids, and a
成文日期 range. The query is never passed to an engine as syntax (store/search_tokens.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import bindparam, text
from sqlmodel import Session

from store.search_sqlite import CURRENT, candidates_sql, ranked
from store.search_tokens import (
    is_cjk,
    query_terms,
    query_words,
    tsquery_literal,
)

CANDIDATES = 500  # PostgreSQL: ts_rank reads each candidate's tsvector inside the server
SQLITE_CANDIDATES = (
    200  # SQLite: each candidate's text is read and ranked in Python (search_sqlite)
)


@dataclass(frozen=True)
class PageHit:
    page_id: int
    revision_id: int
    evidence_id: int
    page: int
    text: str  # as written
    score: float  # higher is more relevant


@dataclass(frozen=True)
class Filters:
    unit_ids: tuple[int, ...] | None = None  # None: every unit
    department_ids: tuple[int, ...] | None = None
    requirement_ids: tuple[str, ...] | None = None
    date_from: dt.date | None = None  # 成文日期, inclusive
    date_to: dt.date | None = None
    approved_only: bool = False

    def where(self) -> tuple[list[str], dict, list[str]]:
        """SQL conditions on ``e`` (evidence), their parameters, and expanding parameter names."""
        where, params, expanding = [], {}, []
        if self.unit_ids is not None:
            where.append("e.unit_id IN :units")
            params["units"], expanding = list(self.unit_ids) or [-1], ["units"]
        if self.department_ids is not None:
            where.append("e.department_id IN :depts")
            params["depts"] = list(self.department_ids) or [-1]
            expanding.append("depts")
        if self.requirement_ids is not None:
            where.append(
                "EXISTS (SELECT 1 FROM evidencelink l WHERE l.evidence_id = e.id "
                "AND l.requirement_id IN :reqs)"
            )
            params["reqs"] = list(self.requirement_ids) or [""]
            expanding.append("reqs")
        if self.date_from is not None:
            where.append("e.doc_date >= :date_from")
            params["date_from"] = self.date_from
        if self.date_to is not None:
            where.append("e.doc_date <= :date_to")
            params["date_to"] = self.date_to
        if self.approved_only:
            where.append("e.status = 'approved'")
        return where, params, expanding


def choose_index(query: str) -> str:
    """ "trigram" when every word is 3+ characters and one has letters or digits; else "bigram"."""
    words = query_words(query)
    long_words = bool(words) and all(len(w) >= 3 for w in words)
    if long_words and any(not is_cjk(ch) and ch.isalnum() for w in words for ch in w):
        return "trigram"
    return "bigram"


def search_pages(
    session: Session,
    query: str,
    *,
    filters: Filters | None = None,
    department_id: int | None = None,
    unit_id: int | None = None,
    limit: int = 50,
    index: str | None = None,
    candidates: int | None = None,
) -> list[PageHit]:
    """The most relevant pages for ``query``, best first. Never raises on odd queries: one
    without a letter, digit or ideograph finds nothing.

    A query that matches more than ``candidates`` pages (default ``CANDIDATES``, on SQLite
    ``SQLITE_CANDIDATES``, raised to ``limit``; 0 for all) is ranked among that many of
    them (on SQLite the newest): ranking every page that holds 创业 costs time in proportion to
    the matches, and nobody reads past the first pages of hits.
    """
    conn = session.connection()
    if candidates is None:
        default = SQLITE_CANDIDATES if conn.dialect.name == "sqlite" else CANDIDATES
        candidates = max(default, limit)
    filters = filters or Filters()
    if unit_id is not None:
        filters = replace(filters, unit_ids=(unit_id,))
    if department_id is not None:
        filters = replace(filters, department_ids=(department_id,))
    built = _statement(conn, query, filters, limit, index, candidates)
    if built is None:
        return []
    stmt, params, index = built
    if conn.dialect.name == "sqlite":
        rows = ranked(conn, stmt, params, index, query, query_terms(query), limit)
    else:
        rows = _pg_execute(conn, stmt, params, index, filters)
    return [PageHit(r[0], r[1], r[2], r[3], r[4], float(r[5] or 0)) for r in rows]


def explain(
    session: Session, query: str, filters: Filters | None = None, index: str | None = None
) -> str:
    """The engine's plan for a search (PostgreSQL EXPLAIN, SQLite EXPLAIN QUERY PLAN)."""
    conn = session.connection()
    prefix = "EXPLAIN " if conn.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    filters = filters or Filters()
    built = _statement(conn, query, filters, 20, index, CANDIDATES, prefix)
    if built is None:
        return ""
    if conn.dialect.name == "postgresql":
        rows = _pg_execute(conn, *built, filters)
    else:
        rows = conn.execute(*built[:2]).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def _statement(
    conn,
    query: str,
    filters: Filters,
    limit: int,
    index: str | None,
    candidates: int | None,
    prefix: str = "",
):
    terms = query_terms(query)
    if not terms:
        return None
    index = index or choose_index(query)
    if index == "trigram" and any(len(w) < 3 for w in query_words(query)):
        index = "bigram"  # a trigram index cannot answer a word under 3 characters
    dialect = conn.dialect.name
    where, params, expanding = filters.where()
    params["limit"] = limit
    params["candidates"] = candidates if candidates else -1 if dialect == "sqlite" else None
    if dialect == "postgresql":
        sql = _pg_sql(index, query, terms, where, params)
    else:
        sql = candidates_sql(index, query, terms, where, params)
    expand = (bindparam(n, expanding=True) for n in expanding)
    return text(prefix + sql).bindparams(*expand), params, index


RARE = 0.15  # PostgreSQL: a query the planner expects on fewer pages than this share is rare


def _pg_execute(conn, stmt, params: dict, index: str, filters: Filters) -> list:
    """Run a PostgreSQL search; a rare query over more than one unit with sequential scans
    turned off for it alone (one unit's search starts from its evidence, by index).

    Under the candidates' LIMIT the planner reads pages in order and checks each one's tsvector
    until it has enough: right for a word on most pages, but for one on a tenth of them (茶) it
    read about 4,000 pages for 500 matches, 5× slower than the GIN bitmap (60,000 pages,
    docs/benchmarks.md). The planner does not count the tsvector reads, so its own estimate of
    the matches decides instead."""
    units = filters.unit_ids
    rare = index == "bigram" and (units is None or len(units) > 1) and _rare(conn, params["q"])
    if rare:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    rows = conn.execute(stmt, params).all()
    if rare:  # (after an error the transaction ends, and the setting with it)
        conn.exec_driver_sql("SET LOCAL enable_seqscan TO DEFAULT")
    return rows


def _rare(conn, q: str) -> bool:
    plan = conn.execute(
        text(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM evidencepage "
            "WHERE search_vector @@ CAST(:q AS tsquery)"
        ),
        {"q": q},
    ).scalar_one()
    pages = conn.execute(
        text("SELECT reltuples FROM pg_class WHERE oid = 'evidencepage'::regclass")
    ).scalar_one()
    return pages > 0 and plan[0]["Plan"]["Plan Rows"] < RARE * pages


def _pg_sql(index: str, query: str, terms, where: list[str], params: dict) -> str:
    params["q"] = tsquery_literal(terms)
    if index == "trigram":
        for n, w in enumerate(query_words(query)):
            params[f"w{n}"] = _like(w)
            where = [*where, f"p.search_text ILIKE :w{n}"]
    else:
        where = [*where, "p.search_vector @@ CAST(:q AS tsquery)"]
    # the first ``candidates`` matches the index yields, then ts_rank among them
    return (
        "SELECT c.id, c.revision_id, c.eid, c.page, c.text, "
        "ts_rank(c.search_vector, CAST(:q AS tsquery), 1) AS score FROM ("
        "SELECT p.id, p.revision_id, e.id AS eid, p.page, p.text, p.search_vector "
        f"FROM evidencepage p {CURRENT} WHERE {' AND '.join(where)} LIMIT :candidates) c "
        "ORDER BY score DESC, c.id LIMIT :limit"
    )


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
