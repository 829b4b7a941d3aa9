"""Benchmark: a province of 2,000 units on PostgreSQL -- rescore, roll-up, one unit's 总览.

Usage:
  PIONEER_DATABASE_URL=postgresql://root@127.0.0.1:5432/bench_scale \\
    .venv/bin/python bench/scale.py [--units 2000] [--departments 20] [--evidence 50] [--no-docs]
  .venv/bin/python bench/scale.py --reuse      # measure again on the province already made

Makes the database from nothing (drops the schema it is given!): one 省, 16 市 and the rest 县区,
each county with its departments, the default 责任分工, a current round scored in part (synthetic
findings of varying quality, a few past deadlines), N evidence rows per unit (metadata rows with
links, no files: search is benched by bench/search) and work targets with monthly reports.
Rows go in by COPY. Then it times, several runs each:
- rescore every unit's current round: the bulk loader and scoring of services.rollup.build;
- the 全省总览 for the province's office: first render (AppTest of the page, empty cache) and a
  rerun (the same session again);
- one county's 总览 (services.rounds.overview.build_overview) in that database.
Writes the figures, the machine and the command under "## Scale" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_common import cpu_model, cpus, write_section  # noqa: E402
from scale_data import TODAY, generate  # noqa: E402

SECTION = "## Scale"
CHANGED = 20  # counties whose findings change between two rescorings
GOALS = {
    "rescore": 2.0,
    "rollup_first": 2.0,
    "rollup_rerun": 0.5,
    "overview": 1.0,
}


def _times(fn, repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU of this process) seconds per run."""
    out = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - t, time.process_time() - c))
    return out


def _touch(n: int) -> None:
    """Change one finding in each of ``n`` counties (plain SQL: the triggers see it)."""
    from sqlalchemy import text

    from store.db import get_engine

    with get_engine().begin() as c:
        c.execute(
            text(
                "UPDATE finding SET updated_at = now() WHERE id IN (SELECT min(id) FROM finding "
                "GROUP BY round_id ORDER BY round_id LIMIT :n)"
            ),
            {"n": n},
        )


