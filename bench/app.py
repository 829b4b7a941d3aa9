"""Benchmark: the 总览 page for a unit with 5,000 evidence records and a fully scored round.

Data set-up writes the evidence rows in bulk (going through add_evidence 5,000 times would
measure the intake, not the page); the round is scored through the services. The page is
then run with Streamlit's AppTest as the office user: first run, and reruns (what a user
waits for after each click). Prints a markdown table; --write puts it in
docs/benchmarks.md (in place of the section's last figures).

    .venv/bin/python bench/app.py [--evidence 5000] [--runs 7]
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

SECTION = "## App: 总览"


def setup(n_evidence: int) -> tuple[str, int]:
    from sqlmodel import select

    from scoring.findings import met_value
    from services.actor import SYSTEM_ACTOR
    from services.org import auth
    from services.org.setup import initialise
    from services.rounds import core as rounds
    from services.rounds import sheets
    from services.rubrics import get_rubric
    from store.db import session_scope
    from store.evidence_tables import Evidence, EvidenceLink, EvidencePage, EvidenceRevision
    from store.org import Assignment

    seeded = initialise("基准区")
    unit_id = seeded["unit_id"]
    auth.create_user(
        SYSTEM_ACTOR,
        username="office",
        display_name="办公室",
        role="office",
        password="bench-password",
    )
    auth.create_user(
        SYSTEM_ACTOR,
        username="insp",
        display_name="考核员",
        role="inspector",
        password="bench-password",
    )
    rubric = get_rubric()
    rng = random.Random(7)
    with session_scope() as s:
        assigns = list(s.exec(select(Assignment).where(Assignment.unit_id == unit_id)))
        office_id = 1
        for n in range(n_evidence):
            a = rng.choice(assigns)
            ev = Evidence(
                unit_id=unit_id,
                department_id=a.department_id,
                title=f"材料{n}",
                status=rng.choice(["pending", "approved", "approved", "returned"]),
                created_by=office_id,
            )
            s.add(ev)
            s.flush()
            rev = EvidenceRevision(
                evidence_id=ev.id,
                sha256=f"{n:064x}",
                size=1000,
                kind="pdf",
                mime="application/pdf",
                original_name=f"材料{n}.pdf",
                pages=1,
                uploaded_by=office_id,
            )
            s.add(rev)
            s.flush()
            ev.current_revision_id = rev.id
            s.add(EvidencePage(revision_id=rev.id, page=0, text=f"创业型城市创建材料第{n}号"))
            s.add(
                EvidenceLink(
                    evidence_id=ev.id, rubric_id=rubric.id, requirement_id=a.requirement_id
                )
            )
    office = auth.login("office", "bench-password")
    insp = auth.login("insp", "bench-password")
    rnd = rounds.create_round(
        office, name="基准轮次", unit_id=unit_id, kind="模拟考评", lead_inspector="insp"
    )
    for req in rubric.requirements():  # every requirement assessed, some rules not met
        values = {}
        for rule in req.rules:
            if rule.kind in ("tiers", "grade", "target"):
                values[rule.id] = met_value(rule, req.weight)
            elif rule.kind == "deduct" and rng.random() < 0.3:
                values[rule.id] = True
        sheets.save_requirement(insp, rnd.id, req.id, values)
    return "office", rnd.id


def time_page(runs: int) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    from services.org import auth

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["actor"] = auth.login("office", "bench-password")
    at.session_state["last_seen"] = time.time()
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    assert not at.exception, at.exception
    assert any(m.label == "已确认得分" for m in at.metric)
    reruns = []
    for _ in range(runs):
        at.session_state["last_seen"] = time.time()
        t0 = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - t0)
        assert not at.exception and any(m.label == "已确认得分" for m in at.metric)
    return first, reruns


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--evidence", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--write", action="store_true", help="write the table to docs/benchmarks.md")
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="pioneer-bench-")
    os.environ["PIONEER_HOME"] = home
    os.environ.pop("PIONEER_DATABASE_URL", None)
    t0 = time.perf_counter()
    setup(args.evidence)
    setup_s = time.perf_counter() - t0
    first, reruns = time_page(args.runs)
    table = "\n".join(
        [
            SECTION,
            "",
            f"The 总览 page (AppTest, office user) for a unit with {args.evidence:,} evidence records "
            "and a fully scored round (all 47 requirements assessed), SQLite.",
            "",
            "| measure | seconds |",
            "|---|---:|",
            f"| first run (imports, rubric load, page) | {first:.3f} |",
            f"| rerun, median of {args.runs} | {statistics.median(reruns):.3f} |",
            f"| rerun, best | {min(reruns):.3f} |",
            f"| rerun, worst | {max(reruns):.3f} |",
            "",
            f"Goal: under 1 s per run of the page — "
            f"{'met' if statistics.median(reruns) < 1 else 'NOT met'} (median rerun).",
            f"Data set-up (not timed as part of the page): {setup_s:.1f} s.",
            "",
            f"- Machine: {cpus()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}",
            f"- Command: `cd /work/main && .venv/bin/python bench/app.py --evidence {args.evidence} "
            f"--runs {args.runs}`",
            "",
        ]
    )
    print(table)
    if args.write:
        write_section(SECTION, table)


if __name__ == "__main__":
    main()
