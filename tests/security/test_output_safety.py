"""Issue 10 item 5: text leaving the system cannot break or hijack a document.

- One cleaning function (reports/sanitize.py) for every .docx and .xlsx writer: a \\x0b or \\x01
  in a title, 文号, review reason or comment used to make the 材料清单 export, or every notice,
  fail for the whole round.
- Formula-like text is written as text in every spreadsheet.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import pathlib
import re
import zipfile

import docx
import pytest
from openpyxl import load_workbook

from reports.binder.index import index_xlsx
from reports.sanitize import cell_text, xml_text
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.errors import InvalidInput
from services.evidence import query
from services.ledgers import samples
from services.rollup import documents as rollup_docs
from services.rounds import sheets
from store.db import session_scope
from store.evidence_tables import Evidence
from tests.services.city import City, make_city
from ui.components.tables import md_escape

ROOT = pathlib.Path(__file__).resolve().parents[2]
TODAY = dt.date(2020, 6, 1)
TITLE = "关于\x0b成立\x01领导小组的通知"
NUMBER = '=HYPERLINK("http://x.example/","点击")\x01'
COMMENT = "分工\x0b不明确\x01\x1f"
BINDER_ROW = {"binder": "01", "system": "体系", "indicator": "指标", "requirement": "1.2.1"}
BINDER_ROW["department"] = "区人社局\x01"
BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def test_the_one_cleaning_drops_control_characters_and_escapes_formulas():
    assert xml_text("标题\x01\x0b带\x7f控制符\ud800") == "标题带控制符"
    assert xml_text("换行\n与\t制表") == "换行\n与\t制表"
    assert xml_text(None) == ""
    for hostile in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0", "＝1"):
        assert cell_text(hostile).startswith("'"), hostile
    assert cell_text("\x01=1") == "'=1"  # cleaned first, then escaped
    assert cell_text("创业培训") == "创业培训"


# where a writer could clean text its own way: a control-character class or a formula prefix list
_OWN_CLEANING = re.compile(r"\\x0b|\\x0e-\\x1f|FORMULA_START\s*=")
# modules that clean text on its way in (not out), or for a chat message rather than XML
_INBOUND = {"evidence/normalize.py", "ledgers/values.py", "services/reminders/content.py"}


def test_no_writer_cleans_text_its_own_way():
    """Every package that writes documents uses reports.sanitize, not a copy of it."""
    own = []
    for package in ("reports", "services", "ledgers", "ui", "cli", "evidence"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "reports/sanitize.py" or rel in _INBOUND:
                continue
            if _OWN_CLEANING.search(path.read_text(encoding="utf-8")):
                own.append(rel)
    assert own == []


# workbooks whose cells hold only the product's own text, never a user's
FIXED_TEXT_ONLY = {
    "ledgers/template.py": "a ledger template: fixed headings and notes",
    "services/demo/ledgers.py": "the demo's generated input files",
}
_WRITES_CELLS = re.compile(r"\bws\.append\(|\.add_run\([^)]")


def test_every_cell_writer_goes_through_the_one_cleaning():
    """A module that appends rows to a worksheet must clean them with reports.sanitize (directly
    or through reports.xlsx / reports.binder.index, which do)."""
    cleaners = {"cell_text", "cell_value", "safe_text", "text_cell", "xml_text", "table_xlsx"}
    unclean = []
    for package in ("reports", "services", "ledgers", "cli", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            src = path.read_text(encoding="utf-8")
            if not _WRITES_CELLS.search(src):
                continue
            names = {n.id for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Name)}
            names |= {n.attr for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Attribute)}
            if not names & cleaners:
                unclean.append(path.relative_to(ROOT).as_posix())
    assert sorted(unclean) == sorted(FIXED_TEXT_ONLY)


def _texts(data: bytes) -> list[str]:
    """Every text of a .docx or .xlsx (a workbook's cells; a document's paragraphs and tables)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    if "word/document.xml" in names:
        d = docx.Document(io.BytesIO(data))
        out = [p.text for p in d.paragraphs]
        out += [c.text for t in d.tables for r in t.rows for c in r.cells]
        return out
    wb = load_workbook(io.BytesIO(data))
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"formula in {ws.title}!{c.coordinate}"
                if isinstance(c.value, str):
                    out.append(c.value)
    return out


@pytest.fixture
def hostile_city(pioneer_home) -> City:
    c = make_city()
    with session_scope() as s:
        ev = s.get(Evidence, c.evidence_a)
        ev.title, ev.doc_number = TITLE, NUMBER
        s.add(ev)
    sheets.save_requirement(
        c.inspector_b, c.round_a, "1.2.1", {"1.2.1a": False}, comment=COMMENT, cited=[c.evidence_a]
    )
    query.review(c.office_a, c.evidence_a, "returned", reason=COMMENT)
    return c


