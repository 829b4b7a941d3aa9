"""bench/search.py: generated pages of Chinese text and the rows around them, written in bulk
with their search indexes.

Sentences of an office's 创业 work, common words much more frequent than rare ones. SQLite: one
county (10,000 files × 3 pages). PostgreSQL: 2,000 units × 50 files × 3 pages.
"""

from __future__ import annotations

import random
import time

from sqlalchemy import text

from store import search_index

PAGES_PER_FILE = 3
CHARS_PER_PAGE = 450

COMMON = [
    "创业",
    "就业",
    "培训",
    "服务",
    "工作",
    "人员",
    "企业",
    "社会",
    "保障",
    "部门",
    "落实",
    "推进",
    "开展",
    "组织",
    "单位",
    "政策",
    "资金",
    "管理",
    "实施",
    "项目",
    "情况",
    "加强",
    "完善",
    "提高",
    "建立",
    "健全",
    "全面",
    "重点",
    "积极",
    "有关",
    "相关",
    "规定",
    "要求",
    "通知",
]
DOMAIN = [
    "创业担保贷款",
    "创业培训",
    "创业孵化基地",
    "创业服务中心",
    "领导小组",
    "工作领导小组",
    "成员单位",
    "创业型城市",
    "考核评估",
    "一次性创业补贴",
    "返乡创业",
    "大学生创业",
    "就业困难人员",
    "公共就业服务",
    "创业带动就业",
    "小微企业",
    "贷款贴息",
    "职业技能培训",
    "创业指导",
    "创业导师",
    "创业大赛",
    "孵化器",
    "众创空间",
    "台账",
    "绩效",
    "督查",
    "通报",
    "简报",
    "宣传",
    "典型",
    "经验",
    "做法",
    "成效",
    "问题",
    "整改",
]
RARE = [
    "量子",
    "区块链",
    "碳中和",
    "直播带货",
    "非遗",
    "民宿",
    "冷链",
    "电商",
    "光伏",
    "茶叶",
    "蚕桑",
    "陶瓷",
]
JOIN = "，、。；：的和与及在对为按由将把".replace("", " ").split()


def page_text(rnd: random.Random) -> str:
    """~450 characters: mostly common words, a share of domain phrases, a rare word now and
    then; punctuation and line breaks between phrases."""
    out, n = [], 0
    while n < CHARS_PER_PAGE:
        r = rnd.random()
        word = (
            rnd.choice(RARE) if r < 0.01 else rnd.choice(DOMAIN) if r < 0.25 else rnd.choice(COMMON)
        )
        sep = "\n" if rnd.random() < 0.05 else rnd.choice(JOIN)
        out.append(word + sep)
        n += len(word) + 1
    return "".join(out)


# -- data ----------------------------------------------------------------------------------------


POOL = 6000  # distinct pages; larger sets repeat them (the term statistics stay the same)


def pool(rnd: random.Random, n: int) -> list[dict]:
    from evidence.normalize import normalize_text
    from store.search_tokens import index_document, tsvector_literal

    out = []
    for i in range(n):
        written = page_text(rnd)
        search = normalize_text(written)
        out.append(
            {
                "n": i,
                "t": written,
                "s": search,
                "tok": index_document(search),
                "v": tsvector_literal(search),
            }
        )
    return out


