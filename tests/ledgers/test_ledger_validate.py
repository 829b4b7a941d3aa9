import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_helpers import bad_check, good_row, make_id, write_xlsx

from ledgers import KINDS, LedgerRow, MappingError, read_table, table_from_rows, validate
from ledgers.kinds import AMOUNT, BOOL, DATE
from ledgers.values import parse_amount, parse_bool, parse_date

CJK = re.compile(r"[\u4e00-\u9fff]")


def plant(code):
    """Good rows with one planted problem per applicable check; returns rows (canonical dicts)
    and the expected rejection (row index, column, reason fragment) of each planted row."""
    kind = KINDS[code]
    rows = [good_row(code, i) for i in range(5)]
    expected = []

    def add(row, column, fragment):
        rows.append(row)
        expected.append((len(rows) - 1, column, fragment))

    id_col = kind.id_column
    r = good_row(code, 100)
    r[id_col] = bad_check(r[id_col])
    add(r, id_col, "校验位错误")

    date_col = next(c.name for c in kind.columns if c.type == DATE)
    r = good_row(code, 101)
    r[date_col] = "下周一"
    add(r, date_col, "无法识别的日期")

    r = good_row(code, 102)
    r[kind.person_column] = ""
    add(r, kind.person_column, "必填项为空")

    for start, end in kind.date_order:
        r = good_row(code, 103)
        r[end] = (dt.date.fromisoformat(r[start]) - dt.timedelta(days=1)).isoformat()
        add(r, end, f"早于{start}")

    dup = dict(rows[1])
    add(dup, kind.key_columns[0], "与第4行重复")  # rows[1] is on sheet row 4

    for col in kind.columns:
        if col.type == BOOL:
            r = good_row(code, 104)
            r[col.name] = "可能"
            add(r, col.name, "无法识别的是/否值")
        if col.type == AMOUNT:
            r = good_row(code, 105)
            r[col.name] = "-500"
            add(r, col.name, "不能为负数")
    return rows, expected


@pytest.mark.parametrize("code", sorted(KINDS))
def test_planted_bad_rows_are_rejected_with_row_column_and_reason(tmp_path, code):
    kind = KINDS[code]
    rows, expected = plant(code)
    sheet = [[f"2020年{kind.title}"], ["序号", *kind.names]]
    sheet += [[n + 1, *(r[c] for c in kind.names)] for n, r in enumerate(rows)]
    table = read_table(write_xlsx(tmp_path / f"{code}.xlsx", sheet), code)
    assert table.header_row == 2
    result = validate(table)
    first_data_row = 3
    got = {(r.row_number, r.column): r for r in result.rejected}
    for index, column, fragment in expected:
        rej = got.get((first_data_row + index, column))
        assert rej is not None, (index, column, result.rejected)
        assert fragment in rej.reason
        assert CJK.search(rej.reason)
    assert result.rejected_rows == sorted(first_data_row + i for i, _, _ in expected)
    assert [r.row_number for r in result.good] == list(range(3, 8))
    assert len(result.good) + len(result.rejected_rows) == result.data_rows == len(rows)


def test_rejection_value_is_the_cell_as_written():
    rows = [["姓名", "身份证号", "开班日期", "结业日期", "是否合格"]]
    rows.append(["甲", make_id(1), "2020/2/30", "2020/3/1", "是"])
    result = validate(table_from_rows(rows, "training"))
    (rej,) = result.rejected
    assert (rej.row_number, rej.column, rej.value) == (2, "开班日期", "2020/2/30")
    assert "日期不存在" in rej.reason


def test_all_problems_of_a_row_are_reported():
    rows = [["姓名", "身份证号", "开班日期", "结业日期", "是否合格"]]
    rows.append(["", "123", "昨天", "2020-01-01", "也许"])
    result = validate(table_from_rows(rows, "training"))
    assert {r.column for r in result.rejected} == {"姓名", "身份证号", "开班日期", "是否合格"}
    assert result.rejected_rows == [2]


def test_good_rows_are_typed():
    rows = [["姓名", "身份证号", "是否符合条件", "是否获贷", "贷款金额（万元）", "放款日期"]]
    rows.append(["甲", make_id(1).lower()[:-1] + make_id(1)[-1], "Y", "√", "15", "2020年2月6日"])
    rows.append(["乙", make_id(2), "N", "×", "", "43867"])
    result = validate(table_from_rows(rows, "loan"))
    assert result.rejected == []
    a, b = result.good
    assert a["贷款金额"] == Decimal(150000)
    assert a["放款日期"] == dt.date(2020, 2, 6) == b["放款日期"]
    assert (a["是否符合条件"], a["是否获贷"], b["是否获贷"]) == (True, True, False)
    assert b["贷款金额"] is None
    assert a.key == f"loan|{make_id(1)}|2020-02-06"
    assert LedgerRow.from_record("loan", a.row_number, a.to_record()) == a


