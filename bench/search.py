"""Benchmark: ranked evidence search, before (the code of c8c8bc7) and after, on the same data.

Generates pages of Chinese text (sentences of an office's 创业 work, with common words much
more frequent than rare ones), written in bulk with their search indexes, then times
``store.search.search_pages`` (limit 20) per query, for one unit and (PostgreSQL) the whole
province. "Before" runs the previous search SQL, copied below, against the same rows and the
indexes it used (FTS5 trigram / pg_trgm over the same normalised text).

    .venv/bin/python bench/search.py --engine sqlite --pages 30000 [--write]
    .venv/bin/python bench/search.py --engine postgresql --pages 300000 \\
        --url postgresql://root@127.0.0.1:5432/test_search [--write]

SQLite: one county (10,000 files × 3 pages). PostgreSQL: 2,000 units × 50 files × 3 pages.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import cpu_model, cpus, write_section  # noqa: E402
from sqlalchemy import text  # noqa: E402

from store import search_index  # noqa: E402

SECTION = "## Search"
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


QUERIES = [
    ("1 字", "创"),
    ("1 字（少见）", "茶"),
    ("2 字", "创业"),
    ("2 字", "孵化"),
    ("4 字", "领导小组"),
    ("6 字", "创业担保贷款"),
    ("两个词", "创业 培训"),
    ("没有结果的短语", "量子创业孵化器"),
]


# -- the search of c8c8bc7 (before), on the same data: text column is now search_text --------


def before_search(session, query: str, unit_id: int | None, limit: int = 20) -> int:
    terms = [t for t in query.split() if t]
    dialect = session.get_bind().dialect.name
    params: dict = {"limit": limit * 4}
    where = ["r.id = e.current_revision_id"]
    if unit_id is not None:
        where.append("e.unit_id = :unit")
        params["unit"] = unit_id
    if dialect == "sqlite" and all(len(t) >= 3 for t in terms):
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
            params[f"t{n}"] = "%" + t + "%"
            where.append(f"p.search_text {op} :t{n} ESCAPE '\\'")
        order = "p.id"
    sql = (
        f"SELECT p.id, p.revision_id, e.id, p.page, p.search_text FROM {source} "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT :limit"
    )
    rows = session.connection().execute(text(sql), params).all()
    hits = sorted(rows, key=lambda r: -sum(r[4].count(t) for t in terms))
    return len(hits[:limit])


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


def timed(fn, runs: int) -> float:
    fn()  # warm
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def measure(engine, units: int, runs: int) -> list[dict]:
    from sqlmodel import Session

    from store.search import Filters, search_pages

    scopes = [("一个单位", 1)] + ([("全省", None)] if units > 1 else [])
    rows = []
    with Session(engine) as session:
        for scope, unit in scopes:
            f = Filters(unit_ids=(unit,)) if unit else Filters()

            def after(q, f=f, **kw):
                return search_pages(session, q, filters=f, limit=20, **kw)

            for label, q in QUERIES:
                long = all(len(w) >= 3 for w in q.split())
                row = {
                    "scope": scope,
                    "label": label,
                    "query": q,
                    "before": timed(lambda q=q, unit=unit: before_search(session, q, unit), runs),
                    "after": timed(lambda q=q: after(q), runs),
                    "exact": timed(lambda q=q: after(q, candidates=0), runs),
                    "trigram": timed(lambda q=q: after(q, index="trigram"), runs) if long else None,
                    "hits": len(after(q)),
                }
                rows.append(row)
                print(row, flush=True)
    return rows


def table(rows: list[dict], goal: dict) -> str:
    lines = [
        "| 范围 | 查询 | 之前 ms | 之后 ms | 之前/之后 | 之后，全部匹配排序 ms | 三元组 ms | 目标 |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        g = goal[r["scope"]]
        tri = f"{r['trigram']:.1f}" if r["trigram"] is not None else "—"
        ok = "达到" if r["after"] <= g else "未达到"
        lines.append(
            f"| {r['scope']} | {r['label']}「{r['query']}」 | {r['before']:.1f} | "
            f"{r['after']:.1f} | {r['before'] / max(r['after'], 0.01):.1f}× | "
            f"{r['exact']:.1f} | {tri} | ≤ {g} ms {ok} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--pages", type=int, default=30_000)
    ap.add_argument("--units", type=int, default=None)
    ap.add_argument("--url", default=os.environ.get("PIONEER_BENCH_DATABASE_URL"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--db", type=Path, help="SQLite: keep the generated data here; reuse it if present"
    )
    args = ap.parse_args()

    from store.db import make_engine
    from store.migrate import upgrade

    rnd = random.Random(20261201)
    if args.engine == "postgresql":
        if not args.url:
            sys.exit("--url postgresql://… is needed")
        url = "postgresql+psycopg://" + args.url.split("://", 1)[1]
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        units = args.units or 2000
    else:
        path = args.db or Path(tempfile.mkdtemp(prefix="bench-search-")) / "pioneer.db"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        units = args.units or 1
    if args.engine == "sqlite" and reuse:
        made = {"files": args.pages // 3, "pages": args.pages, "units": units, "seconds": 0.0}
    else:
        upgrade(engine=engine)
        made = generate(engine, args.pages, units, rnd)
    print(made, flush=True)
    rows = measure(engine, units, args.runs)
    goal = {"一个单位": 10 if args.engine == "sqlite" else 50, "全省": 200}
    md = table(rows, goal)
    print(md)
    if args.write:
        write(args, made, md)


def write(args, made: dict, md: str) -> None:
    from store.search import CANDIDATES

    heading = f"{SECTION} ({'SQLite' if args.engine == 'sqlite' else 'PostgreSQL'})"
    setup = (
        f"Data set-up with every index (not part of the figures): {made['seconds']:.0f} s."
        if made["seconds"]
        else f"Data reused from {args.db} (set up by an earlier run)."
    )
    cmd = f".venv/bin/python bench/search.py --engine {args.engine} --pages {args.pages}"
    if args.engine == "postgresql":
        cmd += " --url postgresql://root@127.0.0.1:5432/test_search"
    body = f"""{heading}

`store.search.search_pages`, limit 20, median of {args.runs} runs after a warm-up, on
{made["pages"]:,} generated pages of Chinese text (~{CHARS_PER_PAGE} characters each;
{made["files"]:,} files, {made["units"]:,} unit(s)). 之前 = the search of c8c8bc7 (FTS5 trigram
for 3+ characters, else a LIKE scan, unranked; PostgreSQL ILIKE over pg_trgm, joined through
the revisions) on the same rows; 之后 = the bigram index (FTS5 bm25 / tsvector + GIN, ts_rank)
ranking the first {CANDIDATES} matches (SQLite: the newest; `store.search.CANDIDATES`);
之后，全部匹配排序 = every match ranked (`candidates=0`); 三元组 = the new code forced onto the
trigram index, for queries it can answer.

{md}

{setup}

- Machine: {cpus()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; shared with
  about nine other agents running tests and benchmarks at the same time (load average above
  20 during the run), so figures are noisy and pessimistic.
- Command: `{cmd} --write`
"""
    write_section(heading, body)


if __name__ == "__main__":
    main()
