"""The check predicates on documents: each with a hit and a miss, and Chinese variants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rubric.precheck import Predicate
from scoring.precheck import Context, Doc, _Eval

LEADING_GROUP = """济宁市兖州区人民政府办公室文件
兖政办发〔2020〕5号
关于成立兖州区创建省级创业型城市工作领导小组的通知
各镇人民政府、街道办事处，区政府各部门：
为加强对创建工作的组织领导，区政府决定成立创建工作领导小组。
组  长：王某某  区委常委、副区长
副组长：李某某  区人社局局长
成  员：区发改局、区财政局……
领导小组办公室设在区人社局，负责日常工作。
一、领导小组职责
统筹协调全区创建工作。
二、成员单位职责
区人社局：牵头负责创建工作。
"""

PLAN = """兖政发〔2020〕3号
济宁市兖州区创建省级创业型城市工作方案
一、目标任务
到2020年底，城镇登记失业率控制在４％以内。
二、时间步骤
（一）宣传发动阶段
（二）组织实施阶段
三、工作措施
加大创业担保贷款扶持力度。
"""


def doc(text: str, *, title="文件", number=None, date=dt.date(2020, 3, 1), status="approved"):
    return Doc(1, title, number, date, status, [text])


def holds(pred: dict, d: Doc | None, ctx: Context | None = None) -> bool:
    return _Eval(ctx or Context()).run(Predicate.model_validate(pred), d) is not None


CASES = [
    # (predicate, document, expected)
    ({"document": {}}, doc(PLAN), True),
    ({"document": {"title": ["方案"]}}, doc(PLAN, title="创建工作方案"), True),
    ({"document": {"title": ["方案"]}}, doc(PLAN, title="领导小组通知"), False),
    ({"document": {"status": "approved"}}, doc(PLAN, status="pending"), False),
    ({"document": {"status": "submitted"}}, doc(PLAN, status="pending"), True),
    ({"issuer": ["兖政发", "兖政办发"]}, doc(PLAN, number="兖政发〔2020〕3号"), True),
    ({"issuer": ["兖政发", "兖政办发"]}, doc(PLAN, number="兖人社发〔2020〕3号"), False),
    # no 文号 recorded: the 版头 at the top of the text decides
    ({"issuer": ["兖政办发"]}, doc(LEADING_GROUP), True),
    ({"issuer": ["兖政办发"]}, doc("兖州区人社局\n兖人社字〔2020〕1号\n通知"), False),
    ({"phrase": {"any": ["领导小组"]}}, doc(LEADING_GROUP), True),
    ({"phrase": {"any": ["孵化基地"]}}, doc(LEADING_GROUP), False),
    ({"phrase": {"all": ["领导小组", "办公室设在"]}}, doc(LEADING_GROUP), True),
    ({"phrase": {"all": ["领导小组", "联席会议"]}}, doc(LEADING_GROUP), False),
    # 全角 digits and percent signs match their 半角 forms
    ({"phrase": {"any": ["4%以内"]}}, doc(PLAN), True),
    # a phrase split over two lines is found
    ({"phrase": {"any": ["创业担保贷款扶持"]}}, doc("加大创业担保\n贷款扶持力度"), True),
    # within a section only
    ({"phrase": {"any": ["失业率"], "section": ["目标任务"]}}, doc(PLAN), True),
    ({"phrase": {"any": ["担保贷款"], "section": ["目标任务"]}}, doc(PLAN), False),
    ({"phrase": {"any": ["阶段"], "section": ["时间步骤"]}}, doc(PLAN), True),
    ({"phrase": {"any": ["某某"], "section": ["目标任务"]}}, doc(LEADING_GROUP), False),
    # rows: cells in order on one line; 区委常委、副区长 is still a 副区长
    ({"row": ["组长", "区长|副区长"]}, doc(LEADING_GROUP), True),
    ({"row": ["组长", "区长|副区长"]}, doc("组长：王某某 区人社局局长\n副区长出席"), False),
    ({"row": ["组长", "区长"]}, doc("| 组长 | 王某某 | 副区长 |"), True),
    ({"dated": {}}, doc(PLAN, date=dt.date(2020, 3, 1)), True),
    ({"dated": {}}, doc(PLAN, date=dt.date(2019, 3, 1)), False),
    ({"dated": {}}, doc(PLAN, date=None), False),
    (
        {"dated": {"window": "dates", "after": "2020-01-01"}},
        doc(PLAN, date=dt.date(2020, 1, 2)),
        True,
    ),
    ({"not": {"phrase": {"any": ["孵化"]}}}, doc(PLAN), True),
    ({"any": [{"phrase": {"any": ["孵化"]}}, {"phrase": {"any": ["贷款"]}}]}, doc(PLAN), True),
    ({"all": [{"phrase": {"any": ["孵化"]}}, {"phrase": {"any": ["贷款"]}}]}, doc(PLAN), False),
    ({"figure": {"indicator": "activity", "at_least": "0.02"}}, None, True),
    ({"figure": {"indicator": "success", "at_least": "0.6"}}, None, False),
    ({"figure": {"indicator": "service", "at_least": "0.6"}}, None, False),  # no data
    ({"phrase": {"any": ["领导小组"]}}, None, False),  # no document
]

CTX = Context(
    start=dt.date(2020, 1, 1),
    end=dt.date(2020, 12, 31),
    figures={"activity": Decimal("0.03"), "success": Decimal("0.5"), "service": None},
)


@pytest.mark.parametrize(("pred", "document", "expected"), CASES)
def test_predicate(pred, document, expected):
    assert holds(pred, document, CTX) is expected


def test_a_hit_names_the_page_and_marks_the_matched_text():
    d = Doc(7, "通知", None, None, "approved", ["第一页没有", "组长：王某某 副区长"])
    hit = _Eval(Context()).run(Predicate.model_validate({"row": ["组长", "副区长"]}), d)
    assert hit.page == 2
    assert "【组长：王某某 副区长】" in hit.excerpt


def test_a_figure_check_is_recognised_inside_a_composition():
    p = Predicate.model_validate(
        {"all": [{"document": {}}, {"not": {"figure": {"indicator": "activity", "at_least": 1}}}]}
    )
    assert p.predicate_keys() == {"all", "document", "not", "figure"}
    assert "figure" not in Predicate.model_validate({"phrase": {"any": ["x"]}}).predicate_keys()
