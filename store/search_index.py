"""The search indexes over ``EvidencePage.search_text`` and how they are kept current.

SQLite:
- ``evidence_fts``: FTS5, trigram tokenizer, external content (the page table), kept by triggers;
- ``evidence_bigram``: FTS5 over the bigram tokens (store/search_tokens.py), unicode61 tokenizer;
  written here on every ORM insert/update of a page, emptied by a trigger on delete.

PostgreSQL:
- ``evidencepage.search_vector``: tsvector of the bigram tokens, GIN index
  ``ix_evidencepage_search_vector``; written here, as a literal (no text-search parser);
- ``ix_evidencepage_search_trgm``: pg_trgm GIN over ``search_text`` (substring search).

``rebuild`` recomputes every one of them from the stored page text (after an upgrade or a
restore); the migration that created them uses the same statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import attributes

from store.evidence_tables import EvidencePage
from store.search_tokens import index_document, tsvector_literal

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5("
    "search_text, content='evidencepage', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER evidencepage_ai AFTER INSERT ON evidencepage BEGIN "
    "INSERT INTO evidence_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER evidencepage_ad AFTER DELETE ON evidencepage BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "DELETE FROM evidence_bigram WHERE rowid = old.id; END",
    "CREATE TRIGGER evidencepage_au AFTER UPDATE OF search_text ON evidencepage BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO evidence_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_BIGRAM = "CREATE VIRTUAL TABLE evidence_bigram USING fts5(tokens, tokenize='unicode61', prefix='1')"  # prefix='1': one doclist per first character, so 创* is one read, not a merge
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS evidencepage_ai",
    "DROP TRIGGER IF EXISTS evidencepage_ad",
    "DROP TRIGGER IF EXISTS evidencepage_au",
    "DROP TABLE IF EXISTS evidence_fts",
    "DROP TABLE IF EXISTS evidence_bigram",
]
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE evidencepage ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS ix_evidencepage_search_vector ON evidencepage "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS ix_evidencepage_search_trgm ON evidencepage "
    "USING gin (search_text gin_trgm_ops)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS ix_evidencepage_search_trgm",
    "DROP INDEX IF EXISTS ix_evidencepage_search_vector",
    "ALTER TABLE evidencepage DROP COLUMN IF EXISTS search_vector",
]


def create(conn: Connection) -> None:
    """Create the indexes (empty on SQLite's bigram side; call ``rebuild`` to fill)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(SQLITE_BIGRAM)
        for statement in SQLITE_CREATE:
            conn.exec_driver_sql(statement)
    elif conn.dialect.name == "postgresql":
        for statement in PG_CREATE:
            conn.exec_driver_sql(statement)


def drop(conn: Connection) -> None:
    for statement in SQLITE_DROP if conn.dialect.name == "sqlite" else PG_DROP:
        conn.exec_driver_sql(statement)


def index_pages(conn: Connection, pages: Iterable[tuple[int, str]]) -> None:
    """(Re)write the bigram index entries of these (page id, search_text) pairs."""
    rows = list(pages)
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("DELETE FROM evidence_bigram WHERE rowid = :id"), [{"id": i} for i, _ in rows]
        )
        conn.execute(
            text("INSERT INTO evidence_bigram(rowid, tokens) VALUES (:id, :tokens)"),
            [{"id": i, "tokens": index_document(t)} for i, t in rows],
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text("UPDATE evidencepage SET search_vector = CAST(:v AS tsvector) WHERE id = :id"),
            [{"id": i, "v": tsvector_literal(t)} for i, t in rows],
        )


BATCH = 500


def rebuild(
    conn: Connection,
    normalise: Callable[[str], str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Rebuild every search index from the stored page text; returns the pages indexed.

    With ``normalise``, ``search_text`` is first recomputed from ``text`` (the text as written)
    by that function, so new normalisation rules reach old pages.
    """
    total = conn.execute(text("SELECT count(*) FROM evidencepage")).scalar_one()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("DELETE FROM evidence_bigram")
    done, last = 0, 0
    while True:
        rows = conn.execute(
            text(
                "SELECT id, text, search_text FROM evidencepage WHERE id > :last "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        pairs = []
        for page_id, written, search_text in rows:
            if normalise is not None:
                fresh = normalise(written or "")
                if fresh != search_text:
                    conn.execute(
                        text("UPDATE evidencepage SET search_text = :t WHERE id = :id"),
                        {"t": fresh, "id": page_id},
                    )
                search_text = fresh
            pairs.append((page_id, search_text or ""))
        if sqlite:
            conn.execute(
                text("INSERT INTO evidence_bigram(rowid, tokens) VALUES (:id, :tokens)"),
                [{"id": i, "tokens": index_document(t)} for i, t in pairs],
            )
        else:
            index_pages(conn, pairs)
        done += len(rows)
        last = rows[-1][0]
        if progress:
            progress(done, total)
    if sqlite:
        conn.exec_driver_sql("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")
        conn.exec_driver_sql("INSERT INTO evidence_bigram(evidence_bigram) VALUES ('optimize')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE evidence, evidencerevision, evidencepage, evidencelink")
    return done


# -- kept current on every ORM write of a page ---------------------------------------------------


@event.listens_for(EvidencePage, "after_insert")
def _page_inserted(_mapper, conn: Connection, page: EvidencePage) -> None:
    index_pages(conn, [(page.id, page.search_text or "")])


@event.listens_for(EvidencePage, "after_update")
def _page_updated(_mapper, conn: Connection, page: EvidencePage) -> None:
    if attributes.get_history(page, "search_text").has_changes():
        index_pages(conn, [(page.id, page.search_text or "")])
