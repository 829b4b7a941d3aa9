"""迎检材料汇编: one PDF per system, checked as an inspector would leaf through it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select

from reports import pdf as pdf_convert
from services.documents import binder
from services.errors import PermissionDenied
from services.evidence import intake
from services.evidence import query as evidence_query
from services.rounds import core as rounds
from services.rounds import sheets
from tests.reports.pdf_helpers import pdf_text
from tests.services.helpers import UNIT, docx_bytes, make_world
from tests.tools import require

pytestmark = pytest.mark.slow

# title, requirements, kind, decision (None = pending), marker printed in the file
DOCS = [
    ("关于成立创建工作领导小组的通知", ["1.2.1", "1.2.2", "2.2.1"], "docx", "approved", "甲文标记"),
    ("创业培训台账汇总表", ["1.3.1"], "xlsx", "approved", "乙表标记"),
    ("创业街现场照片", ["1.1.1"], "png", "approved", None),
    ("政府工作报告节选", ["1.1.2"], "pdf", "approved", "丙报标记"),
    ("领导小组办公室工作规则", ["1.3.2"], "docx", None, "丁规标记"),
    ("社会参与情况说明", ["1.4.1"], "docx", "returned", "戊说标记"),
]
RETURN_REASON = "缺少盖章页"
COMMENT = "领导小组组长由分管副区长担任"


def _file(kind: str, marker: str | None) -> bytes:
    if kind == "docx":
        return docx_bytes("正文", marker)
    if kind == "pdf":
        return pdf_convert.convert(docx_bytes("报告正文", marker))
    if kind == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([marker] + [f"第{i}列" for i in range(1, 25)])
        for r in range(30):
            ws.append([f"第{r}行"] + [r * c for c in range(1, 25)])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    buf = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def built(pioneer_home, tmp_path):
    require("soffice", "pdftotext")
    w = make_world()
    ids = {}
    for title, reqs, kind, decision, marker in DOCS:
        ext = {"png": "png"}.get(kind, kind)
        out = intake.add_evidence(
            w.office,
            _file(kind, marker),
            f"{title}.{ext}",
            requirements=reqs,
            department="区人社局",
            unit=UNIT,
            title=title,
            doc_number="测试发〔2026〕1号" if kind == "docx" else None,
        )
        ids[title] = out["evidence_id"]
        if decision:
            reason = RETURN_REASON if decision == "returned" else None
            evidence_query.review(w.inspector, out["evidence_id"], decision, reason)
    r = rounds.create_round(
        w.office, name="第一次模拟考评", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True}, comment=COMMENT)
    steps = []
    summary = binder.build_binder(
        w.office, r.id, tmp_path / "out", progress=lambda d, t, s: steps.append((d, t, s))
    )
    return w, r, summary, steps


def _outline(reader: PdfReader, items=None, depth=1) -> list[tuple[int, str, int]]:
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += _outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return out


def test_each_system_binder_is_bookmarked_numbered_and_complete(built):
    w, r, summary, steps = built
    folder = Path(summary["folder"])
    assert [f["file"] for f in summary["files"]][:2] == [
        "01-组织领导体系.pdf",
        "02-政策扶持体系.pdf",
    ]
    assert steps[-1][0] == steps[-1][1] and steps[-1][2] == "汇编完成"
    index = openpyxl.load_workbook(folder / binder.INDEX_NAME)
    index_rows = list(index["材料目录"].iter_rows(min_row=2, values_only=True))
    missing_rows = list(index["缺失材料"].iter_rows(min_row=2, values_only=True))
    approved = {t: m for t, _, _, d, m in DOCS if d == "approved"}
    seen_in: dict[str, list[str]] = {}
    for f in summary["files"]:
        path = folder / f["file"]
        reader = PdfReader(path)
        assert len(reader.pages) == f["pages"]
        outline = _outline(reader)
        assert max(d for d, _, _ in outline) == 4 or f["documents"] == 0
        root = [o for o in outline if o[0] == 1]
        assert root == [(1, f["system"], 1)]
        level2 = [t for d, t, _ in outline if d == 2]
        assert level2[0] == "目录" and level2[-1] == "缺失材料清单"
        # every page carries its number at the foot, as pdftotext reads it
        for n in range(1, len(reader.pages) + 1):
            assert "".join(pdf_text(path, n, bottom=60).split()) == f"—{n}—", (f["file"], n)
        toc = "".join(pdf_text(path, n) for n in range(2, _front_pages(outline) + 1))
        for depth, title, page in outline:
            if depth == 4:  # a document: bound once, listed in the 目录 with the same page
                name = re.search(r"《(.+?)》", title).group(1)
                seen_in.setdefault(name, []).append(f["file"])
                assert re.search(
                    re.escape(name) + r".*?\.{3,}\s*" + str(page) + r"\s*$", toc, re.M
                ), (
                    name,
                    page,
                )
                marker = approved[name]
                if marker:
                    assert marker in "".join(pdf_text(path, page).split())
                row = [x for x in index_rows if x[0] == f["file"] and x[4] == name]
                assert len(row) == 1 and row[0][8] == page
            if depth == 3:  # a requirement: its divider page
                req_id = re.search(r"（([\d.]+)）$", title).group(1)
                assert re.search(
                    r"（" + re.escape(req_id) + r"）\s*\.{3,}\s*" + str(page), toc
                ) or (req_id in "".join(pdf_text(path, page).split()))
                assert req_id in "".join(pdf_text(path, page).split())
        whole = "".join(pdf_text(path).split())
        for name, marker in approved.items():
            if marker:
                assert whole.count(marker) == seen_in.get(name, []).count(f["file"])
    # the docx proving 1.2.1, 1.2.2 and 2.2.1: bound once in each of the two binders
    assert seen_in["关于成立创建工作领导小组的通知"] == [
        "01-组织领导体系.pdf",
        "02-政策扶持体系.pdf",
    ]
    assert set(seen_in) == set(approved)
    # what is not approved is on the 缺失材料清单 of its binder, with the reason
    first = folder / summary["files"][0]["file"]
    outline = _outline(PdfReader(first))
    missing_page = next(p for d, t, p in outline if t == "缺失材料清单")
    missing_text = "".join(
        "".join(pdf_text(first, n).split())
        for n in range(missing_page, len(PdfReader(first).pages) + 1)
    )
    assert "领导小组办公室工作规则" in missing_text and "待审核" in missing_text
    assert "社会参与情况说明" in missing_text and RETURN_REASON in missing_text
    assert "无材料" in missing_text  # requirements nobody has answered yet
    assert {("领导小组办公室工作规则", "待审核"), ("社会参与情况说明", "已退回")} <= {
        (re.search(r"《(.+?)》", m[3]).group(1), m[5]) for m in missing_rows if "《" in m[3]
    }
    # the divider of 1.2.1 carries the scoring clause and the inspector's comment
    divider = next(p for d, t, p in outline if d == 3 and t.endswith("（1.2.1）"))
    text = "".join(pdf_text(first, divider).split())
    assert COMMENT in text and "评分办法" in text and "另见" not in text
    later = next(p for d, t, p in outline if d == 3 and t.endswith("（1.2.2）"))
    assert "另见" in "".join(pdf_text(first, later).split())


def _front_pages(outline) -> int:
    """Cover and 目录 end where the first indicator starts."""
    first = next(p for d, t, p in outline if d == 2 and t != "目录")
    return first - 1


def test_only_the_office_builds_binders(pioneer_home, tmp_path):
    w = make_world()
    r = rounds.create_round(w.office, name="自评", unit_id=w.unit_id, kind="自评")
    with pytest.raises(PermissionDenied):
        binder.build_binder(w.dept_a, r.id, tmp_path)
    with pytest.raises(PermissionDenied):
        binder.start_binder(w.inspector, r.id)


def test_the_app_builds_the_binder_as_a_job_any_server_follows(pioneer_home, monkeypatch):
    """start_binder queues a job; its row carries the progress and the result, and the files go
    under the shared file root, where any app server reads them."""
    from services.jobs import local
    from store.settings import load_settings

    require("soffice")
    monkeypatch.setattr(local, "start", lambda schedule=True: False)  # the test runs the queue
    w = make_world()
    title, reqs, kind, _, marker = DOCS[0]
    out = intake.add_evidence(
        w.office, _file(kind, marker), f"{title}.docx", requirements=reqs,
        department="区人社局", unit=UNIT, title=title,
    )  # fmt: skip
    evidence_query.review(w.inspector, out["evidence_id"], "approved", None)
    r = rounds.create_round(w.office, name="自评", unit_id=w.unit_id, kind="自评")
    assert binder.binder_status(w.office, r.id) == {}
    job_id = binder.start_binder(w.office, r.id)
    assert binder.start_binder(w.office, r.id) is None  # one build of a round at a time
    assert binder.binder_status(w.office, r.id)["status"] == "queued"
    local.run_due()  # with the upload's own follow-up jobs (OCR, 预评)
    status = binder.binder_status(w.office, r.id)
    assert status["id"] == job_id and status["status"] == "succeeded", status["error"]
    assert status["done"] == status["total"] > 0 and status["message"].startswith("已生成")
    summary = status["result"]
    assert summary["documents"] == 1
    folder = load_settings().files / summary["folder"]
    assert not Path(summary["folder"]).is_absolute() and (folder / binder.INDEX_NAME).exists()
    pdf = binder.binder_file(summary, summary["files"][0]["file"])
    assert pdf.startswith(b"%PDF") and marker in "".join(pdf_text_of(pdf).split())
    again = binder.start_binder(w.office, r.id)
    assert again not in (None, job_id)  # finished: build again
    local.run_due()
    status = binder.binder_status(w.office, r.id)
    assert status["id"] == again and status["status"] == "succeeded", status["error"]
    new_folder = load_settings().files / status["result"]["folder"]
    assert new_folder.is_dir() and not folder.exists()  # the older build's files are removed
    assert [p.name for p in folder.parent.iterdir()] == [new_folder.name]


def pdf_text_of(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.pg  # no LibreOffice needed: runs in CI's PostgreSQL pass, where it matters
def test_two_servers_starting_the_same_binder_at_once_queue_one_build(pioneer_home, monkeypatch):
    """Two app servers press 生成 for one round at the same moment: both see no build yet; the
    round is locked while one checks and queues, so the other then sees that build and queues
    none (PostgreSQL; SQLite runs one app process, which writes one at a time)."""
    import contextlib
    import threading

    from services.jobs import local
    from store.db import session_scope
    from store.job_tables import BackgroundJob
    from store.settings import load_settings

    if load_settings().is_sqlite:
        pytest.skip("需要 PostgreSQL（设置 PIONEER_TEST_DATABASE_URL）")
    monkeypatch.setattr(local, "start", lambda schedule=True: False)
    w = make_world()
    r = rounds.create_round(w.office, name="自评", unit_id=w.unit_id, kind="自评")
    both_looked = threading.Barrier(2, timeout=3)
    looked = binder._latest_job

    def look_then_wait(session, unit_id, round_id):
        job = looked(session, unit_id, round_id)
        # without the lock both get here before either queues (a sure race); with it, the
        # other waits on the lock and the barrier breaks after its timeout
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return job

    monkeypatch.setattr(binder, "_latest_job", look_then_wait)
    got: list = []
    threads = [
        threading.Thread(target=lambda: got.append(binder.start_binder(w.office, r.id)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(got, key=lambda j: j is None)[1:] == [None], got  # one id, one None
    with session_scope() as session:
        jobs = session.exec(select(BackgroundJob).where(BackgroundJob.kind == "binder")).all()
    assert len(jobs) == 1