def test_control_characters_and_formulas_in_user_text_break_no_document(hostile_city):
    c = hostile_city
    made = {
        "考评报告": documents.assessment_report(c.office_a, c.round_a, TODAY),
        "工作简报": bulletin_docs.bulletin(
            c.office_a, c.round_a, since=dt.date(2020, 1, 1), today=TODAY
        ),
        "全市进展通报": rollup_docs.rollup_notice(c.city_office, c.city, TODAY),
        "全市汇总表": rollup_docs.rollup_export(c.city_office, c.city, TODAY),
        "抽样核查清单": samples.sample_xlsx(c.office_a, c.sample_a),
        "材料目录": index_xlsx(
            [dict(BINDER_ROW, title=TITLE, doc_number=NUMBER, doc_date=TODAY, page=1, pages=2)],
            [dict(BINDER_ROW, title=TITLE, status="无材料", reason=COMMENT)],
        ),
    }
    for kind in ("gaps", "evidence", "scores"):
        made[kind] = documents.export(c.office_a, kind, c.round_a, TODAY)
    for dept, data in documents.notices(c.office_a, c.round_a, TODAY).items():
        made[f"整改通知书{dept}"] = data
    assert any(k.startswith("整改通知书") for k in made)
    texts = {name: _texts(data) for name, data in made.items()}
    for name, found in texts.items():
        assert not [t for t in found if BAD.search(t)], name
    assert "关于成立领导小组的通知" in texts["evidence"]
    assert cell_text(NUMBER) in texts["evidence"]
    assert [n for n, found in texts.items() if any("分工不明确" in t for t in found)]


MD_SOURCE = "统计年报[点此核对](http://evil.example/x) ![](http://evil.example/p.png) **粗**"


def test_a_department_entered_source_shows_as_plain_text_on_the_overview(demo_home):
    """Markdown in 数据来源 rendered on the leader's 总览 as a live link and a remote image."""
    from sqlmodel import select

    from services.org import auth
    from store.org import Department, User
    from tests.ui.conftest import app_as, password_of

    with session_scope() as s:
        dept = s.exec(select(Department).where(Department.name == "区统计局")).first()
        user = s.exec(select(User).where(User.department_id == dept.id)).first()
        unit_id = dept.unit_id
        username = user.username
    actor = auth.login(username, password_of(demo_home, username))
    from services.ledgers import figures

    figures.enter_figure(
        actor,
        unit_id,
        "activity",
        8200,
        50000,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        period_label="2020年",
        source=MD_SOURCE,
    )
    at = app_as(demo_home, "lingdao")
    assert not at.exception
    bodies = [m.value for m in at.markdown] + [c.value for c in at.caption]
    shown = [b for b in bodies if "点此核对" in b]
    assert shown, "the source is on the page"
    live = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[")  # a link or an image not escaped
    assert not [b for b in shown if live.search(b)]
    assert any(md_escape(MD_SOURCE) in b for b in shown)


def test_title_and_number_are_corrected_in_place_audited_and_the_number_cleared(pioneer_home):
    from sqlmodel import select

    from services.evidence import details
    from store.audit import AuditEvent
    from store.evidence_tables import EvidenceRevision

    c = make_city()
    out = details.edit_details(
        c.dept_a, c.evidence_a, title="关于\x0b调整领导小组的通知", doc_number="甲政办字〔2020〕5号"
    )
    assert out == {"title": "关于调整领导小组的通知", "doc_number": "甲政办字〔2020〕5号"}
    assert details.edit_details(c.office_a, c.evidence_a, doc_number=" ")["doc_number"] is None
    item = query.get_evidence(c.office_a, c.evidence_a)
    assert (item.title, item.doc_number, item.revision) == ("关于调整领导小组的通知", None, 1)
    with session_scope() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "evidence.details")).all()
        revisions = s.exec(select(EvidenceRevision)).all()
    assert len(events) == 2 and len(revisions) == 1
    with pytest.raises(InvalidInput):
        details.edit_details(c.dept_a, c.evidence_a, title="  ")


def test_a_department_corrects_a_title_on_its_tasks_page(demo_home):
    from tests.ui.conftest import app_as

    at = app_as(demo_home, "jycy", "tasks")
    at.toggle(key="edit_open").set_value(True).run()
    ev_id = at.selectbox(key="edit_ev").value
    at.text_input(key=f"edit_title_{ev_id}").set_value("更正后的标题[链接](http://x)").run()
    at.text_input(key=f"edit_number_{ev_id}").set_value("").run()
    at.button(key="edit_save").click().run()
    assert not at.exception and not at.error
    item = query.get_evidence(at.session_state["actor"], ev_id)
    assert (item.title, item.doc_number) == ("更正后的标题[链接](http://x)", None)
