"""One truth: every surface answers the same questions the same way.

The demo county gets a second round (copied from the first, one requirement changed, deadlines
set per department and per requirement, made current). Then 总览, 整改清单, 我的任务 of every
department, the 考评报告, every 整改通知书, the 工作简报, the three Excel exports and the
command line's JSON (`gaps`, `indicators`, and `score` on the round's findings) are each asked:
- per requirement: its departments, its deadline, its lost and pending points;
- per department: how many requirements it answers for and how many are open;
- per data indicator: its value.
Each surface is read back from what it shows (tables, documents, JSON), never from the service
that built it, and compared with the round's state. Any disagreement fails the test.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from cli import app as cli_app
from reports.bulletin_annexes import named
from services.actor import SYSTEM_ACTOR, Actor
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.ledgers.indicators import indicator_lines
from services.org import auth
from services.org import units as org
from services.rounds import core as rounds
from services.rounds import deadlines, sheets
from services.rounds.state import load_state
from services.rounds.tasks import my_tasks
from tests.reports.helpers import open_docx, table_rows
from tests.reports.pdf_helpers import pdf_pages, render_pdfs, require, words
from tests.ui.conftest import app_as, demo_copy, password_of
from tests.ui.consistency_reference import (
    annex_tables,
    cn_date,
    doc_tables,
    expected_counts,
    expected_items,
    findings_file,
    iso_date,
    owners_cell,
    points,
    sheet,
)

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_template):
    with demo_copy(tmp_path_factory, demo_template, "consistency") as home:
        yield _world(home)


def _world(home):
    office = auth.login("bangongshi", password_of(home, "bangongshi"))
    lead = auth.login("kaohe1", password_of(home, "kaohe1"))
    unit_id = org.list_units(SYSTEM_ACTOR)[0].id
    first = rounds.list_rounds(SYSTEM_ACTOR, unit_id)[0]
    second = rounds.create_round(
        office,
        name="第二次模拟考评",
        unit_id=unit_id,
        kind="模拟考评",
        copy_from=first.id,
        lead_inspector="kaohe1",
        stages={
            "selfcheck_until": TODAY + dt.timedelta(days=40),
            "assess_until": TODAY + dt.timedelta(days=80),
        },
    )
    sheets.save_requirement(lead, second.id, "1.2.1", {"1.2.1a": True, "1.2.1c": True})
    deadlines.set_deadline(office, second.id, TODAY - dt.timedelta(days=6), department="区统计局")
    deadlines.set_deadline(office, second.id, TODAY + dt.timedelta(days=9), requirement_id="1.5.2")
    deadlines.set_deadline(office, second.id, TODAY - dt.timedelta(days=12), requirement_id="2.2.3")
    deadlines.set_deadline(
        office,
        second.id,
        TODAY - dt.timedelta(days=3),
        requirement_id="2.2.1",
        department="区财政局",
    )
    rounds.set_current_round(office, second.id)
    state = load_state(office, second.id, TODAY)
    return {"home": home, "office": office, "round": second.id, "state": state, "unit": unit_id}


# ---------------------------------------------------------------- the reference


def test_the_reference_is_not_trivial(world):
    state = world["state"]
    assert state.gaps and state.overdue_items() and state.provisional
    assert len(state.overdue_pairs()) > len(state.overdue_items())
    assert "各成员单位" not in expected_counts(state)
    dues = {d for i in state.gaps for d in expected_items(state)[i.requirement]["due"].values()}
    assert len(dues) >= 3  # round default, per department, per requirement, per pair


# ---------------------------------------------------------------- the pages


def test_gaps_page_agrees(world):
    at = app_as(world["home"], "bangongshi", "gaps")
    assert at.session_state["round_id"] == world["round"]  # opens on the current round
    table = at.dataframe[0].value
    want = expected_items(world["state"])
    assert set(table["编号"]) == set(want)
    for _, row in table.iterrows():
        w = want[row["编号"]]
        assert points(row["失分"]) == w["lost"] and points(row["待评"]) == w["pending"]
        assert set(row["责任单位"].split("、")) == w["departments"]
        assert cn_date(row["整改期限"]) == min(w["due"].values())
    overdue = next(m for m in at.metric if m.label == "逾期事项（项要求）")
    assert int(overdue.value) == len(world["state"].overdue_items())


def test_overview_page_agrees(world):
    at = app_as(world["home"], "bangongshi", "overview")
    state = world["state"]
    counts = expected_counts(state)
    completion = next(df.value for df in at.dataframe if "成员单位" in df.value.columns)
    for _, row in completion.iterrows():
        assert (row["承担要求（项要求）"], row["整改事项"]) == counts[row["成员单位"]]
    overdue = next(df.value for df in at.dataframe if "逾期天数" in df.value.columns)
    want = {(i.requirement, o.department, o.due) for i, o in state.overdue_pairs()}
    got = {(r["编号"], r["责任单位"], cn_date(r["整改期限"])) for _, r in overdue.iterrows()}
    assert got == want
    heading = next(h.value for h in at.subheader if h.value.startswith("逾期事项"))
    assert f"{len(state.overdue_items())} 项要求" in heading
    assert f"{len(state.overdue_pairs())} 项（按部门）" in heading
    figures = next(df.value for df in at.dataframe if "数值" in df.value.columns)
    lines = {x.name: x.value_text for x in indicator_lines(SYSTEM_ACTOR, world["round"])}
    assert dict(zip(figures["指标"], figures["数值"], strict=True)) == lines
    # 总览 shows no list of requirements: its lost and pending points are the requirements'
    # points added up, for the round (metrics) and for each system (the bar chart)
    metric = {m.label: m.value for m in at.metric}
    assert points(metric["已失分"]) == sum(i.lost for i in state.items)
    assert points(metric["待评分值"]) == sum(i.pending for i in state.items)
    bars = {t["name"]: t for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]}
    names = {x.id: x.name for x in state.rubric.systems}
    for kind, field in (("失分", "lost"), ("待评", "pending")):
        shown = {
            name: Decimal(str(v)) for name, v in zip(bars[kind]["y"], bars[kind]["x"], strict=True)
        }
        per_system = {name: Decimal(0) for name in names.values()}
        for i in state.items:
            per_system[names[i.system]] += getattr(i, field)
        assert shown == per_system, kind


def test_tasks_of_every_department_agree(world):
    state = world["state"]
    want = expected_items(state)
    counts = expected_counts(state)
    for dept in org.list_departments(SYSTEM_ACTOR, world["unit"]):
        if dept.name not in counts:
            continue
        actor = Actor(None, "t", dept.name, "department", dept.id, dept.name)
        listing = my_tasks(actor, world["unit"], TODAY)
        assert listing.round_id == world["round"]
        tasks = listing.tasks
        assert (len(tasks), sum(t.is_gap for t in tasks)) == counts[dept.name], dept.name
        for t in tasks:
            if t.requirement in want:
                w = want[t.requirement]
                assert (t.lost, t.pending) == (w["lost"], w["pending"])
                assert t.due == w["due"][dept.name]
    page = app_as(world["home"], "tjj", "tasks")
    metric = next(m for m in page.metric if m.label == "承担要求")
    assert int(metric.value) == counts["区统计局"][0]
    late = next(m for m in page.metric if m.label == "已逾期（项要求）")
    stats = next(d for d in org.list_departments(actor, world["unit"]) if d.name == "区统计局")
    assert int(late.value) == sum(
        1 for i, o in state.overdue_pairs() if o.department_id == stats.id
    )


# ---------------------------------------------------------------- the documents


def test_report_agrees(world):
    """The report's 整改事项清单 (附件1) lists the same open items, points and deadlines."""
    state = world["state"]
    data = documents.assessment_report(world["office"], world["round"], TODAY)
    doc = open_docx(data)
    want = expected_items(state)
    by_text = {f"{i.indicator_name}：{i.text}": i.requirement for i in state.items}
    table = next(t for t in doc.tables if table_rows(t)[0][:3] == ["序号", "创建要求", "存在问题"])
    seen = {}
    for r in table_rows(table)[1:]:
        req = by_text[r[1]]
        kind, value = ("lost", r[3][1:]) if r[3].startswith("失") else ("pending", r[3][2:])
        seen[req] = (kind, points(value), r[4], cn_date(r[5]))
    assert set(seen) == set(want)
    for req, (kind, value, owners, due) in seen.items():
        w = want[req]
        assert value == (w["lost"] if kind == "lost" else w["pending"]), req
        assert owners == owners_cell(state.item(req)), req
        assert due == min(w["due"].values()), req
    figures = next(t for t in doc_tables(data) if t[0][:2] == ["指标", "数值"])
    lines = {x.name: x.value_text for x in indicator_lines(SYSTEM_ACTOR, world["round"])}
    assert {r[0]: r[1] for r in figures[1:]} == lines


