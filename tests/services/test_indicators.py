"""Figures from ledgers, entries and the survey; proposed findings, confirmation, lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlmodel import select

from reports.inputs import FigureLine
from services.actor import SYSTEM_ACTOR
from services.demo.ledgers import add_demo_ledgers
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.ledgers import imports as ledgers
from services.ledgers import indicators, surveys
from services.rounds import core as rounds
from services.rounds import sheets
from store.db import session_scope
from store.rounds import Finding
from tests.services.helpers import make_world
from tests.services.ledger_fixtures import ledger, row, subsidy_ledger, survey_xlsx, xlsx

YEAR = {"period_start": dt.date(2020, 1, 1), "period_end": dt.date(2020, 12, 31)}


def _round(w):
    return rounds.create_round(
        w.office, name="第一次模拟考评", unit_id=w.unit_id, kind="模拟考评", lead_inspector="insp"
    )


def _proposal(round_id, rule):
    return next(p for p in indicators.list_proposals(SYSTEM_ACTOR, round_id) if p["rule"] == rule)


def test_subsidy_exactly_80_percent_scores_3_after_confirmation(pioneer_home):
    w = make_world()
    ledgers.import_ledger(
        w.dept_b, subsidy_ledger(50, 40, ineligible=3), "补贴.xlsx", "subsidy", unit_id=w.unit_id
    )
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    p = _proposal(r.id, "2.2.1a")
    assert Decimal(p["value"]) == Decimal("0.8")
    assert p["figure_value"] == Decimal("0.8")
    assert p["status"] == "proposed"
    assert p["formula"] == "享受补贴人数 ÷ 符合条件申请人数 = 40 ÷ 50 = 80.00%"
    assert "区财政局《补贴.xlsx》" in p["source"] and "财政局于" in p["source"]
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("2.2.1").status == "unassessed"
    out = indicators.confirm(w.inspector, r.id, "2.2.1a")
    assert out["status"] == "confirmed"
    assert out["score"] == Decimal(3)
    card = rounds.round_scorecard(SYSTEM_ACTOR, r.id)
    assert card.requirement("2.2.1").score == Decimal(3)
    assert card.requirement("2.2.1").status == "assessed"
    with session_scope() as session:
        f = session.exec(select(Finding).where(Finding.rule_id == "2.2.1a")).one()
    assert (f.source, f.inspector_id) == ("ledger", w.inspector.id)
    p = _proposal(r.id, "2.2.1a")
    assert (p["status"], p["decided_by"]) == ("confirmed", "考核员甲")


def test_just_below_the_edge_is_not_rounded_up(pioneer_home):
    w = make_world()
    ledgers.import_ledger(
        w.office, subsidy_ledger(251, 200), "s.xlsx", "subsidy", unit_id=w.unit_id
    )  # 79.68%
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    assert Decimal(_proposal(r.id, "2.2.1a")["value"]) == Decimal("0.7968")
    assert indicators.confirm(w.inspector, r.id, "2.2.1a")["score"] == Decimal(2)


def test_the_proposed_value_is_the_value_its_formula_prints(pioneer_home):
    """1368 ÷ 1583 = 86.418…%: proposed 0.8642, printed 86.42% (was 0.8641 next to 86.42%)."""
    w = make_world()
    ledgers.import_ledger(
        w.office, subsidy_ledger(1583, 1368), "s.xlsx", "subsidy", unit_id=w.unit_id
    )
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    p = _proposal(r.id, "2.2.1a")
    assert Decimal(p["value"]) == Decimal("0.8642")
    assert p["formula"].endswith("1,368 ÷ 1,583 = 86.42%") or "= 86.42%" in p["formula"]


def test_a_round_without_data_shows_no_value_and_no_verdict(pioneer_home):
    w = make_world()
    r = _round(w)
    for line in indicators.indicator_lines(SYSTEM_ACTOR, r.id):
        assert line.value is None and line.value_text == "—"
        assert (line.met_text, line.status_label) == ("—", "无数据")


def test_override_needs_a_reason(pioneer_home):
    w = make_world()
    ledgers.import_ledger(w.office, subsidy_ledger(50, 40), "s.xlsx", "subsidy", unit_id=w.unit_id)
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    with pytest.raises(InvalidInput, match="理由"):
        indicators.confirm(w.inspector, r.id, "2.2.1a", value=Decimal("0.9"))
    with pytest.raises(InvalidInput, match="理由"):
        indicators.confirm(w.inspector, r.id, "2.2.1a", value="90%", reason="  ")
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("2.2.1").status == "unassessed"
    out = indicators.confirm(
        w.inspector, r.id, "2.2.1a", value="90%", reason="财政局补报5人发放凭证，已核实"
    )
    assert (out["status"], out["value"], out["score"]) == ("overridden", Decimal("0.9"), 4)
    p = _proposal(r.id, "2.2.1a")
    assert p["status"] == "overridden"
    assert p["reason"] == "财政局补报5人发放凭证，已核实"
    assert Decimal(p["final_value"]) == Decimal("0.9")
    # the same value as proposed is a confirmation, no reason needed
    assert indicators.confirm(w.inspector, r.id, "2.2.1a", value=0.8)["status"] == "confirmed"


def test_only_inspectors_decide_and_unknown_proposals_are_refused(pioneer_home):
    w = make_world()
    ledgers.import_ledger(w.office, subsidy_ledger(10, 9), "s.xlsx", "subsidy", unit_id=w.unit_id)
    r = _round(w)
    with pytest.raises(PermissionDenied):
        indicators.propose_findings(w.dept_a, r.id)
    indicators.propose_findings(w.inspector, r.id)
    for actor in (w.office, w.dept_b, w.viewer):
        with pytest.raises(PermissionDenied):
            indicators.confirm(actor, r.id, "2.2.1a")
    with pytest.raises(NotFound):
        indicators.confirm(w.inspector, r.id, "6.1.1a")


def test_confirming_keeps_the_inspectors_other_rules_of_the_requirement(pioneer_home):
    w = make_world()
    ledgers.import_ledger(w.office, ledger("loan", 10), "l.xlsx", "loan", unit_id=w.unit_id)
    r = _round(w)
    sheets.save_requirement(
        w.inspector, r.id, "2.2.2", {"2.2.2a": 0.5, "2.2.2c": True}, comment="规模偏小"
    )
    indicators.propose_findings(w.office, r.id)
    out = indicators.confirm(w.inspector, r.id, "2.2.2a")
    assert out["reviewed"] is True
    card = rounds.round_scorecard(SYSTEM_ACTOR, r.id)
    assert card.requirement("2.2.2").score == Decimal(3)  # base 2 + 2 (100%) - 1, capped at 4
    _, findings = rounds.round_findings(SYSTEM_ACTOR, r.id)
    assert findings.values["2.2.2c"] is True


def test_training_pass_rate_below_90_proposes_the_deduction(pioneer_home):
    w = make_world()
    rows = [row("training", i, 是否合格="不合格" if i < 2 else "合格") for i in range(10)]
    ledgers.import_ledger(w.office, xlsx("training", rows), "t.xlsx", "training", unit_id=w.unit_id)
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    p = _proposal(r.id, "3.5.1a")
    assert p["value"] is True
    assert p["formula"] == "合格人次 ÷ 培训人次 = 8 ÷ 10 = 80.00%"
    out = indicators.confirm(w.inspector, r.id, "3.5.1a")
    # 3.5.1 has its grade (3.5.1b) to be judged on documents: it waits for the inspector's review
    assert out["reviewed"] is False
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("3.5.1").status == "unassessed"
    _, findings = rounds.round_findings(SYSTEM_ACTOR, r.id)
    assert "3.5.1" in findings.unassessed


def _enter_all(w):
    indicators.enter_figure(
        w.office, w.unit_id, "activity", 8100, 50000, source="统计年报", period_label="2020年",
        department="区统计局", **YEAR,
    )  # fmt: skip
    indicators.enter_figure(
        w.dept_a, w.unit_id, "service", "1,326", 1580, source="扶持与服务花名册",
        period_label="2020年", **YEAR,
    )  # fmt: skip
    indicators.enter_figure(
        w.dept_a, w.unit_id, "contribution", 1850, 16400, source="2019年就业年报",
        period_label="2019年", period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31),
    )  # fmt: skip
    indicators.enter_figure(
        w.dept_a, w.unit_id, "contribution", 1500, 15800, source="2020年就业年报（初报）",
        period_label="2020年", **YEAR,
    )  # fmt: skip
    indicators.enter_figure(
        w.dept_a,
        w.unit_id,
        "contribution",
        1620,
        15800,
        source="2020年就业年报",
        period_label="2020年",
        **YEAR,
    )  # fmt: skip  (corrects the first report of 2020)


def test_indicator_lines_show_value_formula_source_target(pioneer_home):
    w = make_world()
    _enter_all(w)
    registry = [
        row("registry", i, 注销日期="2020-06-30" if i < 3 else "") for i in range(10)
    ]  # 3 closed within a year of registration
    ledgers.import_ledger(
        w.office, xlsx("registry", registry), "登记.xlsx", "registry", unit_id=w.unit_id,
        department="区市场监督管理局",
    )  # fmt: skip
    answers = [["满意"]] * 70 + [["基本满意"]] * 15 + [["不满意"]] * 15
    surveys.import_survey(
        w.office, survey_xlsx(answers, ["满意吗"]), "调查.xlsx", unit_id=w.unit_id
    )
    r = _round(w)
    lines = {
        x.id: x for x in indicators.indicator_lines(SYSTEM_ACTOR, r.id, as_of=dt.date(2022, 1, 1))
    }
    assert list(lines) == ["activity", "success", "service", "satisfaction", "contribution"]
    a = lines["activity"]
    assert (a.name, a.value_text, a.target_text, a.met) == ("创业活跃度", "16.20%", "≥15%", True)
    assert a.formula == "参与创业活动人数 ÷ 城镇劳动者人数 = 8100 ÷ 50000 = 16.20%"
    assert "区统计局填报" in a.source and "统计期2020年" in a.source
    assert (lines["success"].value_text, lines["success"].met) == ("70.00%", True)
    assert "登记.xlsx" in lines["success"].source
    assert lines["service"].value_text == "83.92%"
    assert "人社局" in lines["service"].source
    assert (lines["satisfaction"].value_text, lines["satisfaction"].met) == ("85.00%", True)
    assert "95%置信区间" in lines["satisfaction"].source
    c = lines["contribution"]
    assert c.formula == "（11.28% + 10.25%）÷ 2 = 10.77%"
    assert "2020年就业年报（初报）" not in c.source
    assert all(x.status == "none" for x in lines.values())
    fl = indicators.figure_lines(SYSTEM_ACTOR, r.id, as_of=dt.date(2022, 1, 1))
    # not yet confirmed by an inspector: the report marks it so
    assert fl[0] == FigureLine(
        "创业活跃度", "16.20%", a.formula, a.source, target="≥15%", met=True, confirmed=False
    )


def test_overriding_a_data_indicator_shows_in_its_line(pioneer_home):
    w = make_world()
    _enter_all(w)
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    assert Decimal(_proposal(r.id, "6.1.1a")["value"]) == Decimal("0.162")
    indicators.confirm(w.inspector, r.id, "6.1.1a", value=0.14, reason="剔除重复统计的培训人次")
    line = next(x for x in indicators.indicator_lines(SYSTEM_ACTOR, r.id) if x.id == "activity")
    assert (line.value, line.met, line.status) == (Decimal("0.14"), False, "overridden")
    assert "考核组改定为14.00%" in line.formula and "剔除重复统计" in line.formula
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("6.1.1").score == 0
    indicators.confirm(w.inspector, r.id, "6.5.1a")
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("6.5.1").score == 2


def test_missing_data_is_said_plainly(pioneer_home):
    w = make_world()
    r = _round(w)
    lines = indicators.indicator_lines(SYSTEM_ACTOR, r.id)
    assert [x.value_text for x in lines] == ["—"] * 5
    assert all(x.met is None and x.formula.startswith("尚无数据") for x in lines)
    assert indicators.propose_findings(w.office, r.id) == []


def test_entered_values_are_checked(pioneer_home):
    w = make_world()
    with pytest.raises(InvalidInput, match="大于分母"):
        indicators.enter_figure(w.office, w.unit_id, "activity", 5, 4, source="x", **YEAR)
    with pytest.raises(InvalidInput, match="来源"):
        indicators.enter_figure(w.office, w.unit_id, "activity", 1, 4, source=" ", **YEAR)
    with pytest.raises(InvalidInput):
        indicators.enter_figure(w.office, w.unit_id, "satisfaction", 1, 4, source="x", **YEAR)
    with pytest.raises(PermissionDenied):
        indicators.enter_figure(
            w.dept_a, w.unit_id, "activity", 1, 4, source="x", department="区财政局", **YEAR
        )
    with pytest.raises(PermissionDenied):
        indicators.enter_figure(w.inspector, w.unit_id, "activity", 1, 4, source="x", **YEAR)


def test_new_data_reopens_a_decided_proposal(pioneer_home):
    w = make_world()
    ledgers.import_ledger(w.office, subsidy_ledger(10, 9), "s.xlsx", "subsidy", unit_id=w.unit_id)
    r = _round(w)
    indicators.propose_findings(w.office, r.id)
    indicators.confirm(w.inspector, r.id, "2.2.1a")
    indicators.propose_findings(w.office, r.id)
    assert _proposal(r.id, "2.2.1a")["status"] == "confirmed"
    ledgers.import_ledger(
        w.office, subsidy_ledger(10, 0, start=100), "s2.xlsx", "subsidy", unit_id=w.unit_id
    )
    indicators.propose_findings(w.office, r.id)
    p = _proposal(r.id, "2.2.1a")
    assert (p["status"], Decimal(p["value"])) == ("proposed", Decimal("0.45"))


def test_service_summary(pioneer_home):
    w = make_world()
    rows = [row("service", i) for i in range(5)]
    rows.append(row("service", 9, 事项="开业指导", 办结日期="2020-06-30", 受理日期="2020-05-04"))
    rows.append(row("service", 10, 办结日期=""))
    ledgers.import_ledger(
        w.office, xlsx("service", rows), "办件.xlsx", "service", unit_id=w.unit_id
    )
    s = indicators.service_summary(SYSTEM_ACTOR, w.unit_id)
    assert (s["total"], s["done"], s["pending"]) == (7, 6, 1)
    assert s["per_item"] == {"创业担保贷款": 6, "创业开业指导": 1}
    assert s["within_limit_text"] == "83.33%"  # 5 of 6 within 20 working days


def test_demo_ledgers_land_on_realistic_figures(pioneer_home):
    w = make_world()
    r = _round(w)
    actors = {"bangongshi": w.office, "kaohe1": w.inspector, "czj": w.dept_b, "rsj": w.dept_a}
    out = add_demo_ledgers(w.unit_id, actors, dt.date(2026, 11, 23), round_id=r.id)
    assert out["created"] is True
    assert all(rejected >= 1 for _, rejected in out["imports"].values())
    values = {p["rule"]: p["value"] for p in indicators.list_proposals(SYSTEM_ACTOR, r.id)}
    assert Decimal(values["2.2.1a"]) == Decimal("0.86")
    assert Decimal(values["2.2.2a"]) == Decimal("0.92")
    assert values["3.5.1a"] is False
    assert Decimal(values["6.1.1a"]) == Decimal("0.162")
    assert Decimal(values["6.2.1a"]) == Decimal("0.76")
    assert rounds.round_scorecard(SYSTEM_ACTOR, r.id).requirement("2.2.1").score == 3
    assert all(x.met for x in indicators.indicator_lines(SYSTEM_ACTOR, r.id))
    assert add_demo_ledgers(w.unit_id, actors, dt.date(2026, 11, 23))["created"] is False
