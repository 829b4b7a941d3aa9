"""审计日志: the office sees its units' events, filters them, and exports clean Excel cells."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from services import audit
from services.audit import log as audit_log
from services.errors import PermissionDenied
from services.org import auth
from store.db import session_scope
from tests.ui.conftest import app_as, password_of, texts


def test_the_office_filters_the_audit_log_and_exports_it(demo_home):
    at = app_as(demo_home, "bangongshi", "audit")
    assert not at.exception, at.exception
    assert "审计日志" in texts(at)
    table = at.dataframe[0].value
    assert "上传材料" in set(table["操作"])
    at.selectbox(key="audit_action").set_value("evidence.review").run()
    table = at.dataframe[0].value
    assert len(table) and set(table["操作"]) == {"审核材料"}
    at.text_input(key="audit_since").set_value("2020-13-01").run()
    assert "不是有效日期" in texts(at) or any("不是有效日期" in e.value for e in at.error)
    at.text_input(key="audit_since").set_value("").run()
    at.button(key="audit_export_build").click().run()
    assert not at.exception, at.exception
    data = at.session_state["audit_export"]
    ws = load_workbook(io.BytesIO(data)).active
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["时间", "单位", "用户", "操作"]
    assert {ws.cell(r, 4).value for r in range(4, ws.max_row + 1)} == {"审核材料"}


def test_export_cells_are_cleaned_and_only_the_office_may_read(demo_home):
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    with session_scope() as session:
        audit.record(
            session,
            office,
            "evidence.review",
            "evidence",
            "=cmd|' /C calc'!A0",
            after={"reason": "退回\x0b原因\x01", "title": '=HYPERLINK("http://x")'},
        )
    f = audit_log.AuditFilter(entity_id="=cmd|' /C calc'!A0")
    ws = load_workbook(io.BytesIO(audit_log.export_xlsx(office, f))).active
    row = [c.value for c in ws[4]]
    assert row[5] == "'=cmd|' /C calc'!A0"
    assert "\x0b" not in row[7] and "\x01" not in row[7] and "退回原因" in row[7]
    exported = audit_log.list_events(office, audit_log.AuditFilter(action="audit.export"))
    assert exported and exported[0].username == "bangongshi"
    dept = auth.login("rsj", password_of(demo_home, "rsj"))
    with pytest.raises(PermissionDenied):
        audit_log.list_events(dept)
