"""Full-text search over evidence page text.

SQLite: FTS5 with the trigram tokenizer; PostgreSQL: ILIKE served by a pg_trgm GIN index.
Queries with a term shorter than three characters fall back to a substring scan of the base
table, since SQLite 3.40's trigram index returns wrong, empty answers for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session


@dataclass(frozen=True)
class PageHit:
    page_id: int
    revision_id: int
    evidence_id: int
    page: int
    text: str
    hits: int


def _terms(query: str) -> list[str]:
    return [t for t in query.split() if t]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_pages(
    session: Session,
    query: str,
    *,
    department_id: int | None = None,
    unit_id: int | None = None,
    limit: int = 50,
) -> list[PageHit]:
    terms = _terms(query)
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    params: dict = {"limit": limit * 4}
    where = ["r.id = e.current_revision_id"]
    if department_id is not None:
        where.append("e.department_id = :dept")
        params["dept"] = department_id
    if unit_id is not None:
        where.append("e.unit_id = :unit")
        params["unit"] = unit_id
    use_fts = dialect == "sqlite" and all(len(t) >= 3 for t in terms)
    if use_fts:
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        source = (
            "evidence_fts JOIN evidencepage p ON p.id = evidence_fts.rowid "
            "JOIN evidencerevision r ON r.id = p.revision_id "
            "JOIN evidence e ON e.id = r.evidence_id"
        )
        where.append("evidence_fts MATCH :match")
        order = "bm25(evidence_fts)"
    else:
        source = (
            "evidencepage p JOIN evidencerevision r ON r.id = p.revision_id "
            "JOIN evidence e ON e.id = r.evidence_id"
        )
        op = "ILIKE" if dialect == "postgresql" else "LIKE"
        for n, t in enumerate(terms):
            params[f"t{n}"] = _like(t)
            where.append(f"p.text {op} :t{n} ESCAPE '\\'")
        order = "p.id"
    sql = (
        f"SELECT p.id, p.revision_id, e.id, p.page, p.text FROM {source} "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT :limit"
    )
    rows = session.exec(text(sql).bindparams(**params)).all()  # type: ignore[call-overload]
    lowered = [t.lower() for t in terms]
    hits = [
        PageHit(r[0], r[1], r[2], r[3], r[4], sum(r[4].lower().count(t) for t in lowered))
        for r in rows
    ]
    hits.sort(key=lambda h: -h.hits)  # stable: keeps bm25 order among equals
    return hits[:limit]


def snippet(page_text: str, query: str, width: int = 40) -> str:
    """Text around the first match, the matched terms marked with 【】."""
    terms = _terms(query)
    low = page_text.lower()
    pos = min((low.find(t.lower()) for t in terms if t.lower() in low), default=-1)
    if pos < 0:
        return page_text[: width * 2]
    start = max(0, pos - width)
    end = min(len(page_text), pos + width + max(len(t) for t in terms))
    piece = page_text[start:end].replace("\n", " ")
    for t in sorted(terms, key=len, reverse=True):
        piece = _mark(piece, t)
    return ("…" if start else "") + piece + ("…" if end < len(page_text) else "")


def _mark(piece: str, term: str) -> str:
    out, low, t, i = [], piece.lower(), term.lower(), 0
    while True:
        j = low.find(t, i)
        if j < 0:
            out.append(piece[i:])
            return "".join(out)
        out.append(piece[i:j] + "【" + piece[j : j + len(t)] + "】")
        i = j + len(t)
