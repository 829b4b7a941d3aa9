import math
from decimal import Decimal

import pytest
from ledger_helpers import write_xlsx

from ledgers import LedgerReadError, read_survey, survey_from_rows, wilson_interval
from ledgers.survey import needed_sample, normalize_answer, satisfaction

Z = 1.959963984540054


def textbook_wilson(k, n, z=Z):
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


@pytest.mark.parametrize("k, n", [(81, 100), (40, 50), (1, 10), (0, 20), (20, 20), (950, 1000)])
def test_wilson_matches_textbook(k, n):
    low, high = wilson_interval(Decimal(k) / Decimal(n), n)
    t_low, t_high = textbook_wilson(k, n)
    assert round(float(low), 4) == round(max(t_low, 0.0), 4)
    assert round(float(high), 4) == round(min(t_high, 1.0), 4)


def test_wilson_81_of_100_known_value():
    low, high = wilson_interval(Decimal("0.81"), 100)
    assert round(low, 4) == Decimal("0.7222")
    assert round(high, 4) == Decimal("0.8749")


def test_needed_sample_is_the_smallest_that_fits():
    p = Decimal("0.81")
    n = needed_sample(p)

    def half(m):
        lo, hi = textbook_wilson(0.81 * m, m)
        return (hi - lo) / 2

    assert half(n) <= 0.05 < half(n - 1)
    assert 200 < n < 260


def test_small_sample_warning():
    s = satisfaction("全部题目", {"满意": 60, "基本满意": 21, "一般": 10, "不满意": 9})
    assert s.figure.value == Decimal("0.81")
    assert s.figure.formula == "（满意 + 基本满意）答案数 ÷ 有效答案数 = 81 ÷ 100 = 81.00%"
    assert s.warning.startswith("样本量偏小：")
    assert f"需约 {s.needed} 份有效答卷" in s.warning
    assert "72.22%～87.49%" in s.warning
    big = satisfaction("全部题目", {"满意": 600, "基本满意": 210, "一般": 190})
    assert big.warning is None and big.half_width < Decimal("0.05")


@pytest.mark.parametrize(
    "raw, level",
    [
        ("非常满意", "满意"),
        ("A.满意", "满意"),
        (" 基本满意 ", "基本满意"),
        ("比较满意", "基本满意"),
        ("一般", "一般"),
        ("不太满意", "不太满意"),
        ("非常不满意", "不满意"),
        ("", None),
        ("还行", None),
    ],
)
def test_answers(raw, level):
    assert normalize_answer(raw) == level


def survey_rows():
    rows = [["2020年创业环境满意度调查汇总"], ["序号", "所在镇街", "对创业政策", "对创业服务"]]
    answers = [
        ("满意", "基本满意"),
        ("非常满意", "一般"),
        ("不满意", ""),
        ("基本满意", "还行"),
        ("一般", "满意"),
    ]
    for i, (a, b) in enumerate(answers, start=1):
        rows.append([str(i), "新兖镇", a, b])
    return rows


def test_survey_per_question_and_overall():
    result = survey_from_rows(survey_rows())
    assert result.header_row == 2
    assert result.respondents == 5
    assert result.questions == ["对创业政策", "对创业服务"]
    assert "所在镇街" in result.ignored_columns and "序号" in result.ignored_columns
    policy, service = result.per_question
    assert policy.counts == {"满意": 2, "基本满意": 1, "一般": 1, "不太满意": 0, "不满意": 1}
    assert policy.figure.value == Decimal("0.6")
    assert (service.valid, service.invalid) == (3, 2)
    assert service.figure.value == Decimal(2) / Decimal(3)
    assert result.overall.figure.numerator == 5 and result.overall.figure.denominator == 8
    assert result.overall.sample_size == 5  # respondents, not answers
    invalid = {(r.row_number, r.column, r.reason) for r in result.invalid_answers}
    assert invalid == {(5, "对创业服务", "未作答"), (6, "对创业服务", "无法识别的答案：“还行”")}
    assert len(result.warnings) == 3


def test_read_survey_xlsx_and_csv(tmp_path):
    rows = survey_rows()
    assert read_survey(write_xlsx(tmp_path / "s.xlsx", rows)).respondents == 5
    csv = tmp_path / "s.csv"
    csv.write_bytes("\n".join(",".join(r) for r in rows).encode("gb18030"))
    assert read_survey(csv).overall.figure.numerator == 5


def test_survey_without_answers():
    with pytest.raises(LedgerReadError, match="找不到问卷答案"):
        survey_from_rows([["姓名", "电话"], ["甲", "123"]])
