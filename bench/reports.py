"""Benchmark: one round's assessment report (goal < 2 s) and 35 整改通知书 (goal < 10 s), the
工作简报 and the 全市通报, and their PDF conversion (LibreOffice, with the second render that
moves a 版记 off an odd page; bench/reports_more.py).

Usage:  .venv/bin/python bench/reports.py [--repeat 5] [--notices 35] [--no-pdf] [--no-docs]

Scores yanzhou-2020 with findings that cost points on every department's requirements (the
first deduction of each requirement fires, ratios and grades fall short, two requirements
await review), then times ``build_assessment_report`` (bar and trend charts included) and
``build_notice`` for N notices, cycling over the departments that have gaps. The first report
of the process is timed on its own (it pays for the matplotlib font lookup); the repeats after
it give best / median / worst. Writes the figures, the machine and the command under
"## Reports" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

IMPORT_START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
HERE = str(Path(__file__).resolve().parent)
# bench_common is found through sys.path[0] (this folder); import it before the folder goes
from bench_common import DOCS, cpu_model, cpus, write_section  # noqa: E402

sys.path[:] = [p for p in sys.path if p != HERE]  # this file is named reports.py too
sys.path.insert(0, str(ROOT))

from reports import (  # noqa: E402
    AssessmentInput,
    CitedEvidence,
    FigureLine,
    NoticeInput,
    build_assessment_report,
    build_notice,
    departments_with_gaps,
)
from reports.inputs import Assignee  # noqa: E402
from rubric import load_rubric  # noqa: E402
from rubric.models import Rubric  # noqa: E402
from scoring import Scorecard, score, validate_findings  # noqa: E402

_spec = importlib.util.spec_from_file_location("reports_more", Path(HERE) / "reports_more.py")
more = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(more)

IMPORT_S = time.perf_counter() - IMPORT_START
SECTION = "## Reports"
GOAL_REPORT_S = 2.0
GOAL_NOTICES_S = 10.0
# medians measured 2026-11-23 at load 0.8, before the 公文 frame (issue 11)
OLD = {"first": 0.35, "report": 0.33, "notices": 1.17}
ISSUED = date(2020, 9, 15)
UNIT = "兖州区（演示）"
ISSUER = "兖州区创建省级创业型城市工作领导小组办公室"


def findings(rubric: Rubric) -> dict[str, object]:
    """The first deduction of every requirement fires; ratios and grades fall short."""
    values: dict[str, object] = {}
    for req in rubric.requirements():
        for rule in req.rules:
            if rule.kind == "deduct" and not any(r.startswith(req.id) for r in values):
                values[rule.id] = True
            elif rule.kind == "deduct_each":
                values[rule.id] = 1
            elif rule.kind == "tiers":
                values[rule.id] = Decimal("0.6")
            elif rule.kind == "target":
                values[rule.id] = Decimal(str(rule.threshold)) - Decimal("0.01")
            elif rule.kind == "grade":
                values[rule.id] = sorted(lv.points for lv in rule.levels)[1]
    return values


def inputs(rubric: Rubric, card: Scorecard) -> AssessmentInput:
    ids = [r.id for r in card.requirements]
    return AssessmentInput(
        unit=UNIT,
        round_name="2020年第三季度模拟考评",
        round_kind="模拟考评",
        issuer=ISSUER,
        issued_on=ISSUED,
        doc_number="兖创办发〔2020〕5号",
        rubric=rubric,
        card=card,
        comments={rid: f"经查阅资料，要求{rid}的部分工作未落实到位。" for rid in ids},
        evidence={
            rid: [
                CitedEvidence(
                    f"{rid}-{k}.pdf",
                    f"关于{rid}工作的第{k}份材料",
                    f"兖政办发〔2020〕{k}号",
                    ISSUED - timedelta(days=30 * k),
                )
                for k in (1, 2)
            ]
            for rid in ids
        },
        owners={
            q.id: [
                Assignee(d, "牵头" if n == 0 else "配合", ISSUED + timedelta(days=30))
                for n, d in enumerate(q.departments)
            ]
            for q in rubric.requirements()
        },
        trend=[
            ("第一轮自评", Decimal("58.5")),
            ("第二轮模拟考评", Decimal("66")),
            ("第三轮模拟考评", card.total),
        ],
        figures=[
            FigureLine(di.name, "—", f"{di.numerator} ÷ {di.denominator}", di.source)
            for di in rubric.data_indicators
        ],
    )


def timed(fn) -> tuple[float, bytes]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--notices", type=int, default=35)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-docs", action="store_true")
    args = parser.parse_args()

    rubric = load_rubric("yanzhou-2020")
    card = score(rubric, validate_findings(rubric, findings(rubric), ["4.4.1", "3.6.1"]))
    inp = inputs(rubric, card)
    depts = departments_with_gaps(rubric, card, inp.owners)
    load_before = os.getloadavg()

    first, data = timed(lambda: build_assessment_report(inp))
    report_runs = [timed(lambda: build_assessment_report(inp))[0] for _ in range(args.repeat)]
    size_kb = len(data) / 1024

    notice_runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for n in range(args.notices):
            dept = depts[n % len(depts)]
            build_notice(
                NoticeInput(
                    UNIT,
                    ISSUER,
                    ISSUED,
                    f"兖创办发〔2020〕{n + 10}号",
                    dept,
                    rubric,
                    card,
                    inp.owners,
                    inp.comments,
                    "2020年第三季度模拟考评",
                )
            )
        notice_runs.append(time.perf_counter() - start)
    bulletin_runs, rollup_runs = [], []
    for _ in range(args.repeat):
        t, bulletin = timed(lambda: more.bulletin(inp, depts, ISSUED))
        bulletin_runs.append(t)
        t, rollup = timed(more.rollup)
        rollup_runs.append(t)
    one_notice = build_notice(
        NoticeInput(UNIT, ISSUER, ISSUED, "兖创办发〔2020〕9号", depts[0], rubric, card, inp.owners)
    )
    pdfs = {}
    if not args.no_pdf:
        docs = {
            "考评报告": data,
            "整改通知书": one_notice,
            "工作简报": bulletin,
            "全市通报": rollup,
        }
        pdfs = {name: more.pdf_times(doc) for name, doc in docs.items()}
    load_after = os.getloadavg()

    def row(name, runs, goal, count=1, old=None):
        best, med, worst = min(runs), statistics.median(runs), max(runs)
        verdict = ("met" if med < goal else "NOT met") if goal else "—"
        return (
            f"| {name} | {best:.2f} | {med:.2f} | {worst:.2f} | {med / count * 1000:.0f} "
            f"| {'—' if old is None else f'{old:.2f}'} | {f'< {goal:g} s: ' if goal else ''}"
            f"{verdict} |"
        )

    def pdf_row(name, times):
        first_s, second_s, pages = times
        again = "—" if second_s is None else f"{second_s:.2f}"
        total = first_s + (second_s or 0)
        return f"| {name} | {pages} | {first_s:.2f} | {again} | {total:.2f} |"

    lost_reqs = sum(1 for r in card.requirements if r.lost > 0)
    text = "\n".join(
        [
            SECTION,
            "",
            f"`yanzhou-2020` scored with findings that cost points on {lost_reqs} of 47 "
            f"requirements (2 awaiting review): {len(card.gaps)} gaps over {len(depts)} "
            f"departments, total {card.total}. The report carries every section, a comment and "
            "two cited documents per requirement, the system bar chart and a three-round trend "
            f"chart ({size_kb:.0f} KB docx). Notices cycle over the {len(depts)} departments. "
            f"Wall clock (`time.perf_counter`), {args.repeat} report runs and "
            f"{len(notice_runs)} runs of {args.notices} notices, after a first report timed on "
            f"its own; measured {date.today().isoformat()}.",
            "",
            "| what | best (s) | median (s) | worst (s) | ms each (median) "
            "| 2026-11-23 median (s) | goal |",
            "|---|---:|---:|---:|---:|---:|---|",
            row("first assessment report in the process", [first], 2.0, old=OLD["first"]),
            row("assessment report", report_runs, GOAL_REPORT_S, old=OLD["report"]),
            row(
                f"{args.notices} notices",
                notice_runs,
                GOAL_NOTICES_S,
                args.notices,
                old=OLD["notices"],
            ),
            row("工作简报", bulletin_runs, 0),
            row("全市通报 (12 counties)", rollup_runs, 0),
            "",
            *(
                [
                    "PDF as the app makes it (`reports.pdf.convert`, one LibreOffice start each; "
                    "a second render when the 版记 fell on an odd page), one run each:",
                    "",
                    "| document | pages | first render (s) | second render (s) | total (s) |",
                    "|---|---:|---:|---:|---:|",
                    *(pdf_row(name, t) for name, t in pdfs.items()),
                    "",
                ]
                if pdfs
                else []
            ),
            f"- Machine: {cpus()} CPU(s) (nproc), {cpu_model()}; Python "
            f"{platform.python_version()} ({platform.python_implementation()}), "
            f"{platform.system()} {platform.machine()}",
            "- Load average (1, 5, 15 min) before / after: "
            + ", ".join(f"{v:.2f}" for v in load_before)
            + " / "
            + ", ".join(f"{v:.2f}" for v in load_after)
            + " (shared machine)",
            f"- Importing `reports`, `rubric` and `scoring` (python-docx, openpyxl, matplotlib) "
            f"took {IMPORT_S:.2f} s in this run and is not in the table; the first report "
            "includes the CJK font lookup for the charts.",
            "- The 2026-11-23 column was measured before the 公文 frame (issue 11) at load 0.8 "
            "on an Intel Xeon; compare with care when the load differs (this bench writes "
            "the load of each run above).",
            "- Command: `cd /work/main && .venv/bin/python bench/reports.py`",
            "",
        ]
    )
    print(text)
    if not args.no_docs:
        write_section(SECTION, text)
        print(f"written to {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
