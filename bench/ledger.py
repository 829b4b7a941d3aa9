"""Benchmark: read + validate a large 创业培训实名制台账 with python-calamine and with openpyxl.

Usage:  .venv/bin/python bench/ledger.py [--rows 100000] [--repeat 3] [--no-docs]

Generates an xlsx ledger (valid identity numbers with correct check digits, a few per cent of
planted bad rows), times read_table + validate per engine, prints a table and writes the
figures, the machine and the command under "## Ledger import" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_common import DOCS, cpu_model, cpus, write_section  # noqa: E402

from ledgers import read_table, validate  # noqa: E402
from ledgers.ids import check_code  # noqa: E402

SECTION = "## Ledger import"
BAD_SHARE = 0.03
ORGS = ["兖州区职业培训学校", "济宁市创业大学兖州分校", "兖州区就业创业促进中心"]


def make_id(rng: random.Random) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(20000))
    body = f"370882{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + check_code(body)


def generate(path: Path, rows: int, seed: int = 1) -> int:
    """Write the ledger; return the number of planted bad rows."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("2020年")
    ws.append(["2020年创业培训实名制台账"])
    ws.append(
        [
            "序号",
            "姓名",
            "身份证号码",
            "培训类别",
            "培训机构名称",
            "开班日期",
            "结业日期",
            "考核结果",
        ]
    )
    bad = 0
    previous = None
    for i in range(rows):
        start = dt.date(2020, 1, 6) + dt.timedelta(days=rng.randrange(330))
        row = [
            i + 1,
            f"学员{i}",
            make_id(rng),
            rng.choice(["SYB", "IYB", "网络创业培训"]),
            rng.choice(ORGS),
            start,
            start + dt.timedelta(days=10),
            "合格" if rng.random() < 0.93 else "不合格",
        ]
        if rng.random() < BAD_SHARE:
            bad += 1
            fault = rng.randrange(6)
            if fault == 0:
                row[2] = row[2][:-1] + ("0" if row[2][-1] != "0" else "1")
            elif fault == 1:
                row[5] = "2020-02-30"
            elif fault == 2:
                row[1] = None
            elif fault == 3:
                row[6] = start - dt.timedelta(days=3)
            elif fault == 4 and previous is not None:
                row[2], row[5] = previous[2], previous[5]
            else:
                row[7] = "待定"
        elif i % 7 == 0:
            row[5], row[6] = f"{start.year}年{start.month}月{start.day}日", row[6].isoformat()
        ws.append(row)
        previous = row
    wb.save(path)
    return bad


def run(path: Path, engine: str) -> tuple[float, float, int, int]:
    t0 = time.perf_counter()
    table = read_table(path, "training", engine=engine)
    t1 = time.perf_counter()
    result = validate(table)
    t2 = time.perf_counter()
    assert len(result.good) + len(result.rejected_rows) == result.data_rows
    return t1 - t0, t2 - t1, len(result.good), len(result.rejected_rows)


def machine() -> str:
    return f"{cpus()} CPU (nproc), {cpu_model()}; Python {platform.python_version()}, {platform.system()}"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{p} {version(p)}" for p in ("python-calamine", "openpyxl"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "training.xlsx"
        t0 = time.perf_counter()
        planted = generate(path, args.rows)
        gen = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        print(
            f"generated {args.rows} rows ({planted} planted bad), {size_mb:.1f} MB in {gen:.1f} s"
        )
        results = {}
        for engine in ("calamine", "openpyxl"):
            runs = [run(path, engine) for _ in range(args.repeat)]
            totals = [r + v for r, v, _, _ in runs]
            best = min(range(len(runs)), key=lambda k: totals[k])
            results[engine] = (runs[best], statistics.median(totals), max(totals))

    header = "| engine | read (s) | validate (s) | total, best (s) | total, median (s) | total, worst (s) | good | rejected |"
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for engine, ((r, v, good, rejected), med, worst) in results.items():
        lines.append(
            f"| {engine} | {r:.2f} | {v:.2f} | {r + v:.2f} | {med:.2f} | {worst:.2f} | {good} | {rejected} |"
        )
    table = "\n".join(lines)
    print(table)
    command = f".venv/bin/python bench/ledger.py --rows {args.rows} --repeat {args.repeat}"
    goal = results["calamine"][1] < 10
    text = (
        f"{SECTION}\n\n"
        f"`read_table` + `validate` of a generated 创业培训实名制台账 xlsx: {args.rows} data rows "
        f"below a title row, 8 columns, {size_mb:.1f} MB, {planted} planted bad rows "
        f"(~{BAD_SHARE:.0%}: wrong check digit, impossible date, missing name, 结业 before 开班, "
        f"duplicate, unknown 是/否; a duplicate-fault row may coincide with a valid one). "
        f"Rejected counts rows, not problems. Times are wall clock, best / median / worst "
        f"of {args.repeat} runs, measured {dt.date.today().isoformat()}.\n\n"
        f"{table}\n\n"
        f"- Machine: {machine()}\n"
        f"- Libraries: {versions()}\n"
        f"- Command: `cd /work/main && {command}`\n"
        f"- Goal (calamine path under 10 s, median): {'met' if goal else 'NOT met'}\n"
    )
    if not args.no_docs:
        write_section(SECTION, text)
        print(f"written to {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