def generate(engine, pages: int, units: int, rnd: random.Random) -> dict:
    """Units (20 departments each), files of 3 pages and their indexes, written in bulk."""
    t0 = time.perf_counter()
    files = pages // PAGES_PER_FILE
    per_unit = max(1, files // units)
    texts = pool(rnd, min(POOL, files * PAGES_PER_FILE))
    p = {"units": units, "files": files, "per": per_unit, "pool": len(texts)}
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if pg:
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_evidencepage_search_vector")
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_evidencepage_search_trgm")
            conn.exec_driver_sql("CREATE TEMP TABLE bench_pool (n int, t text, s text, v tsvector)")
            conn.execute(
                text("INSERT INTO bench_pool VALUES (:n, :t, :s, CAST(:v AS tsvector))"), texts
            )
        for statement in SQL_PG if pg else SQL_SQLITE:
            conn.execute(text(statement), p)
        if pg:
            for statement in search_index.PG_CREATE:
                conn.exec_driver_sql(statement)
            for table in ("unit", "department", "evidence", "evidencerevision", "evidencepage"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        else:
            rows = [
                {"id": i + 1, "r": i // 3 + 1, "p": i % 3, **texts[i % len(texts)]}
                for i in range(files * PAGES_PER_FILE)
            ]  # the trigram index follows by trigger, the bigram one is written here
            conn.execute(
                text(
                    "INSERT INTO evidencepage (id, revision_id, page, text, search_text, source) "
                    "VALUES (:id, :r, :p, :t, :s, 'text')"
                ),
                rows,
            )
            conn.execute(
                text("INSERT INTO evidence_bigram(rowid, tokens) VALUES (:id, :tok)"), rows
            )
            conn.exec_driver_sql("INSERT INTO evidence_bigram(evidence_bigram) VALUES ('optimize')")
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return {"files": files, "pages": files * 3, "units": units, "seconds": time.perf_counter() - t0}


_COMMON_SQL = [
    "INSERT INTO app_user (id, username, display_name, role, password_hash, active, "
    "failed_attempts, created_at) VALUES (1, 'bench', '基准', 'office', 'x', true, 0, "
    "CURRENT_TIMESTAMP)",
]
SQL_PG = [
    *_COMMON_SQL,
    "INSERT INTO unit (id, name, level, created_at) "
    "SELECT g, '基准县' || g, '县区', now() FROM generate_series(1, :units) g",
    "INSERT INTO department (id, unit_id, name, kind, active, created_at) "
    "SELECT (u - 1) * 20 + d, u, '部门' || d, 'member', true, now() "
    "FROM generate_series(1, :units) u CROSS JOIN generate_series(1, 20) d",
    "INSERT INTO evidence (id, unit_id, department_id, title, doc_date, status, "
    "current_revision_id, created_by, created_at, updated_at) "
    "SELECT f, LEAST((f - 1) / :per, :units - 1) + 1, "
    "LEAST((f - 1) / :per, :units - 1) * 20 + f % 20 + 1, '基准材料' || f, "
    "make_date(2019 + f % 8, 1 + f % 12, 1), 'approved', f, 1, now(), now() "
    "FROM generate_series(1, :files) f",
    "INSERT INTO evidencerevision (id, evidence_id, number, sha256, size, kind, mime, "
    "original_name, pages, text_status, ocr_pages, uploaded_by, uploaded_at) "
    "SELECT f, f, 1, lpad(to_hex(f), 64, '0'), 1, 'pdf', 'application/pdf', "
    "'材料' || f || '.pdf', 3, 'done', '', 1, now() FROM generate_series(1, :files) f",
    "INSERT INTO evidencepage (id, revision_id, page, text, search_text, source, search_vector) "
    "SELECT (f - 1) * 3 + p + 1, f, p, b.t, b.s, 'text', b.v "
    "FROM generate_series(1, :files) f CROSS JOIN generate_series(0, 2) p "
    "JOIN bench_pool b ON b.n = ((f - 1) * 3 + p) % :pool",
]
_SERIES = "WITH RECURSIVE g(f) AS (SELECT 1 UNION ALL SELECT f + 1 FROM g WHERE f < {n}) "
SQL_SQLITE = [
    *_COMMON_SQL,
    _SERIES.format(n=":units") + "INSERT INTO unit (id, name, level, created_at) "
    "SELECT f, '基准县' || f, '县区', CURRENT_TIMESTAMP FROM g",
    _SERIES.format(n=":units * 20")
    + "INSERT INTO department (id, unit_id, name, kind, active, created_at) "
    "SELECT f, (f - 1) / 20 + 1, '部门' || f, 'member', 1, CURRENT_TIMESTAMP FROM g",
    _SERIES.format(n=":files")
    + "INSERT INTO evidence (id, unit_id, department_id, title, doc_date, status, "
    "current_revision_id, created_by, created_at, updated_at) "
    "SELECT f, MIN((f - 1) / :per, :units - 1) + 1, MIN((f - 1) / :per, :units - 1) * 20 "
    "+ f % 20 + 1, '基准材料' || f, printf('%04d-%02d-01', 2019 + f % 8, 1 + f % 12), "
    "'approved', f, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM g",
    _SERIES.format(n=":files")
    + "INSERT INTO evidencerevision (id, evidence_id, number, sha256, size, kind, mime, "
    "original_name, pages, text_status, ocr_pages, uploaded_by, uploaded_at) "
    "SELECT f, f, 1, printf('%064d', f), 1, 'pdf', 'application/pdf', '材料' || f || '.pdf', "
    "3, 'done', '', 1, CURRENT_TIMESTAMP FROM g",
]
