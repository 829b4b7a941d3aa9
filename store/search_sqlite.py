"""SQLite search: the newest matches of an FTS5 index as candidates, ranked by BM25 here.

FTS5's own ``bm25()`` first counts, for every phrase of the query, all the pages in the index
that hold it (its IDF), whatever the LIMIT: about 10 ms for a 4-character phrase on 30,000
pages, more than all the rest. So the candidates' normalised text is read in one statement and
ranked here by BM25 (k1 = 1.2, b = 0.75, as FTS5's):

- term frequency: occurrences of the word (its longest run of ideographs or of letters and
  digits; at least 1, since the page matched) in the page's normalised text;
- page length: its characters, against the mean over the candidates;
- IDF, for queries of several words only (one word's IDF does not change the order):
  estimated from the word's newest ``SAMPLE`` matches, by how far back in page ids they reach.

Only the final ``limit`` pages are then read with their text as written and their metadata.
"""

from __future__ import annotations

import math

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from store.search_tokens import fts5_match, is_cjk, query_words, segments

K1, B = 1.2, 0.75
SAMPLE = 200  # newest matches read to estimate a word's share of the pages

# One join condition: a page of the current revision. (Joining the revision table as well, on
# two correlated conditions, made PostgreSQL expect one row and filter every page instead.)
CURRENT = "JOIN evidence e ON e.current_revision_id = p.revision_id"

_PAGES = text(
    f"SELECT p.id, p.revision_id, e.id, p.page, p.text FROM evidencepage p {CURRENT} "
    "WHERE p.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def table(index: str) -> str:
    return "evidence_fts" if index == "trigram" else "evidence_bigram"


def matches(index: str, query: str, terms) -> list[str]:
    """One FTS5 MATCH expression per query word."""
    if index == "trigram":
        return ['"' + w.replace('"', '""') + '"' for w in query_words(query)]
    return [fts5_match([term]) for term in terms]


def candidates_sql(index: str, query: str, terms, where: list[str], params: dict) -> str:
    """The newest ``:candidates`` matching pages: their id and normalised text."""
    t = table(index)
    params["match"] = " AND ".join(matches(index, query, terms))
    cond = " AND ".join([f"{t} MATCH :match", *where])
    return (
        f"SELECT {t}.rowid, p.search_text FROM {t} JOIN evidencepage p ON p.id = {t}.rowid "
        f"{CURRENT} WHERE {cond} ORDER BY {t}.rowid DESC LIMIT :candidates"
    )


def ranked(conn: Connection, stmt, params: dict, index: str, query: str, terms, limit: int):
    """The best ``limit`` candidates, best first: (page id, revision id, evidence id, page,
    text as written, score)."""
    found = conn.execute(stmt, params).all()
    if not found:
        return []
    words = query_words(query)
    cores = words if index == "trigram" else [core(w) for w in words]
    weights = [1.0] * len(cores)
    if len(cores) > 1:
        weights = idf(conn, table(index), matches(index, query, terms))
    scores = bm25([st or "" for _, st in found], cores, weights)
    best = sorted(zip(scores, (i for i, _ in found), strict=True), key=lambda s: (-s[0], -s[1]))
    best = best[:limit]
    rows = {r[0]: r for r in conn.execute(_PAGES, {"ids": [i for _, i in best]}).all()}
    return [(*rows[i], score) for score, i in best if i in rows]


def bm25(texts: list[str], cores: list[str], weights: list[float]) -> list[float]:
    """BM25 of each text for the words ``cores`` (IDF ``weights``), length against the mean."""
    if not texts:
        return []
    lengths = [len(t) for t in texts]
    mean = max(1.0, sum(lengths) / len(lengths))
    norms = [K1 * (1 - B + B * n / mean) for n in lengths]
    scores = [0.0] * len(texts)
    for word, weight in zip(cores, weights, strict=True):
        letters = any(ch.isalpha() and not is_cjk(ch) for ch in word)
        source = [t.lower() for t in texts] if letters else texts
        for i, (t, norm) in enumerate(zip(source, norms, strict=True)):
            tf = t.count(word) or 1
            scores[i] += weight * tf * (K1 + 1) / (tf + norm)
    return scores


def core(word: str) -> str:
    """The part of a query word counted in a page's text: its longest run of ideographs or of
    letters and digits (punctuation between runs may differ in the page)."""
    return max(segments(word), key=len, default=word)


def idf(conn: Connection, t: str, phrases: list[str]) -> list[float]:
    """BM25's IDF of each word, ln(1 + (N - n + 0.5) / (n + 0.5)), with N the highest page id
    and n the word's pages: exact below ``SAMPLE`` matches, else extrapolated from how many page
    ids its ``SAMPLE`` newest matches span."""
    top = conn.execute(text("SELECT coalesce(max(id), 0) FROM evidencepage")).scalar_one()
    sample = text(
        f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {t} WHERE {t} MATCH :m "
        f"ORDER BY rowid DESC LIMIT {SAMPLE})"
    )
    out = []
    for phrase in phrases:
        found, oldest = conn.execute(sample, {"m": phrase}).one()
        pages = found if found < SAMPLE else found * top / max(1, top - oldest + 1)
        out.append(math.log(1 + (max(top, pages) - pages + 0.5) / (pages + 0.5)))
    return out