def test_every_notice_agrees(world):
    state = world["state"]
    notices = documents.notices(world["office"], world["round"], TODAY)
    want = expected_items(state)
    counts = expected_counts(state)
    assert set(notices) == {n for n, c in counts.items() if c[1] and n != "创建工作领导小组办公室"}
    by_text = {(i.indicator_name, i.text): i.requirement for i in state.items}
    for name, data in notices.items():
        table = next(t for t in doc_tables(data) if t[0][:3] == ["序号", "所属指标", "创建要求"])
        rows = {by_text[(r[1], r[2])]: r for r in table[1:]}
        assert len(rows) == counts[name][1], name
        for req, r in rows.items():
            kind, value = ("lost", r[4][1:]) if r[4].startswith("失") else ("pending", r[4][2:])
            assert points(value) == want[req][kind], (name, req)
            assert cn_date(r[5]) == want[req]["due"][name], (name, req)
            if want[req]["due"][name] < TODAY:
                assert "已逾期" in r[5]
        assert "另行通知" not in "\n".join(" ".join(r) for r in table)


@pytest.fixture(scope="module")
def bulletin(world) -> bytes:
    return bulletin_docs.bulletin(
        world["office"], world["round"], TODAY - dt.timedelta(days=30), TODAY
    )


def test_bulletin_agrees(world, bulletin):
    state = world["state"]
    tables = annex_tables(bulletin)
    want = expected_items(state)
    counts = expected_counts(state)
    by_name = {named(state.rubric, state.card, i.requirement): i for i in state.items}
    assert len(by_name) == len(state.items)  # a name tells one requirement
    gaps = next(t for t in tables if t[0][:3] == ["序号", "创建要求", "失分"])
    assert gaps[0] == ["序号", "创建要求", "失分", "待评", "责任单位", "整改期限"]
    assert {by_name[r[1]].requirement for r in gaps[1:]} == set(want)
    for r in gaps[1:]:
        item = by_name[r[1]]
        w = want[item.requirement]
        assert (points(r[2]), points(r[3])) == (w["lost"], w["pending"])
        assert r[4] == owners_cell(item)
        assert cn_date(r[5]) == min(w["due"].values()), item.requirement  # as the report
        assert ("已逾期" in r[5]) == (min(w["due"].values()) < TODAY), item.requirement
    depts = next(t for t in tables if t[0][:2] == ["责任单位", "承担要求（项）"])
    for r in depts[1:]:
        if r[0] != "合计":
            assert int(r[1]) == counts[r[0]][0], r[0]
    overdue = next(t for t in tables if t[0][:4] == ["序号", "创建要求", "责任单位", "整改期限"])
    got = {
        (by_name[r[1]].requirement, dept, cn_date(r[3]))
        for r in overdue[1:]
        for dept in r[2].split("、")
    }
    assert got == {(i.requirement, o.department, o.due) for i, o in state.overdue_pairs()}


