import datetime as dt
import io

import openpyxl
import pytest
from ledger_helpers import good_row, make_id, write_xlsx

from ledgers import LedgerReadError, read_sheets, read_table, table_from_rows
from ledgers.kinds import TRAINING
from ledgers.read import cell_text


def training_file(tmp_path, name="t.xlsx"):
    rows = [
        ["2020年创业培训实名制台账"],
        ["填报单位：兖州区就业创业促进中心"],
        ["序号", "姓 名", "身份证号码", "培训机构（名称）", "开班日期", "结业日期", "考核结果"],
    ]
    for i in range(3):
        r = good_row("training", i)
        rows.append(
            [i + 1, r["姓名"], r["身份证号"], r["培训机构"], r["开班日期"], r["结业日期"], "合格"]
        )
    rows.append([])  # blank row inside the data
    r = good_row("training", 9)
    rows.append([4, r["姓名"], r["身份证号"], "", r["开班日期"], r["结业日期"], "不合格"])
    return write_xlsx(tmp_path / name, rows)


@pytest.mark.parametrize("engine", ["auto", "calamine", "openpyxl"])
def test_title_rows_above_header_are_skipped(tmp_path, engine):
    table = read_table(training_file(tmp_path), "training", engine=engine)
    assert table.header_row == 3
    assert table.row_numbers == [4, 5, 6, 8]
    assert table.blank_rows == 1
    assert table.match.missing_required == []
    assert table.rows[0][2] == make_id(0)
    assert table.source == "t.xlsx"


def test_engines_give_the_same_rows(tmp_path):
    path = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "开班日期", "结业日期", "是否合格", "数"])
    ws.append(["张三", make_id(1), dt.date(2020, 2, 6), dt.datetime(2020, 2, 9), True, 1000.5])
    ws.append(["李四", 370882199001011234, 43867, "2020/2/9", "否", 12])
    wb.save(path)
    a = read_sheets(path, engine="calamine")[0].rows
    b = read_sheets(path, engine="openpyxl")[0].rows
    assert a == b
    assert a[1] == ["张三", make_id(1), "2020-02-06", "2020-02-09", "是", "1000.5"]
    # an id typed as a number has lost its last digits: it shows up as Excel shows it
    assert a[2][1] == "3.70882199001011E+17"
    assert a[2][2] == "43867" and a[2][5] == "12"


def test_bytes_and_file_objects(tmp_path):
    data = training_file(tmp_path).read_bytes()
    assert read_table(data, "training", filename="x.xlsx").row_numbers == [4, 5, 6, 8]
    assert len(read_table(io.BytesIO(data), "training").rows) == 4


def test_csv_in_gbk(tmp_path):
    text = "创业一件事办件台账\n申请人,公民身份号码,办理事项,受理日期,办结日期\n"
    text += f"王五,{make_id(2)},创业担保贷款申请,2020年2月6日,2020年2月10日\n"
    path = tmp_path / "service.csv"
    path.write_bytes(text.encode("gbk"))
    table = read_table(path, "service")
    assert table.header_row == 2
    assert table.rows == [["王五", make_id(2), "创业担保贷款申请", "2020年2月6日", "2020年2月10日"]]


def test_csv_utf8_with_bom_and_tabs(tmp_path):
    text = (
        f"姓名\t身份证号\t开班日期\t结业日期\t是否合格\n赵六\t{make_id(3)}\t2020.2.6\t2020.2.9\t√\n"
    )
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    table = read_table(path, "training")
    assert table.headers[0] == "姓名"
    assert table.rows[0][4] == "√"


def test_corrupt_xlsx(tmp_path):
    good = training_file(tmp_path).read_bytes()
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(LedgerReadError, match="无法读取Excel文件“broken.xlsx”"):
        read_table(path, "training")


@pytest.mark.parametrize(
    "name, data, fragment",
    [
        ("empty.xlsx", b"", "是空的"),
        ("blank.csv", b" \r\n", "是空的"),
        ("fake.xlsx", b"this is not a spreadsheet", "不是Excel文件"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "损坏或设置了密码"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "不支持的文件类型"),
        ("commas.csv", b",,,\n,,,\n", "没有任何数据"),
    ],
)
def test_unreadable_files(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LedgerReadError, match=fragment):
        read_table(path, "training")


def test_missing_file(tmp_path):
    with pytest.raises(LedgerReadError, match="找不到文件"):
        read_table(tmp_path / "nope.xlsx", "training")


def test_no_header_in_first_ten_rows(tmp_path):
    rows = [[f"说明{i}"] for i in range(10)] + [TRAINING.names]
    with pytest.raises(LedgerReadError, match="前10行中找不到创业培训实名制台账的表头"):
        table_from_rows(rows, "training")
    table = table_from_rows(rows + [["a"] * 7], "training", header_row=11)
    assert table.header_row == 11 and table.row_numbers == [12]


def test_sheet_selection(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本台账由区就业创业促进中心填报"])
    ws = wb.create_sheet("2020年")
    ws.append(["姓名", "身份证号", "开班日期", "结业日期", "是否合格"])
    ws.append(["甲", make_id(1), "2020-01-02", "2020-01-09", "是"])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    assert read_table(path, "training").sheet == "2020年"
    assert read_table(path, "training", sheet=1).rows[0][0] == "甲"
    with pytest.raises(LedgerReadError, match="找不到工作表"):
        read_table(path, "training", sheet="2021年")


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (" a ", "a"),
        (3.0, "3"),
        (0.1, "0.1"),
        (float("nan"), ""),
        (dt.datetime(2020, 2, 6, 13, 5), "2020-02-06 13:05:00"),
        (False, "否"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text
