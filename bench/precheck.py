"""Benchmark: 自查预评 — agreement with the labelled documents, and the demo county's run.

1. The labelled documents of tests/data/precheck (one at a time, against 附件2's checks):
   how many proposals agree with the labels; every disagreement is listed.
2. The demo county on SQLite: `pioneer precheck --round 1`'s work (run the checks, read the
   proposals, build the 自查预评 view), wall time and CPU time, median of N runs.

    .venv/bin/python bench/precheck.py [--runs 5] [--write]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import cpu_model, cpus, write_section  # noqa: E402

SECTION = "## 自查预评（precheck）"


def fixtures() -> tuple[int, list]:
    from tests.scoring.precheck_fixtures import fixture_outcomes

    outcomes = fixture_outcomes()
    return len(outcomes), [o for o in outcomes if not o.agrees]


def demo(runs: int) -> tuple[list[float], list[float], int]:
    home = tempfile.mkdtemp(prefix="bench-precheck-")
    os.environ.update(PIONEER_HOME=home, PIONEER_DEMO="1")
    os.environ.pop("PIONEER_DATABASE_URL", None)
    from services import precheck
    from services.actor import CLI_ACTOR
    from services.demo.build import create_demo, get_demo_unit_id
    from services.rounds.core import list_rounds

    create_demo()
    rid = list_rounds(CLI_ACTOR, get_demo_unit_id())[0].id
    walls, cpu = [], []
    n = 0
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        precheck.run_precheck(CLI_ACTOR, rid)
        n = len(precheck.proposals(CLI_ACTOR, rid))
        precheck.self_check(CLI_ACTOR, rid)
        walls.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return walls, cpu, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    total, wrong = fixtures()
    walls, cpu, n = demo(args.runs)
    load = os.getloadavg()[0]
    lines = [
        SECTION,
        "",
        f"Machine: {cpu_model()}, {cpus()} CPUs; load average {load:.1f} while measuring "
        "(other agents' test runs shared the machine). "
        f"Command: `.venv/bin/python bench/precheck.py --runs {args.runs} --write`.",
        "",
        "| measure | figure | goal |",
        "|---|---|---|",
        f"| labelled documents: proposals agreeing with the labels | {total - len(wrong)} / {total}"
        f" = {(total - len(wrong)) / total:.1%} | ≥ 95% |",
        f"| demo county: rules with a proposal | {n} | ≥ 40 |",
        f"| demo county: run + read + 自查预评 view, median wall | {statistics.median(walls):.2f} s"
        " | < 5 s |",
        f"| same, median CPU time of the process | {statistics.median(cpu):.2f} s | |",
        "",
        "No figure before: the checks are new in this change.",
        "",
        "The command as its own process (`pioneer precheck --round 1 --json`, JSON read back) is "
        "run by `tests/cli/test_precheck_cli.py`: it asserts ≥ 40 rules and the command's own "
        "`took_ms` < 5 s, and prints the process's wall and CPU time (`pytest -rP`).",
        "",
        "Disagreements with the labels (each one is a document the checks read wrongly):",
        "",
    ]
    lines += [
        f"- {o.document} / {o.rule}: label {o.expected}, proposed {o.proposed} ({o.reason})"
        for o in wrong
    ] or ["- none"]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