def test_bulletin_lists_member_departments_that_own_items(world, bulletin):
    """The office is not a department that owes work: its own table leaves it out."""
    state = world["state"]
    depts = next(t for t in annex_tables(bulletin) if t[0][:2] == ["责任单位", "承担要求（项）"])
    listed = {r[0] for r in depts[1:]} - {"合计"}
    owners = {o.department: o.kind for i in state.items for o in i.owners}
    assert "office" in owners.values(), "the demo gives the office an item"
    assert listed == {d for d, kind in owners.items() if kind == "member"}


@pytest.mark.slow
def test_bulletin_body_is_at_most_four_pages(bulletin, tmp_path):
    """Rendered by LibreOffice, the 简报 up to 附件1 fills 2-4 pages; the lists are annexed."""
    require("soffice", "pdftotext")
    pdf = render_pdfs({"bulletin": bulletin}, tmp_path)["bulletin"]
    starts = [
        n
        for n in range(1, pdf_pages(pdf) + 1)
        if "".join(w.text for w in words(pdf, n)[:2]).startswith("附件1")
    ]
    assert starts, "附件1 starts a page"
    assert starts[0] - 1 <= 4, f"the body runs {starts[0] - 1} pages"
    for page in range(1, starts[0]):  # a page of the body holds more than its page number
        assert len(words(pdf, page)) > 3, f"page {page} is blank"


