import datetime as dt
from decimal import Decimal

import pytest
from ledger_helpers import make_id

from ledgers import (
    MappingError,
    Period,
    loan_ratio,
    ratio,
    service_stats,
    subsidy_ratio,
    success_rate,
    table_from_rows,
    training_pass_rate,
    validate,
    working_days,
    yearly_average,
)
from ledgers.figures import anniversary


def rows_of(code, header, body):
    result = validate(table_from_rows([header, *body], code, header_row=1))
    assert result.rejected == [], result.rejected
    return result.good


def subsidy_rows(eligible, enjoyed, extra_ineligible=0):
    body = []
    for i in range(eligible):
        body.append([f"人{i}", make_id(i), "是", "是" if i < enjoyed else "否"])
    for j in range(extra_ineligible):
        body.append([f"外{j}", make_id(1000 + j), "否", "否"])
    return rows_of("subsidy", ["姓名", "身份证号", "是否符合条件", "是否享受"], body)


def test_subsidy_ratio_exactly_on_the_80_percent_edge():
    fig = subsidy_ratio(subsidy_rows(50, 40, extra_ineligible=7), period_label="2020年")
    assert fig.value == Decimal("0.8")
    assert str(fig.value) == "0.8"
    assert fig.value >= Decimal("0.80")
    assert (fig.numerator, fig.denominator) == (40, 50)
    assert fig.formula == "享受补贴人数 ÷ 符合条件申请人数 = 40 ÷ 50 = 80.00%"
    assert fig.rule == "2.2.1a"
    assert "一次性创业补贴台账（2020年）" in fig.source and "57行" in fig.source


def test_subsidy_ratio_formula_example():
    fig = subsidy_ratio(subsidy_rows(50, 41))
    assert fig.formula == "享受补贴人数 ÷ 符合条件申请人数 = 41 ÷ 50 = 82.00%"


def test_subsidy_counts_people_not_rows_and_flags_ineligible_beneficiaries():
    header = ["姓名", "身份证号", "是否符合条件", "是否享受", "发放日期"]
    body = [
        ["甲", make_id(1), "是", "否", ""],
        ["甲", make_id(1), "是", "是", "2020-05-01"],  # applied twice, got it the second time
        ["乙", make_id(2), "是", "否", ""],
        ["丙", make_id(3), "否", "是", "2020-05-01"],
    ]
    fig = subsidy_ratio(rows_of("subsidy", header, body))
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, Decimal("0.5"))
    assert "另有1人未标为符合条件但标为享受" in fig.source


def test_zero_denominator_gives_none():
    fig = subsidy_ratio(subsidy_rows(0, 0, extra_ineligible=2))
    assert fig.value is None
    assert "分母为0" in fig.formula
    assert fig.percent == "—"


def test_loan_ratio_and_kind_check():
    header = ["姓名", "身份证号", "是否符合条件", "是否获贷"]
    body = [[f"人{i}", make_id(i), "是", "是" if i < 9 else "否"] for i in range(10)]
    fig = loan_ratio(rows_of("loan", header, body))
    assert fig.value == Decimal("0.9") and fig.rule == "2.2.2a"
    with pytest.raises(MappingError, match="创业担保贷款台账"):
        loan_ratio(subsidy_rows(2, 1))


def test_training_pass_rate_in_period():
    header = ["姓名", "身份证号", "开班日期", "结业日期", "是否合格"]
    body = [
        [f"人{i}", make_id(i), "2020-03-01", "2020-03-10", "合格" if i < 18 else "不合格"]
        for i in range(20)
    ]
    body.append(["旧", make_id(99), "2019-12-20", "2019-12-30", "不合格"])
    rows = rows_of("training", header, body)
    fig = training_pass_rate(rows, Period.year(2020))
    assert (fig.numerator, fig.denominator, fig.value) == (18, 20, Decimal("0.9"))
    assert "结业日期在2020年的有效记录20行（共21行）" in fig.source
    assert training_pass_rate(rows).denominator == 21


