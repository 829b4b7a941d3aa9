"""Benchmark: ranked evidence search, before (the code of c8c8bc7) and after, on the same data.

Generates pages of Chinese text (bench/search_data.py), written in bulk with their search
indexes, then times
``store.search.search_pages`` (limit 20) per query, for one unit and (PostgreSQL) the whole
province. "Before" runs the previous search SQL, copied below, against the same rows and the
indexes it used (FTS5 trigram / pg_trgm over the same normalised text).

    .venv/bin/python bench/search.py --engine sqlite --pages 30000 [--write]
    .venv/bin/python bench/search.py --engine postgresql --pages 300000 \\
        --url postgresql://root@127.0.0.1:5432/test_search [--write]

SQLite: one county (10,000 files × 3 pages). PostgreSQL: 2,000 units × 50 files × 3 pages.
``--db`` keeps the generated SQLite file and reuses it on later runs. Each "after" figure is
given as wall time and as this process's CPU time (``time.process_time``), which the other
work on a shared machine does not inflate (the server's own CPU on PostgreSQL is not in it).
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
from search_data import CHARS_PER_PAGE, generate  # noqa: E402
from sqlalchemy import text  # noqa: E402

SECTION = "## Search"
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


def timed(fn, runs: int, cpu: list | None = None) -> float:
    """Median wall ms of ``runs`` calls after a warm-up; their median CPU ms appended to ``cpu``."""
    fn()  # warm
    samples, cpus_ = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
        cpus_.append((time.process_time() - c) * 1000)
    if cpu is not None:
        cpu.append(statistics.median(cpus_))
    return statistics.median(samples)


def measure(engine, units: int, runs: int, skip: frozenset = frozenset()) -> list[dict]:
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
                cpu: list[float] = []
                row = {
                    "scope": scope,
                    "label": label,
                    "query": q,
                    "before": None
                    if "before" in skip
                    else timed(lambda q=q, unit=unit: before_search(session, q, unit), runs),
                    "after": timed(lambda q=q: after(q), runs, cpu),
                    "cpu": cpu[0],
                    "exact": None
                    if "exact" in skip
                    else timed(lambda q=q: after(q, candidates=0), runs),
                    "trigram": timed(lambda q=q: after(q, index="trigram"), runs)
                    if long and "trigram" not in skip
                    else None,
                    "hits": len(after(q)),
                }
                rows.append(row)
                print(row, flush=True)
    return rows


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def table(rows: list[dict], goal: dict) -> str:
    lines = [
        "| 范围 | 查询 | 之前 ms | 之后 ms | 之后 CPU ms | 之前/之后 | 之后，全部匹配排序 ms "
        "| 三元组 ms | 目标 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        g = goal[r["scope"]]
        ok = "达到" if r["after"] <= g else "未达到"
        ratio = "—" if r["before"] is None else f"{r['before'] / max(r['after'], 0.01):.1f}×"
        lines.append(
            f"| {r['scope']} | {r['label']}「{r['query']}」 | {_ms(r['before'])} | "
            f"{r['after']:.1f} | {r['cpu']:.1f} | {ratio} | "
            f"{_ms(r['exact'])} | {_ms(r['trigram'])} | ≤ {g} ms {ok} |"
        )
    return "\n".join(lines)


def _pg_pages(engine) -> int:
    """Pages already generated in the PostgreSQL database (0 when it holds none)."""
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('public.evidencepage')")).scalar() is None:
            return 0
        return conn.execute(text("SELECT count(*) FROM evidencepage")).scalar()


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
    ap.add_argument(
        "--skip",
        default="",
        help="comma list of columns not to measure: before,exact,trigram (shown as —); the "
        "province-wide before and exact columns take 15–30 s a query on 300,000 pages",
    )
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: keep the data already in --url if it has --pages pages",
    )
    args = ap.parse_args()
    skip = frozenset(c for c in args.skip.split(",") if c)

    from store.db import make_engine
    from store.migrate import upgrade

    rnd = random.Random(20261201)
    if args.engine == "postgresql":
        if not args.url:
            sys.exit("--url postgresql://… is needed")
        url = "postgresql+psycopg://" + args.url.split("://", 1)[1]
        engine = make_engine(url)
        units = args.units or 2000
        reuse = args.reuse and _pg_pages(engine) == args.pages
        if not reuse:
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
    else:
        path = args.db or Path(tempfile.mkdtemp(prefix="bench-search-")) / "pioneer.db"
        reuse = path.exists()
        engine = make_engine(f"sqlite:///{path}")
        units = args.units or 1
    if reuse:
        made = {"files": args.pages // 3, "pages": args.pages, "units": units, "seconds": 0.0}
    else:
        upgrade(engine=engine)
        made = generate(engine, args.pages, units, rnd)
    print(made, flush=True)
    rows = measure(engine, units, args.runs, skip)
    goal = {"一个单位": 10 if args.engine == "sqlite" else 50, "全省": 200}
    md = table(rows, goal)
    print(md)
    if args.write:
        write(args, made, md)


def write(args, made: dict, md: str) -> None:
    from store.search import CANDIDATES, SQLITE_CANDIDATES

    bound = SQLITE_CANDIDATES if args.engine == "sqlite" else CANDIDATES
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())

    heading = f"{SECTION} ({'SQLite' if args.engine == 'sqlite' else 'PostgreSQL'})"
    setup = (
        f"Data set-up with every index (not part of the figures): {made['seconds']:.0f} s."
        if made["seconds"]
        else f"Data reused from {args.db or 'the database'} (set up by an earlier run)."
    )
    cmd = f".venv/bin/python bench/search.py --engine {args.engine} --pages {args.pages}"
    if args.engine == "postgresql":
        cmd += " --url postgresql://root@127.0.0.1:5432/test_search"
    if args.skip:
        cmd += f" --skip {args.skip}"
    body = f"""{heading}

`store.search.search_pages`, limit 20, median of {args.runs} runs after a warm-up, on
{made["pages"]:,} generated pages of Chinese text (~{CHARS_PER_PAGE} characters each;
{made["files"]:,} files, {made["units"]:,} unit(s)). 之前 = the search of c8c8bc7 (FTS5 trigram
for 3+ characters, else a LIKE scan, unranked; PostgreSQL ILIKE over pg_trgm, joined through
the revisions) on the same rows; 之后 = the bigram index (FTS5 + BM25 over the candidates /
tsvector + GIN, ts_rank) ranking the first {bound} matches (SQLite: the newest;
`store.search.SQLITE_CANDIDATES` / `CANDIDATES`); 之后 CPU = this process's CPU time for the
same calls; 之后，全部匹配排序 = every match ranked (`candidates=0`); 三元组 = the new code
forced onto the trigram index, for queries it can answer.

{md}

{setup}

- Machine: {cpus()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}; load average
  at the end of the run {load} (1, 5, 15 min; other agents' work on the same CPUs).
- Command: `{cmd} --write`
"""
    write_section(heading, body)


if __name__ == "__main__":
    main()
