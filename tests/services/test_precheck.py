"""自查预评 in services: checks run on evidence changes, proposals, confirm/override, the
self-check view, switching a check off and each check's agreement rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from services import precheck
from services.errors import InvalidInput, PermissionDenied
from services.evidence import details, intake, query
from services.jobs import local
from services.ledgers import indicators
from services.rounds import core as rounds
from services.rounds import sheets
from store.db import session_scope
from store.job_tables import BackgroundJob
from store.rounds import Finding
from tests.services.helpers import UNIT, docx_bytes, make_world

GROUP = (
    "关于成立测试区创建省级创业型城市工作领导小组的通知",
    "区政府决定成立测试区创建省级创业型城市工作领导小组。",
    "组长：王某某 区委常委、副区长",
    "领导小组办公室设在区人社局，负责领导小组日常事务，区就业创业促进中心具体承担创建工作。",
    "成员单位职责：区人社局牵头负责……",
)


def _round(w):
    return rounds.create_round(
        w.office, name="第一次模拟考评", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )


def _add(actor, paragraphs, reqs, *, settle=True, **kw):
    summary = intake.add_evidence(
        actor,
        docx_bytes(*paragraphs),
        "领导小组.docx",
        requirements=reqs,
        department=actor.department_name,
        unit=UNIT,
        doc_date=dt.date(2020, 1, 20),
        **kw,
    )
    if settle:
        local.run_due()  # the queued re-run (the app's runner or a worker does this)
    return summary


def _precheck_jobs():
    with session_scope() as s:
        return list(s.exec(select(BackgroundJob).where(BackgroundJob.kind == "precheck")))


def _by_rule(actor, round_id):
    return {p["rule"]: p for p in precheck.proposals(actor, round_id)}


def test_an_upload_runs_the_checks_of_its_requirements(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, GROUP, ["1.2.1"])
    got = _by_rule(w.office, rnd.id)
    # 1.2.1a-c and e decided from the document; 1.2.1d is left to the inspectors
    assert {r for r in got if r.startswith("1.2.1")} == {"1.2.1a", "1.2.1b", "1.2.1c", "1.2.1e"}
    a = got["1.2.1a"]
    assert a["value"] is False and a["met"]
    assert "【组长" in a["excerpt"] and "副区长】" in a["excerpt"]
    assert a["page"] == 1 and a["title"]
    # other requirements are not touched by this upload
    assert "1.3.1e" not in got


def test_a_document_missing_an_element_proposes_the_deduction_with_the_fix(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, [p for p in GROUP if "组长" not in p], ["1.2.1"])
    a = _by_rule(w.office, rnd.id)["1.2.1a"]
    assert a["value"] is True and not a["met"]
    assert "组长" in a["reason"] and "区长" in a["fix"]


def test_proposals_rerun_when_a_file_is_returned(pioneer_home):
    w = make_world()
    rnd = _round(w)
    s = _add(w.dept_a, GROUP, ["1.2.1"])
    assert _by_rule(w.office, rnd.id)["1.2.1e"]["value"] is False
    query.review(w.inspector, s["evidence_id"], "returned", "缺盖章页")
    assert _by_rule(w.office, rnd.id)["1.2.1e"]["value"] is False  # queued, not yet run
    assert local.run_due() == 1
    e = _by_rule(w.office, rnd.id)["1.2.1e"]
    assert e["value"] is True and "本项尚无材料" in e["reason"]
    # and back when a new revision is uploaded in its place
    _add(w.dept_a, GROUP, ["1.2.1"], evidence_id=s["evidence_id"])
    assert _by_rule(w.office, rnd.id)["1.2.1e"]["value"] is False


def test_proposals_rerun_on_a_withdrawn_file(pioneer_home):
    """Issue 15: a file its department withdraws no longer proves anything to the checks."""
    w = make_world()
    rnd = _round(w)
    s = _add(w.dept_a, GROUP, ["1.2.1"])
    assert _by_rule(w.office, rnd.id)["1.2.1e"]["value"] is False
    details.withdraw_evidence(w.dept_a, s["evidence_id"], "上传错了文件")
    assert [j.status for j in _precheck_jobs()][-1] == "queued"  # with the withdrawal
    assert local.run_due() == 1
    e = _by_rule(w.office, rnd.id)["1.2.1e"]
    assert e["value"] is True and "本项尚无材料" in e["reason"]


def test_the_rerun_is_queued_with_the_upload_and_folds_a_batch_into_one_job(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, GROUP, ["1.2.1"], settle=False)
    assert precheck.proposals(w.office, rnd.id) == []  # background work: nothing yet
    _add(w.dept_a, GROUP[:2], ["1.2.1"], settle=False)
    (job,) = _precheck_jobs()  # two uploads while it waited: one job for both
    assert job.status == "queued" and len(job.args["evidence_ids"]) == 2
    assert local.run_due() == 1
    assert "1.2.1a" in _by_rule(w.office, rnd.id)
    assert [j.status for j in _precheck_jobs()] == ["succeeded"]
    _add(w.dept_a, GROUP, ["1.2.1"], settle=False)  # after it ran, a new job
    assert [j.status for j in _precheck_jobs()] == ["succeeded", "queued"]


def test_a_refused_upload_queues_no_rerun(pioneer_home):
    w = make_world()
    _round(w)
    with pytest.raises(PermissionDenied):
        intake.add_evidence(
            w.dept_a,
            docx_bytes(*GROUP),
            "a.docx",
            requirements=["1.2.1"],
            department="区财政局",
            unit=UNIT,
        )
    assert _precheck_jobs() == []


def test_a_failing_rerun_is_retried_by_the_queue_not_lost(pioneer_home, monkeypatch):
    from services.precheck import follow

    w = make_world()
    rnd = _round(w)
    calls = []

    def broken(*a, **k):
        calls.append(1)
        raise RuntimeError("数据库暂时不可用")

    monkeypatch.setattr(follow, "run_precheck", broken)
    monkeypatch.setenv("PIONEER_JOB_BACKOFF", "0")
    _add(w.dept_a, GROUP, ["1.2.1"], settle=False)
    assert local.run_due(limit=1) == 1
    assert calls and _precheck_jobs()[0].status == "retrying"
    monkeypatch.setattr(follow, "run_precheck", precheck.run_precheck)  # the database is back
    local.run_due()
    assert [j.status for j in _precheck_jobs()] == ["succeeded"]
    assert "1.2.1a" in _by_rule(w.office, rnd.id)


def test_a_proposal_is_not_a_finding_until_an_inspector_confirms_or_overrides(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, [p for p in GROUP if "组长" not in p], ["1.2.1"])
    card = sheets.round_scorecard(w.office, rnd.id)
    assert card.requirement("1.2.1").status == "unassessed"
    with pytest.raises(InvalidInput, match="必须说明理由"):
        indicators.confirm(w.inspector, rnd.id, "1.2.1a", False)
    indicators.confirm(w.inspector, rnd.id, "1.2.1a", False, "会议纪要载明副区长任组长")
    p = _by_rule(w.office, rnd.id)["1.2.1a"]
    assert p["status"] == "overridden" and p["reason_override"] == "会议纪要载明副区长任组长"
    indicators.confirm(w.inspector, rnd.id, "1.2.1b")
    with session_scope() as s:
        f = s.exec(select(Finding).where(Finding.rule_id == "1.2.1b")).one()
        assert f.source == "check" and f.value is False
    with pytest.raises(PermissionDenied):
        indicators.confirm(w.dept_a, rnd.id, "1.2.1c")


def test_self_check_scores_from_proposals_alone_and_names_what_would_fix_each_gap(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, [p for p in GROUP if "组长" not in p], ["1.2.1"])
    precheck.run_precheck(w.office, rnd.id)
    view = precheck.self_check(w.office, rnd.id)
    row = next(r for r in view.rows if r.id == "1.2.1")
    assert row.evidence == "short" and row.score == Decimal("0.75")
    assert [g.rule for g in row.gaps] == ["1.2.1a"] and "组长" in row.gaps[0].fix
    missing = next(r for r in view.rows if r.id == "1.3.1")
    assert missing.evidence == "missing" and missing.score == 0
    # requirements no check decides are pending, not lost
    assert next(r for r in view.rows if r.id == "1.6.1").score is None
    assert view.summary.startswith(f"按现有材料预评 {view.total.normalize():f}")
    # a department sees its own requirements only
    mine = precheck.self_check(w.dept_b, rnd.id)
    assert mine.rows and all("区财政局" in r.departments for r in mine.rows)


def test_switching_a_check_off_needs_a_reason_and_removes_its_open_proposal(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, GROUP, ["1.2.1"])
    with pytest.raises(InvalidInput):
        precheck.set_check_enabled(w.office, w.unit_id, "1.2.1-明确分工", False)
    with pytest.raises(PermissionDenied):
        precheck.set_check_enabled(w.inspector, w.unit_id, "1.2.1-明确分工", False, "误判多")
    precheck.set_check_enabled(w.office, w.unit_id, "1.2.1-明确分工", False, "误判多")
    precheck.run_precheck(w.office, rnd.id)
    assert "1.2.1c" not in _by_rule(w.office, rnd.id)
    rates = {r["check"]: r for r in precheck.agreement(w.office, w.unit_id)}
    assert rates["1.2.1-明确分工"]["enabled"] is False


def test_agreement_counts_proposals_against_the_inspectors_decisions(pioneer_home):
    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, [p for p in GROUP if "组长" not in p], ["1.2.1"])
    # the lead inspector's agreed view: no deduction at all for 1.2.1
    sheets.save_requirement(w.inspector, rnd.id, "1.2.1", {}, agreed=True)
    rates = {r["check"]: r for r in precheck.agreement(w.office, w.unit_id)}
    assert rates["1.2.1-领导小组"]["decided"] == 1 and rates["1.2.1-领导小组"]["agreed"] == 1
    lead = rates["1.2.1-政府领导挂帅"]
    assert lead["decided"] == 1 and lead["agreed"] == 0 and lead["rate"] == 0
    assert rates["1.3.1-有方案"]["decided"] == 0 and rates["1.3.1-有方案"]["rate"] is None


def _docx_text(data: bytes) -> str:
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_the_report_and_the_bulletin_carry_a_selfcheck_section(pioneer_home):
    from services.documents import bulletin as bulletin_docs
    from services.documents import core as documents

    w = make_world()
    rnd = _round(w)
    _add(w.dept_a, [p for p in GROUP if "组长" not in p], ["1.2.1"])
    precheck.run_precheck(w.office, rnd.id)
    rows = precheck.self_check(w.office, rnd.id).rows
    fix = next(r for r in rows if r.id == "1.2.1").gaps[0].fix
    report = _docx_text(documents.assessment_report(w.office, rnd.id))
    assert "自查预评" in report and "按现有材料预评得分" in report and fix in report
    data = bulletin_docs.bulletin(w.office, rnd.id, since=dt.date(2020, 1, 1))
    text = _docx_text(data if isinstance(data, bytes) else data[0])
    assert "自查预评" in text and fix in text