def test_success_rate():
    header = ["名称", "登记日期", "注销日期"]
    body = [
        ["甲店", "2020-01-10", ""],  # alive
        ["乙店", "2020-02-01", "2021-02-02"],  # closed after its anniversary: survived
        ["丙店", "2020-03-01", "2021-03-01"],  # closed on its anniversary: not survived
        ["丁店", "2020-04-01", "2020-09-01"],  # closed within the year
        ["戊店", "2020-12-01", ""],  # anniversary after as_of: not counted
        ["己店", "2019-06-01", ""],  # outside the period
    ]
    fig = success_rate(rows_of("registry", header, body), Period.year(2020), dt.date(2021, 6, 30))
    assert (fig.numerator, fig.denominator) == (2, 4)
    assert fig.value == Decimal("0.5") and fig.rule == "6.2.1a"
    assert "另有1户登记未满一年" in fig.source


def test_anniversary_of_29_february():
    assert anniversary(dt.date(2020, 2, 29)) == dt.date(2021, 2, 28)


def test_working_days():
    mon = dt.date(2024, 3, 4)
    assert working_days(mon, mon) == 0
    assert working_days(mon, mon + dt.timedelta(days=4)) == 4  # to Friday
    assert working_days(mon, mon + dt.timedelta(days=7)) == 5  # to next Monday
    assert working_days(mon, mon + dt.timedelta(days=28)) == 20
    holiday = mon + dt.timedelta(days=1)
    assert working_days(mon, mon + dt.timedelta(days=7), holidays={holiday}) == 4
    saturday = mon + dt.timedelta(days=5)
    assert working_days(mon, mon + dt.timedelta(days=7), workdays={saturday}) == 6
    # brute force agreement over many spans
    for span in range(0, 60):
        end = mon + dt.timedelta(days=span)
        brute = sum(1 for k in range(1, span + 1) if (mon + dt.timedelta(days=k)).weekday() < 5)
        assert working_days(mon, end) == brute


def test_service_stats():
    header = ["申请人", "身份证号", "事项", "受理日期", "办结日期"]
    mon = dt.date(2024, 3, 4)
    spans = [0, 2, 5, 28, 29, 40]  # calendar days; 28 days = 20 working days
    body = [
        [
            f"人{i}",
            make_id(i),
            "创业担保贷款申请" if i % 2 else "创业培训",
            mon.isoformat(),
            (mon + dt.timedelta(days=d)).isoformat(),
        ]
        for i, d in enumerate(spans)
    ]
    body.append(["未结", make_id(50), "一次性创业补贴", mon.isoformat(), ""])
    body.append(["去年", make_id(51), "创业培训", "2023-05-05", "2023-05-06"])
    stats = service_stats(rows_of("service", header, body), period=Period.year(2024))
    assert stats.total == 7 and stats.done == 6 and stats.pending == 1
    assert stats.per_item == {"创业培训": 3, "创业担保贷款": 3, "一次性创业补贴": 1}
    assert stats.median_days == Decimal("16.5")
    assert (stats.within_limit.numerator, stats.within_limit.denominator) == (4, 6)
    assert "未办结1件不计入" in stats.source
    with_holiday = service_stats(
        rows_of("service", header, body),
        period=Period.year(2024),
        holidays={mon + dt.timedelta(days=1)},
    )
    assert with_holiday.within_limit.numerator == 5


def test_generic_ratio():
    fig = ratio(
        1500, "10000", "参与创业活动人数 ÷ 城镇劳动者人数", name="创业活跃度", rule="6.1.1a"
    )
    assert fig.value == Decimal("0.15")
    assert fig.formula == "参与创业活动人数 ÷ 城镇劳动者人数 = 1500 ÷ 10000 = 15.00%"
    assert ratio(Decimal("0.1"), Decimal("0.3"), "a ÷ b").value == Decimal(1) / Decimal(3)
    assert ratio(0, 0, "a ÷ b").value is None
    with pytest.raises(ValueError, match="不能为负数"):
        ratio(-1, 5, "a ÷ b")
    with pytest.raises(ValueError, match="大于分母"):
        ratio(6, 5, "a ÷ b")
    with pytest.raises(ValueError, match="不是有效数字"):
        ratio("abc", 5, "a ÷ b")


def test_yearly_average():
    years = [
        ratio(12, 100, "x ÷ y", name="2020年"),
        ratio(9, 100, "x ÷ y", name="2021年"),
        ratio(0, 0, "x ÷ y"),
    ]
    fig = yearly_average(years, name="就业贡献率（年均）", rule="6.5.1a")
    assert fig.value == Decimal("0.105")
    assert fig.formula == "（12.00% + 9.00%）÷ 2 = 10.50%"
    assert "1个年度分母为0" in fig.source
