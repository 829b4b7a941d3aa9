"""Ranked full-text search over evidence pages (current revisions only), with filters.

Two indexes per engine (store/search_index.py), chosen per query by ``choose_index``:
- bigram (default): every query of 1 character (prefix), 2 characters or a longer phrase, ranked
  by bm25 (SQLite FTS5) or ts_rank (PostgreSQL, tsvector + GIN);
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

from store.search_tokens import (
    fts5_match,
    is_cjk,
    query_terms,
    query_words,
    tsquery_literal,
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
) -> list[PageHit]:
    """The most relevant pages for ``query``, best first. Never raises on odd queries: one
    without a letter, digit or ideograph finds nothing."""
    filters = filters or Filters()
    if unit_id is not None:
        filters = replace(filters, unit_ids=(unit_id,))
    if department_id is not None:
        filters = replace(filters, department_ids=(department_id,))
    stmt = _statement(session.get_bind().dialect.name, query, filters, limit, index)
    if stmt is None:
        return []
    rows = session.connection().execute(*stmt).all()
    return [PageHit(r[0], r[1], r[2], r[3], r[4], float(r[5] or 0)) for r in rows]


def explain(
    session: Session, query: str, filters: Filters | None = None, index: str | None = None
) -> str:
    """The engine's plan for a search (PostgreSQL EXPLAIN, SQLite EXPLAIN QUERY PLAN)."""
    dialect = session.get_bind().dialect.name
    prefix = "EXPLAIN " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    stmt = _statement(dialect, query, filters or Filters(), 20, index, prefix)
    if stmt is None:
        return ""
    rows = session.connection().execute(*stmt)
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def _statement(
    dialect: str, query: str, filters: Filters, limit: int, index: str | None, prefix: str = ""
):
    terms = query_terms(query)
    if not terms:
        return None
    index = index or choose_index(query)
    if index == "trigram" and any(len(w) < 3 for w in query_words(query)):
        index = "bigram"  # a trigram index cannot answer a word under 3 characters
    where, params, expanding = filters.where()
    params["limit"] = limit
    if dialect == "postgresql":
        sql = _pg_sql(index, query, terms, where, params)
    else:
        sql = _sqlite_sql(index, query, terms, where, params)
    expand = (bindparam(n, expanding=True) for n in expanding)
    return text(prefix + sql).bindparams(*expand), params


# One join condition: a page of the current revision. (Joining the revision table as well, on
# two correlated conditions, made PostgreSQL expect one row and filter every page instead.)
_CURRENT = "JOIN evidence e ON e.current_revision_id = p.revision_id"


def _sqlite_sql(index: str, query: str, terms, where: list[str], params: dict) -> str:
    if index == "trigram":
        words = query_words(query)
        params["match"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        table = "evidence_fts"
    else:
        params["match"] = fts5_match(terms)
        table = "evidence_bigram"
    cond = " AND ".join(where) or "1"
    return (
        f"SELECT p.id, p.revision_id, e.id, p.page, p.text, -m.score FROM "
        f"(SELECT rowid AS id, bm25({table}) AS score FROM {table} WHERE {table} MATCH :match) m "
        f"JOIN evidencepage p ON p.id = m.id {_CURRENT} WHERE {cond} "
        f"ORDER BY m.score LIMIT :limit"
    )


def _pg_sql(index: str, query: str, terms, where: list[str], params: dict) -> str:
    params["q"] = tsquery_literal(terms)
    rank = "ts_rank(p.search_vector, CAST(:q AS tsquery), 1)"
    if index == "trigram":
        for n, w in enumerate(query_words(query)):
            params[f"w{n}"] = _like(w)
            where = [*where, f"p.search_text ILIKE :w{n}"]
    else:
        where = [*where, "p.search_vector @@ CAST(:q AS tsquery)"]
    return (
        f"SELECT p.id, p.revision_id, e.id, p.page, p.text, {rank} AS score "
        f"FROM evidencepage p {_CURRENT} WHERE {' AND '.join(where)} "
        f"ORDER BY score DESC, p.id LIMIT :limit"
    )


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