def test_excel_exports_agree(world):
    state = world["state"]
    want = expected_items(state)
    gaps = sheet(documents.export(world["office"], "gaps", world["round"], TODAY))
    assert {r["要求编号"] for r in gaps} == set(want)
    for r in gaps:
        w = want[r["要求编号"]]
        assert (points(r["失分"]), points(r["待评"])) == (w["lost"], w["pending"])
        assert set(r["责任部门"].split("、")) == w["departments"]
        due = r["整改期限"]
        assert (due.date() if hasattr(due, "date") else due) == min(w["due"].values())
    scores = sheet(documents.export(world["office"], "scores", world["round"], TODAY))
    for r in scores:
        item = state.item(r["编号"])
        assert set((r["责任部门"] or "").split("、")) - {""} == {o.department for o in item.owners}
        assert points(r["失分"]) == item.lost
    evidence = sheet(documents.export(world["office"], "evidence", world["round"], TODAY))
    names = {d.name for d in org.list_departments(SYSTEM_ACTOR, world["unit"])}
    assert evidence and {r["责任部门"] for r in evidence} <= names


def test_command_line_json_agrees(world):
    state = world["state"]
    runner = CliRunner()
    out = runner.invoke(
        cli_app, ["gaps", "--round", str(world["round"]), "--json", "--today", TODAY.isoformat()]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    want = expected_items(state)
    assert {i["requirement"] for i in data["items"]} == set(want)
    for i in data["items"]:
        w = want[i["requirement"]]
        assert (Decimal(str(i["lost"])), Decimal(str(i["pending"]))) == (w["lost"], w["pending"])
        assert {d["name"]: iso_date(d["due"]) for d in i["departments"]} == w["due"]
    counts = expected_counts(state)
    assert {d["name"]: (d["assigned"], d["open"]) for d in data["by_department"]} == counts
    assert data["overdue"] == {
        "项要求": len(state.overdue_items()),
        "项（按部门）": len(state.overdue_pairs()),
    }
    out = runner.invoke(cli_app, ["indicators", "--round", str(world["round"]), "--json"])
    assert out.exit_code == 0, out.output
    values = {x["name"]: x["value_text"] for x in json.loads(out.stdout)["indicators"]}
    assert values == {x.name: x.value_text for x in indicator_lines(SYSTEM_ACTOR, world["round"])}


def test_score_json_of_the_rounds_findings_agrees(world, tmp_path):
    """`pioneer score --json` on the round's findings written as a findings file (the command
    reads a file, not the database): the same lost and pending points per requirement.

    Its departments are the rubric's 责任部门 as written (a findings file has no 责任分工), so
    they are not compared."""
    state = world["state"]
    path = findings_file(state, tmp_path / "round-findings.json")
    out = CliRunner().invoke(cli_app, ["score", "--findings", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    want = expected_items(state)
    got = {
        g["requirement"]: (Decimal(str(g["lost"])), Decimal(str(g["pending"])))
        for g in data["gaps"]
    }
    assert got == {req: (w["lost"], w["pending"]) for req, w in want.items()}
    for r in data["requirements"]:
        item = state.item(r["id"])
        score, top = Decimal(str(r["score"])), Decimal(str(r["max"]))
        lost, pending = (
            (Decimal(0), top) if r["status"] == "unassessed" else (top - score, Decimal(0))
        )
        assert (lost, pending) == (item.lost, item.pending), r["id"]
    assert (Decimal(str(data["lost"])), Decimal(str(data["pending"]))) == (
        state.card.lost,
        state.card.pending,
    )
