"""A finding reads as the inspector would write it: 「有1个成员单位未能……」, not the scoring
clause 「发现1处每有一个成员单位未能……的」."""

from __future__ import annotations

import pytest

from reports.wording import finding_text, forbidden_in
from scoring import score, validate_findings


@pytest.mark.parametrize(
    ("req", "findings", "want"),
    [
        (
            "1.3.3",
            {"1.3.3a": 1},
            "有1个成员单位未能按照要求开展创建工作并按计划完成任务",
        ),
        ("1.4.2", {"1.4.2a": 2}, "有2个社团组织未完成创建工作任务"),
        ("4.3.1", {"4.3.1a": 1}, "有1个服务平台不健全"),
    ],
)
def test_counted_clauses_read_as_findings(rubric, req, findings, want):
    card = score(rubric, validate_findings(rubric, findings, []))
    text = finding_text(rubric, card.requirement(req), None)
    assert want in text, text
    assert "每有" not in text and "发现1处" not in text
    assert not text.endswith("的")


def test_plain_clauses_drop_the_trailing_de_and_the_zero(rubric):
    card = score(rubric, validate_findings(rubric, {"1.2.3a": True, "1.2.1e": True}, []))
    for req in ("1.2.3", "1.2.1"):
        text = finding_text(rubric, card.requirement(req), None)
        assert not text.endswith("的") and "不得分" not in text, text


@pytest.mark.parametrize(
    "text,found",
    [
        ("（一）1.2 组织领导", ["1.2 "]),  # an indicator id before its name, as headings had it
        ("1.要求 1.2.3", ["1.2.3"]),  # a bare requirement id
        ("按照要求1.2.3。", ["1.2.3"]),
        ("【1.2.3a】", ["【1.2.3a】"]),
        ("扣分规则1.2.3a", ["1.2.3a"]),
        ("各单位得分在4.5至16.5分之间", []),  # scores are not ids
        ("总分49.85分，失分0.5分", []),
        ("共3.5 分", []),
    ],
)
def test_raw_ids_outside_the_annex_are_forbidden(text, found):
    assert forbidden_in(text) == found
    assert forbidden_in(text, allow_ids=True) == []
