"""Benchmark: full Yanzhou scorecards per second (issue 2 item 7; goal < 1 ms per scorecard).

Usage:  .venv/bin/python bench/score.py [--units 2000] [--repeat 7] [--seed 1] [--no-docs]

Builds N random valid findings sets for yanzhou-2020 up front (every rule kind, item lists,
ratios on and near the thresholds, grade levels, a few unassessed requirements), validates
them, then times ``score(rubric, findings)`` over all of them, several repeats. Prints the best
and median figures and writes them, the machine and the command under "## Scoring" in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_common import DOCS, cpu_model, cpus, write_section  # noqa: E402

from rubric import load_rubric  # noqa: E402
from rubric.models import Rubric  # noqa: E402
from scoring import Findings, score, validate_findings  # noqa: E402

SECTION = "## Scoring"
GOAL_MS = 1.0


def random_value(rule, rng: random.Random) -> object:
    kind = rule.kind
    if kind in ("deduct", "zero"):
        return rng.random() < 0.2
    if kind == "award":
        return rng.random() < 0.5
    if kind in ("deduct_each", "award_each"):
        if rule.items:
            if rng.random() < 0.5:
                return rng.sample(rule.items, rng.randint(0, len(rule.items)))
            return rng.randint(0, len(rule.items))
        return rng.randint(0, rule.max_count or 4)
    if kind in ("tiers", "target"):
        edges = [t.at for t in rule.tiers] if kind == "tiers" else [rule.threshold]
        if rng.random() < 0.3:
            return rng.choice(edges) - rng.choice([Decimal(0), Decimal("0.0001")])
        return Decimal(rng.randint(0, 10_000)) / 10_000
    if kind == "grade":
        return rng.choice([lv.points for lv in rule.levels])
    raise ValueError(kind)


def make_findings(rubric: Rubric, n: int, seed: int) -> list[Findings]:
    rng = random.Random(seed)
    rules = rubric.rules()
    reqs = [q.id for q in rubric.requirements()]
    out = []
    for _ in range(n):
        values = {r.id: random_value(r, rng) for r in rules if rng.random() < 0.8}
        pending = rng.sample(reqs, rng.randint(0, 3))
        out.append(validate_findings(rubric, values, pending))
    return out


def time_runs(rubric: Rubric, sets: list[Findings], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in sets:
            score(rubric, f)
        runs.append(time.perf_counter() - t0)
    return runs


def machine() -> str:
    return (
        f"{cpus()} CPU(s) (nproc), {cpu_model()}; Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.machine()}"
    )


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=2000, help="findings sets (scorecards) per run")
    ap.add_argument("--repeat", type=int, default=7, help="timed runs over all the sets")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = ap.parse_args()

    load_before = _load()
    rubric = load_rubric("yanzhou-2020")
    sets = make_findings(rubric, args.units, args.seed)
    time_runs(rubric, sets[: min(200, len(sets))], 1)  # warm up
    runs = time_runs(rubric, sets, args.repeat)
    load_after = _load()
    best, median = min(runs), statistics.median(runs)
    n = args.units
    rows = [
        ("best", best, n / best, best / n * 1000),
        ("median", median, n / median, median / n * 1000),
    ]
    verdict = "met" if median / n * 1000 < GOAL_MS else "MISSED"
    table = [
        "| run | seconds for all | scorecards/s | ms per scorecard |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {t:.3f} | {rate:,.0f} | {ms:.3f} |" for name, t, rate, ms in rows],
    ]
    print(
        f"{n} scorecards of yanzhou-2020 ({len(rubric.requirements())} requirements, "
        f"{len(rubric.rules())} rules), {args.repeat} runs"
    )
    print("\n".join(table))
    print(f"goal < {GOAL_MS} ms per scorecard: {verdict}")
    if args.no_docs:
        return
    command = "cd /work/main && .venv/bin/python bench/score.py " + " ".join(
        a for a in sys.argv[1:] if a != "--no-docs"
    )
    text = (
        f"{SECTION}\n\n"
        f"Full scorecards of `yanzhou-2020` ({len(rubric.requirements())} requirements, "
        f"{len(rubric.rules())} rules): `score(rubric, findings)` over {n} random valid findings "
        f"sets built and validated up front (every rule kind, item lists, ratios on and next to "
        f"the thresholds, grade levels, 0-3 unassessed requirements each), timed with "
        f"`time.perf_counter`, {args.repeat} runs after a warm-up.\n\n"
        + "\n".join(table)
        + f"\n\nGoal: < {GOAL_MS:g} ms per scorecard ({n} units rescored in {n * GOAL_MS / 1000:g} s)"
        f" — {verdict} (median).\n\n"
        f"- Machine: {machine()}\n"
        f"- Load average (1, 5, 15 min) before / after the runs: {load_before} / {load_after}"
        " (the machine is shared, so the median moves with other work; the best run is the"
        " engine's own cost)\n"
        f"- Command: `{command.strip()}`\n"
    )
    write_section(SECTION, text)
    print(f"written to {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