def test_duplicates_against_existing_keys():
    rows = [["申请人", "身份证号", "事项", "受理日期"]]
    rows.append(["甲", make_id(1), "创业培训申请", "2020-03-02"])
    rows.append(["甲", make_id(1), "创业担保贷款", "2020-03-02"])
    existing = {f"service|{make_id(1)}|创业培训|2020-03-02"}
    result = validate(table_from_rows(rows, "service"), existing_keys=existing)
    assert [r.row_number for r in result.good] == [3]
    (rej,) = result.rejected
    assert rej.row_number == 2 and rej.column == "身份证号"
    assert "此前已导入" in rej.reason


def test_duplicate_of_a_rejected_row_is_not_a_duplicate():
    rows = [["姓名", "身份证号", "开班日期", "结业日期", "是否合格"]]
    rows.append(["", make_id(1), "2020-01-01", "2020-01-05", "是"])
    rows.append(["甲", make_id(1), "2020-01-01", "2020-01-05", "是"])
    result = validate(table_from_rows(rows, "training"))
    assert [r.row_number for r in result.good] == [3]
    assert result.rejected[0].reason == "必填项为空"


def test_total_row_is_rejected_as_such():
    rows = [["姓名", "身份证号", "是否符合条件", "是否享受", "金额"]]
    rows.append(["甲", make_id(1), "是", "是", "5000"])
    rows.append(["合计", "", "", "", "5000"])
    result = validate(table_from_rows(rows, "subsidy"))
    (rej,) = result.rejected
    assert (rej.row_number, rej.value) == (3, "合计")
    assert "合计行" in rej.reason


def test_service_items_are_normalised():
    rows = [["申请人", "身份证号", "事项", "受理日期"]]
    for i, item in enumerate(["创业担保贷款申请", "开业指导", "申请创业培训", "社保登记"]):
        rows.append([f"人{i}", make_id(i), item, "2020-03-02"])
    result = validate(table_from_rows(rows, "service"))
    assert [r["事项"] for r in result.good] == [
        "创业担保贷款",
        "创业开业指导",
        "创业培训",
        "社保登记",
    ]


def test_missing_required_column_must_be_mapped_first():
    table = table_from_rows(
        [["姓名", "身份证号", "开班日期"], ["甲", make_id(1), "2020-01-01"]], "training"
    )
    with pytest.raises(MappingError, match="缺少必填列：结业日期、是否合格"):
        validate(table)
    rows = [
        ["姓名", "身份证号", "开班", "结业", "结果"],
        ["甲", make_id(1), "2020-01-01", "2020-01-02", "合格"],
    ]
    table = table_from_rows(rows, "training", header_row=1)
    mapped = table.with_mapping(
        {"姓名": 0, "身份证号": 1, "开班日期": 2, "结业日期": 3, "是否合格": 4}
    )
    assert len(validate(mapped).good) == 1


@pytest.mark.parametrize(
    "text",
    [
        "2020-02-06",
        "2020/2/6",
        "2020.2.6",
        "2020年2月6日",
        "2020 年 2 月 6 日",
        "20200206",
        "43867",
        "43867.5",
        "2020-02-06 00:00:00",
        "２０２０－０２－０６",
    ],
)
def test_date_forms(text):
    assert parse_date(text) == dt.date(2020, 2, 6)


@pytest.mark.parametrize("text", ["2020-02-30", "2月6日", "1234", "1900-01-01", "abc"])
def test_bad_dates(text):
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert CJK.search(str(exc.value))


def test_date_cells():
    assert parse_date(dt.datetime(2020, 2, 6, 9, 30)) == dt.date(2020, 2, 6)


@pytest.mark.parametrize("text", ["是", "合格", "Y", "y", "√", "✓", "通过", "已享受"])
def test_yes(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["否", "不合格", "N", "×", "未通过", "未获贷"])
def test_no(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize(
    "text, unit, value",
    [
        ("1,000.00", 1, "1000.00"),
        ("5000元", 1, "5000"),
        ("1.5", 10000, "15000"),
        ("０.５", 10000, "5000"),
    ],
)
def test_amounts(text, unit, value):
    assert parse_amount(text, Decimal(unit)) == Decimal(value)


@pytest.mark.parametrize("text", ["1万", "五千", "-1", "1,00", "1.2.3"])
def test_bad_amounts(text):
    with pytest.raises(ValueError) as exc:
        parse_amount(text)
    assert CJK.search(str(exc.value))


cell = st.one_of(
    st.sampled_from(["", "是", "否", "x", "2020-02-06", "2020/2/30", "43867", "-5", "合计", "甲"]),
    st.sampled_from([make_id(i) for i in range(4)] + [bad_check(make_id(5))]),
    st.text(max_size=5),
)


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(sorted(KINDS)), data=st.data())
def test_nothing_is_dropped_silently(code, data):
    kind = KINDS[code]
    body = data.draw(
        st.lists(st.lists(cell, min_size=len(kind.names), max_size=len(kind.names)), max_size=25)
    )
    table = table_from_rows([kind.names, *body], code, header_row=1)
    result = validate(table)
    good = {r.row_number for r in result.good}
    rejected = set(result.rejected_rows)
    assert not good & rejected
    assert good | rejected == set(table.row_numbers)
    assert len(result.good) + len(rejected) == result.data_rows == len(table.rows)
    assert all(r.reason and CJK.search(r.reason) for r in result.rejected)
    assert all(r.column in kind.names for r in result.rejected)
