"""Refresh docs/documents/*.png and docs/report-page.png: a page of each document the system
issues, rendered the way the app renders it (LibreOffice with reports/fonts/fonts.conf).

usage: .venv/bin/python scripts/document-pages.py [--out docs] [--dpi 100] [--keep DIR]

Builds the demo city (济宁市（演示） with the demo county 兖州区（演示）) in a temporary
PIONEER_HOME on SQLite, issues each document through the services as the office would (考评报告,
整改通知书, 工作简报, 全市创建工作进展通报), converts them to PDF in one LibreOffice run and saves
the first page of each (pdftoppm, a 64-colour palette to stay small). docs/report-page.png is
the report's page with 图1. ``--keep`` also writes the .docx and .pdf files there.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# file name -> what the page shows (docs/documents.md lists them)
PAGES = {
    "assessment": "考评报告（首页）",
    "notice": "整改通知书（首页）",
    "bulletin": "工作简报（首页）",
    "rollup": "全市创建工作进展通报（首页）",
}
MAX_BYTES = 300 * 1024


def issue_documents() -> dict[str, bytes]:
    """Each kind of document, issued in the demo city (in the current PIONEER_HOME)."""
    from sqlmodel import select

    from services.actor import CLI_ACTOR
    from services.demo.build import get_demo_unit_id
    from services.demo.city import CITY, create_city_demo
    from services.documents import core as documents
    from services.documents.bulletin import issued_bulletin
    from services.rollup.documents import rollup_notice
    from store.db import session_scope
    from store.org import Unit
    from store.rounds import Round

    create_city_demo()
    county = get_demo_unit_id()
    with session_scope() as session:
        city = session.exec(select(Unit).where(Unit.name == CITY)).one().id
        round_id = max(r.id for r in session.exec(select(Round).where(Round.unit_id == county)))
    report = documents.issued_assessment(CLI_ACTOR, round_id)[0]  # the report first, as an
    notices = documents.issued_notices(CLI_ACTOR, round_id)  # office issues them
    most = max(notices.values(), key=lambda pair: len(pair[0]))  # the longest list
    return {
        "assessment": report,
        "notice": most[0],
        "bulletin": issued_bulletin(CLI_ACTOR, round_id)[0],
        "rollup": rollup_notice(CLI_ACTOR, city),
    }


def page_png(pdf: bytes, page: int, dpi: int) -> bytes:
    """One page of a PDF as a small PNG (64-colour palette: the red 版头 stays red)."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="pioneer-pages-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        cmd = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page)]
        subprocess.run([*cmd, "-singlefile", str(src), str(Path(tmp) / "page")], check=True)
        image = Image.open(Path(tmp) / "page.png").convert("RGB")
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    buf = io.BytesIO()
    small.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def page_with(pdf: bytes, start: str) -> int:
    """The first page with a line starting with ``start`` (1 when none has)."""
    from pypdf import PdfReader

    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        lines = ["".join(line.split()) for line in page.extract_text().splitlines()]
        if any(line.startswith(start) for line in lines):
            return n
    return 1


def blank_pages(pdf: bytes) -> list[int]:
    """Pages holding nothing but their page number (a clerk would not send one), except the
    empty page record_page puts before a 版记 that stood alone on an odd page."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    text = ["".join(p.extract_text().split()) for p in pages]
    before_record = len(pages) - 1 if text and "印发" in text[-1] else None
    return [n for n, t in enumerate(text, 1) if len(t) <= 5 and n != before_record]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs"))
    ap.add_argument("--dpi", type=int, default=100)
    ap.add_argument("--keep", help="also write the .docx and .pdf files to this folder")
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="pioneer-pages-home-")
    os.environ.update(PIONEER_HOME=home, PIONEER_DEMO="1")
    os.environ.pop("PIONEER_DATABASE_URL", None)
    from services.documents.pdf import documents_pdfs

    try:
        files = issue_documents()
        pdfs = documents_pdfs(files)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    for name, pdf in pdfs.items():
        if blank := blank_pages(pdf):
            sys.exit(f"{name}: page {', '.join(map(str, blank))} is blank")
    out = Path(args.out)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    shots = {out / "documents" / f"{name}.png": (pdfs[name], 1) for name in PAGES}
    report = pdfs["assessment"]
    shots[out / "report-page.png"] = (report, page_with(report, "图1"))  # 表1 and 图1
    for target, (pdf, page) in shots.items():
        png = page_png(pdf, page, args.dpi)
        if len(png) > MAX_BYTES:
            sys.exit(f"{target}: {len(png) // 1024} KB, more than {MAX_BYTES // 1024} KB")
        target.write_bytes(png)
        print(
            f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
            f"page {page}, {len(png) // 1024} KB"
        )
    if args.keep:
        keep = Path(args.keep)
        keep.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (keep / f"{name}.docx").write_bytes(data)
            (keep / f"{name}.pdf").write_bytes(pdfs[name])


if __name__ == "__main__":
    main()
