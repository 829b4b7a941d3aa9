import io
import re

import docx
import openpyxl
import pytest

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.errors import PermissionDenied
from services.rounds import core as rounds
from services.rounds import sheets
from tests.services.helpers import make_world


def _scored_round(w):
    r = rounds.create_round(
        w.office, name="第一次模拟考评", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )
    sheets.save_requirement(w.inspector, r.id, "1.2.1", {"1.2.1a": True}, comment="组长未明确")
    sheets.save_requirement(w.inspector, r.id, "2.2.1", {"2.2.1a": 0.85})
    return r


def _text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_assessment_report_carries_the_round_total_and_comment(pioneer_home):
    w = make_world()
    r = _scored_round(w)
    text = _text(documents.assessment_report(w.inspector, r.id))
    total = rounds.round_scorecard(SYSTEM_ACTOR, r.id).total
    assert fmt(total) in text
    assert "组长未明确" in text
    assert re.search(r"组长未明确，失[\d.]+分（满分1分）。责任单位：", text)


def test_notices_one_per_department_with_gaps(pioneer_home):
    w = make_world()
    r = _scored_round(w)
    docs = documents.notices(w.office, r.id)
    assert "区政府办公室" in docs  # 1.2.1 lost points
    assert "组长未明确" in _text(docs["区政府办公室"])
    numbers = [re.search(r"测创办发〔\d+〕\d+号", _text(d)).group(0) for d in docs.values()]
    assert len(set(numbers)) == len(docs)  # each notice its own 发文字号
    with pytest.raises(PermissionDenied):
        documents.notices(w.dept_a, r.id)


def test_exports_open_and_match_the_scorecard(pioneer_home):
    w = make_world()
    r = _scored_round(w)
    card = rounds.round_scorecard(SYSTEM_ACTOR, r.id)
    wb = openpyxl.load_workbook(io.BytesIO(documents.export(w.office, "gaps", r.id)))
    ws = wb.active
    ids = {str(row[0]) for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}
    assert {g.requirement for g in card.gaps} <= ids
    assert ws.cell(1, 1).value == "测试区第一次模拟考评整改清单"
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref
    scores = openpyxl.load_workbook(io.BytesIO(documents.export(w.office, "scores", r.id)))
    assert scores.active.max_row >= 48
    with pytest.raises(PermissionDenied):
        documents.export(w.viewer, "gaps", r.id)


def test_bulletin_builds_for_a_period(pioneer_home):
    import datetime as dt

    w = make_world()
    r = _scored_round(w)
    text = _text(bulletin_docs.bulletin(w.office, r.id, dt.date(2020, 1, 1)))
    assert "简报" in text