def measure(repeat: int) -> dict:
    from sqlmodel import select

    from services.org import auth
    from services.rollup.build import rescore_units
    from services.rollup.snapshots import fresh_snapshots
    from services.rounds.overview import build_overview
    from store.db import session_scope
    from store.org import Unit

    province = auth.login("province", "bench-password-1")
    county = auth.login("county", "bench-password-1")

    def counties():
        with session_scope() as s:
            return list(s.exec(select(Unit).where(Unit.current_round_id.is_not(None))))  # type: ignore[union-attr]

    def scorecards():
        with session_scope() as s:
            assert rescore_units(s, counties())

    def snapshots(force: bool, expect: int):
        def run():
            with session_scope() as s:
                assert fresh_snapshots(s, counties(), force=force)[2] == expect

        return run

    n = len(counties())
    scorecards()  # warm-up: rubric, imports
    out = {"scorecards": _times(scorecards, repeat)}
    out["snapshots_all"] = _times(snapshots(True, n), repeat)
    out["snapshots_changed"] = []
    for _ in range(repeat):
        _touch(CHANGED)
        out["snapshots_changed"] += _times(snapshots(False, CHANGED), 1)
    out["snapshots_none"] = _times(snapshots(False, 0), repeat)
    out["overview"] = _times(lambda: build_overview(county, county.unit_id, TODAY), repeat)
    out["rollup_first"], out["rollup_rerun"] = [], []
    from streamlit.testing.v1 import AppTest

    for _ in range(max(1, repeat // 2)):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["actor"] = province
        at.session_state["last_seen"] = time.time()
        at.run()
        import streamlit as st

        st.cache_resource.clear()
        page = at.switch_page("ui/views/rollup.py")
        out["rollup_first"] += _times(page.run, 1)
        assert not at.exception and "全省总览" in [t.value for t in at.title], at.exception
        out["rollup_rerun"] += _times(at.run, 2)
    return out


LABELS = {
    "scorecards": "score every unit's current round (bulk load of the sheets + score)",
    "snapshots_all": "rescore every unit and store its figures (full round state: owners, "
    "deadlines, evidence status, overdue)",
    "snapshots_changed": "rescore after {CHANGED} units' findings changed (stale ones only)",
    "snapshots_none": "check every unit's stored figures, nothing changed",
    "rollup_first": "全省总览 page, first render (AppTest, empty cache, stored figures current)",
    "rollup_rerun": "全省总览 page, rerun",
    "overview": "one county's 总览 (`build_overview`)",
}
# the figures of the run before: main at 724abbe on the same province (generated again by
# scale_data.generate, same seed), same command, run just before the run after, 2026-12-02
# 13:57 UTC, load average 1.6-4.0; wall medians and CPU medians
BEFORE = {
    "scorecards": 3.443,
    "snapshots_all": 10.800,
    "snapshots_changed": 0.837,
    "snapshots_none": 0.746,
    "rollup_first": 3.807,
    "rollup_rerun": 0.702,
    "overview": 0.108,
}
BEFORE_CPU = {
    "scorecards": 3.186,
    "snapshots_all": 6.319,
    "snapshots_changed": 0.505,
    "snapshots_none": 0.484,
    "rollup_first": 2.188,
    "rollup_rerun": 0.342,
    "overview": 0.062,
}
GOAL_OF = {
    "scorecards": "rescore",
    "snapshots_all": "rescore",
    "snapshots_changed": "rescore",
    "snapshots_none": "rescore",
}


LOAD_AT_START = os.getloadavg()


def report(made: dict | None, times: dict, command: str) -> str:
    lines = [
        SECTION,
        "",
        "A generated province on PostgreSQL"
        + (
            f": {made['units']} units ({made['counties']} counties, 16 cities, 1 province), "
            f"{made['departments']} departments, {made['findings']} findings, "
            f"{made['evidence']} evidence rows (metadata and links, no files)."
            if made
            else " (made by an earlier run)."
        ),
        "",
        "| work | before, median (s) | before, CPU (s) | best (s) | median (s) | worst (s) | "
        "CPU, median (s) | before / after, wall | before / after, CPU | goal (s) | met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, label in LABELS.items():
        walls = [w for w, _ in times[key]]
        med = statistics.median(walls)
        cpu = statistics.median(c for _, c in times[key])
        goal = GOALS[GOAL_OF.get(key, key)]
        before, before_cpu = BEFORE.get(key), BEFORE_CPU.get(key)
        lines.append(
            f"| {label.replace('{CHANGED}', str(CHANGED))} | {before or '—'} | "
            f"{before_cpu or '—'} | {min(walls):.3f} | {med:.3f} | {max(walls):.3f} | {cpu:.3f} | "
            f"{f'{before / med:.1f}×' if before else '—'} | "
            f"{f'{before_cpu / cpu:.1f}×' if before_cpu else '—'} | ≤ {goal} | "
            f"{'yes' if med <= goal else 'no'} |"
        )
    load = os.getloadavg()
    lines += [
        "",
        "What changed since the run before: a batch (the rescore, the roll-up) runs with "
        "automatic garbage collection paused (`services.rollup.build.gc_paused`): the full "
        "collections that walked the batch's million rows and every object of the process were "
        "about half of its CPU time; contradictions are checked over the rubric's requirement "
        "index. Tried and not kept: one memo per requirement over merging, validating and "
        "scoring (9,509 distinct sheets of 58,194 in the province): with garbage collection "
        "out of the picture it took 3.2-3.3 s of CPU against 2.9-3.1 s for the merge of each "
        "round and the score memo already there.",
        "",
        "The roll-up reads one stored row of figures per unit (`round_snapshot`), made from the "
        "unit's RoundState by the same code as its own 总览; database triggers mark a unit's "
        "figures stale on every write they depend on, and only stale ones are made again. CPU is "
        "this process's time (PostgreSQL's own work is not in it); with the machine shared, the "
        "wall figures move with the load.",
        "",
        f"- Machine: {cpu_model()}, {cpus()} CPUs, shared with other agents "
        f"(load average {LOAD_AT_START[0]:.1f} / {LOAD_AT_START[1]:.1f} / "
        f"{LOAD_AT_START[2]:.1f} at the start, {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "at the end), "
        f"measured {dt.date.today():%Y-%m-%d}.",
        f"- Command: `{command}`",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--departments", type=int, default=20)
    ap.add_argument("--evidence", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="measure the province already made")
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    url = os.environ.get("PIONEER_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("请用 PIONEER_DATABASE_URL 指定一个 PostgreSQL 数据库（其中的数据会被清除）")
    os.environ.setdefault("PIONEER_HOME", "/tmp/pioneer-bench-scale")
    made = None
    if not args.reuse:
        t = time.perf_counter()
        made = generate(args.units, args.departments, args.evidence)
        print(f"generated in {time.perf_counter() - t:.1f} s: {made}")
    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()
    times = measure(args.repeat)
    for k, v in times.items():
        print(f"{k}: {v}", flush=True)
    command = (
        "PIONEER_DATABASE_URL=postgresql://…/bench_scale nice .venv/bin/python bench/scale.py"
        + (" --reuse" if args.reuse else "")
        + f" --repeat {args.repeat}"
    )
    if not args.no_docs:
        write_section(SECTION, report(made, times, command))


if __name__ == "__main__":
    main()
