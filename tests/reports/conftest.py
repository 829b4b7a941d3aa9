"""Inputs for the document tests, built from the real Yanzhou rubric and scored findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reports import AssessmentInput, CitedEvidence, FigureLine
from reports.inputs import Assignee
from rubric import Rubric, load_rubric
from scoring import Scorecard, score, validate_findings

UNIT = "兖州区（演示）"
ISSUER = "兖州区创建省级创业型城市工作领导小组办公室"
ISSUED = date(2020, 9, 15)
FINDINGS = {
    "1.2.1a": True,
    "1.3.3a": 3,
    "2.1.1a": ["市场准入", "融资服务"],
    "1.6.1a": 1,
    "2.2.1a": 0.85,
    "6.1.1a": 0.16,
    # reviewed: no innovation award (2.3.1 loses 3), success rate between the levels (3.5.1 at 2)
    "2.3.1a": False,
    "3.5.1b": 1,
}
UNASSESSED = ["4.4.1"]
COMMENT = "领导小组组长由区人社局局长担任，未由政府领导挂帅。"
EVIDENCE = CitedEvidence(
    file_name="兖政办发2020-3号.pdf",
    title="关于成立兖州区创建省级创业型城市工作领导小组的通知",
    doc_number="兖政办发〔2020〕3号",
    doc_date=date(2020, 2, 6),
)
FIGURE = FigureLine(
    name="创业活跃度",
    value="16.20%",
    formula="参与创业活动人数 ÷ 城镇劳动者人数 = 8,100 ÷ 50,000",
    source="区市场监督管理局、区统计局，2020年度",
)
DUE = {"1.2.1": date(2020, 10, 15), "2.3.1": date(2020, 10, 31)}


def rubric_owners(rubric: Rubric, due: dict | None = None) -> dict[str, list[Assignee]]:
    """The rubric's 责任部门 as the documents' owners: the first leads, the others support."""
    due = DUE if due is None else due
    return {
        q.id: [
            Assignee(d, "牵头" if n == 0 else "配合", due.get(q.id))
            for n, d in enumerate(q.departments)
        ]
        for q in rubric.requirements()
    }


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric("yanzhou-2020")


@pytest.fixture(scope="session")
def card(rubric) -> Scorecard:
    return score(rubric, validate_findings(rubric, FINDINGS, UNASSESSED))


def make_input(rubric: Rubric, card: Scorecard, **changes) -> AssessmentInput:
    fields = dict(
        unit=UNIT,
        round_name="2020年第三季度模拟考评",
        round_kind="模拟考评",
        issuer=ISSUER,
        issued_on=ISSUED,
        doc_number="兖创办发〔2020〕5号",
        rubric=rubric,
        card=card,
        comments={"1.2.1": COMMENT},
        evidence={"1.2.1": [EVIDENCE]},
        owners=rubric_owners(rubric),
        trend=[("第一轮自评", Decimal("62.5")), ("第二轮模拟考评", card.total)],
        figures=[FIGURE],
    )
    fields.update(changes)
    return AssessmentInput(**fields)


@pytest.fixture(scope="session")
def assessment_input(rubric, card) -> AssessmentInput:
    return make_input(rubric, card)


@pytest.fixture(scope="session")
def assessment_bytes(assessment_input) -> bytes:
    from reports import build_assessment_report

    return build_assessment_report(assessment_input)
