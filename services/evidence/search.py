"""Ranked evidence search for a person: what they may see, filtered, one hit per document,
with the search's own time (``took_ms``, as Elasticsearch reports ``took``); and rebuilding every
search index from the stored page text (``pioneer evidence reindex``)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import select

from evidence.normalize import normalize_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput
from store import search_index
from store.db import session_scope
from store.evidence_tables import COUNTED, Evidence
from store.search import Filters, choose_index, search_pages
from store.search_snippet import snippet
from store.search_tokens import clean_query  # noqa: F401  (the command line cleans with it too)


@dataclass(frozen=True)
class SearchHit:
    evidence_id: int
    title: str
    original_name: str
    department: str
    page: int
    snippet: str
    requirements: tuple[str, ...]
    score: float = 0.0


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    took_ms: float
    index: str  # "bigram" | "trigram"


def _filters(
    actor: Actor,
    unit_ids: tuple[int, ...] | None,
    department_id: int | None,
    requirements: tuple[str, ...] | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> Filters:
    depts = (department_id,) if department_id is not None else None
    if actor.role == "department":  # a department sees its own evidence, whatever it asks for
        own = actor.department_id if actor.department_id is not None else -1
        depts = (own,) if depts in (None, (own,)) else ()
    if date_from and date_to and date_from > date_to:
        raise InvalidInput("成文日期的起始日期晚于截止日期")
    return Filters(
        unit_ids=unit_ids,
        department_ids=depts,
        requirement_ids=requirements,
        date_from=date_from,
        date_to=date_to,
        approved_only=actor.role == "viewer",
    )


def search_evidence(
    actor: Actor,
    query: str,
    *,
    unit_id: int | None = None,
    unit_ids: list[int] | tuple[int, ...] | None = None,
    department_id: int | None = None,
    requirements: list[str] | tuple[str, ...] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 30,
) -> SearchResult:
    """The documents that best match ``query``, best first; ``unit_ids`` is a unit subtree as
    the caller computed it (``unit_id`` is one unit)."""
    start = time.perf_counter()
    query = clean_query(query)
    units = tuple(unit_ids) if unit_ids is not None else None
    if unit_id is not None:
        units = (unit_id,) if units is None else tuple(u for u in units if u == unit_id)
    with session_scope() as session:  # never beyond the units the actor may read
        if unit_id is not None:
            access.require_read_unit(actor, unit_id, session)
        if actor.role == "inspector" or access.home_unit(actor, session) is not None:
            scope = access.readable_units(actor, session)
            units = tuple(sorted(scope)) if units is None else tuple(u for u in units if u in scope)
    reqs = tuple(clean_query(r)[:20] for r in requirements[:100]) if requirements else None
    filters = _filters(actor, units, department_id, reqs, date_from, date_to)
    index = choose_index(query)
    with session_scope() as session:
        pages = search_pages(session, query, filters=filters, limit=limit * 3, index=index)
        hits = _hits(session, actor, pages, query, limit)
    return SearchResult(hits, round((time.perf_counter() - start) * 1000, 1), index)


def _hits(session, actor: Actor, pages, query: str, limit: int) -> list[SearchHit]:
    from services.evidence.query import _items, _visible

    ids = {p.evidence_id for p in pages}
    evs = session.exec(
        select(Evidence).where(
            Evidence.id.in_(ids),  # type: ignore[attr-defined]
            Evidence.status.in_(COUNTED),  # type: ignore[attr-defined]  (a withdrawn file leaves search)
        )
    ).all()
    items = {i.id: i for i in _items(session, [e for e in evs if _visible(actor, e)])}
    seen: dict[int, SearchHit] = {}
    for p in pages:
        item = items.get(p.evidence_id)
        if item is None or p.evidence_id in seen:
            continue
        seen[p.evidence_id] = SearchHit(
            p.evidence_id,
            item.title,
            item.original_name,
            item.department,
            p.page + 1,
            snippet(p.text, query),
            item.requirements,
            round(p.score, 6),
        )
        if len(seen) >= limit:
            break
    return list(seen.values())


def search(actor: Actor, query: str, *, unit_id: int | None = None, limit: int = 30, **filters):
    """The hits of ``search_evidence`` alone."""
    return search_evidence(actor, query, unit_id=unit_id, limit=limit, **filters).hits


def reindex(actor: Actor, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute each page's normalised copy from its text as written and rebuild every search
    index from it; returns the pages indexed. For after an upgrade or a restore."""
    actor.require("office", action="重建检索索引")
    with session_scope() as session:
        n = search_index.rebuild(session.connection(), normalize_text, progress)
        audit.record(session, actor, "evidence.reindex", "evidencepage", None, after={"pages": n})
    return n
