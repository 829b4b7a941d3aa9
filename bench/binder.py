"""Benchmark: 迎检材料汇编 (the binder) of the demo county, and of the demo with more evidence.

Usage:  .venv/bin/python bench/binder.py [--repeat 3] [--extra 80] [--no-docs]

Builds the demo county in a temporary PIONEER_HOME, then times ``build_binder`` for its mock
round (wall clock, best / median / worst of N runs) and records the PDFs' pages and sizes.
With ``--extra N`` it then adds N approved files of four kinds in turn (a Word notice, a
30-column Excel sheet, a 1600x1200 photo, a 2-page PDF) spread over the requirements and
times the binder again. Writes the figures under "## Binder" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from bench_common import cpu_model, cpus, write_section  # noqa: E402

sys.path.insert(0, str(ROOT))


def _extra_files(n: int, reqs: list[str]) -> list[tuple[str, bytes, str, list[str]]]:
    import docx
    import openpyxl
    from PIL import Image

    from reports import pdf

    def word(i: int) -> bytes:
        d = docx.Document()
        d.add_paragraph(f"关于第{i}项创建工作的通知")
        for _ in range(12):
            d.add_paragraph("根据创建省级创业型城市工作要求，现就有关工作通知如下。" * 4)
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()

    sample_pdf = pdf.convert(word(0))
    out = []
    for i in range(n):
        kind = ("docx", "xlsx", "png", "pdf")[i % 4]
        if kind == "docx":
            data = word(i)
        elif kind == "xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.append([f"第{c}列" for c in range(30)])
            for r in range(60):
                ws.append([f"数据{r}-{c}" for c in range(30)])
            buf = io.BytesIO()
            wb.save(buf)
            data = buf.getvalue()
        elif kind == "png":
            buf = io.BytesIO()
            Image.effect_noise((1600, 1200), 40).convert("RGB").save(buf, "JPEG", quality=85)
            data, kind = buf.getvalue(), "jpg"
        else:
            data = sample_pdf
        out.append((f"补充材料第{i + 1}号", data, kind, [reqs[i % len(reqs)]]))
    return out


def _time(build, repeat: int) -> tuple[list[float], dict]:
    times, summary = [], {}
    for _ in range(repeat):
        start = time.perf_counter()
        summary = build()
        times.append(time.perf_counter() - start)
    return times, summary


def _row(label: str, times: list[float], s: dict) -> str:
    mb = s["bytes"] / 1024 / 1024
    return (
        f"| {label} | {s['documents']} | {s['missing']} | {s['pages']} | {mb:.1f} | "
        f"{min(times):.1f} | {statistics.median(times):.1f} | {max(times):.1f} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--extra", type=int, default=80)
    ap.add_argument("--no-docs", action="store_true")
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-binder-"))
    os.environ["PIONEER_HOME"] = str(home)
    os.environ.pop("PIONEER_DATABASE_URL", None)
    from services.actor import CLI_ACTOR
    from services.demo.build import DEMO_UNIT, create_demo
    from services.documents.binder import build_binder
    from services.evidence import intake
    from services.evidence import query as evidence_query
    from services.rubrics import get_rubric

    create_demo()
    load = os.getloadavg()
    out = home / "out"
    times, demo = _time(lambda: build_binder(CLI_ACTOR, 1, out), args.repeat)
    per_file = demo["files"]
    print(_row("demo", times, demo))
    rows = [_row("演示县区", times, demo)]
    if args.extra:
        reqs = [r.id for r in get_rubric().requirements()]
        for title, data, kind, linked in _extra_files(args.extra, reqs):
            added = intake.add_evidence(
                CLI_ACTOR,
                data,
                f"{title}.{kind}",
                requirements=linked,
                department="区人社局",
                unit=DEMO_UNIT,
                title=title,
            )
            evidence_query.review(CLI_ACTOR, added["evidence_id"], "approved")
        times2, more = _time(lambda: build_binder(CLI_ACTOR, 1, out), args.repeat)
        print(_row(f"demo+{args.extra}", times2, more))
        rows.append(_row(f"演示县区另加 {args.extra} 份材料", times2, more))
    after = os.getloadavg()
    text = "\n".join(
        [
            "## Binder",
            "",
            "`build_binder` (迎检材料汇编) for the demo county's mock round: one PDF per system "
            "(cover, 目录, a divider per requirement, every approved file converted, 缺失材料清单, "
            "page numbers and bookmarks) and 材料目录.xlsx. The demo's evidence is 16 Word files, "
            f"10 approved. The second row adds {args.extra} approved files in turn a Word notice, "
            "a 30-column Excel sheet, a 1600x1200 photo and a 2-page PDF. Wall clock "
            f"(`time.perf_counter`), {args.repeat} runs each; measured {date.today().isoformat()}.",
            "",
            "| county | files bound | missing items | pages | PDF size (MB) | best (s) "
            "| median (s) | worst (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Demo county per binder: "
            + "; ".join(
                f"{f['system']} {f['pages']} pages, {f['bytes'] // 1024} KB" for f in per_file
            )
            + ".",
            "",
            "Where the time goes: LibreOffice runs three times (the Word/Excel evidence in one "
            "batch, then the generated pages twice: with placeholder page numbers, then with the "
            "real ones), about 2 s to start each time; the sandbox opens every PDF and picture.",
            "",
            f"- Machine: {cpus()} CPU(s) (nproc), {cpu_model()}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}",
            f"- Load average before / after: {', '.join(f'{x:.2f}' for x in load)} / "
            f"{', '.join(f'{x:.2f}' for x in after)} (shared machine)",
            f"- Command: `.venv/bin/python bench/binder.py --repeat {args.repeat} --extra {args.extra}`",
            "- Goal: the demo county's binder in under 60 s — "
            + ("met" if statistics.median(times) < 60 else "not met"),
        ]
    )
    if not args.no_docs:
        write_section("## Binder", text)
    print(text)


if __name__ == "__main__":
    main()
