"""文号, 成文日期 and title guesses."""

import datetime as dt

import pytest

from evidence import inspect_bytes
from evidence.metadata import find_doc_date, find_doc_number, guess_title, parse_date
from evidence.normalize import clean_text
from tests.evidence.evidence_builders import NOTICE_LINES, notice_docx


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("兖政办发〔2020〕5号", "兖政办发〔2020〕5号"),
        ("兖政办发[2020]5号", "兖政办发〔2020〕5号"),
        ("兖政办发（2020）5号", "兖政办发〔2020〕5号"),
        ("兖政办发(2020) 05 号", "兖政办发〔2020〕5号"),
        ("济人社字【2019】第12号", "济人社字〔2019〕12号"),
        ("兖州区人民政府办公室文件兖政办发〔2020〕5号", "兖政办发〔2020〕5号"),
        ("根据《通知》（鲁政发〔2019〕8号）精神", "鲁政发〔2019〕8号"),
        ("2020年共有5号楼", None),
    ],
)
def test_doc_number_variants(text, expected):
    assert find_doc_number(clean_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020年2月6日", dt.date(2020, 2, 6)),
        ("二〇二〇年二月六日", dt.date(2020, 2, 6)),
        ("二○二一年十二月三十一日", dt.date(2021, 12, 31)),
        ("二〇一九年十月十日", dt.date(2019, 10, 10)),
        ("2020 年 2 月 30 日", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(clean_text(text)) == expected


def test_signing_date_beats_deadlines_and_printing_date():
    text = clean_text(
        "各单位要于2020年3月1日\n前完成自查。\n"
        "兖州区人民政府办公室\n二〇二〇年二月六日\n（此件公开发布）\n"
        "兖州区人民政府办公室 2020年2月7日印发"
    )
    assert find_doc_date(text) == dt.date(2020, 2, 6)
    assert find_doc_date("兖州区人民政府办公室 2020年2月7日印发") == dt.date(2020, 2, 7)
    assert find_doc_date("请于2020年3月1日前报送。") is None


def test_title_split_over_lines():
    text = clean_text(
        "兖州区人民政府办公室文件\n兖政办发〔2020〕5号\n"
        "关于印发兖州区创建省级创业型城市\n工作方案的通知\n各镇街："
    )
    assert guess_title(text) == "关于印发兖州区创建省级创业型城市工作方案的通知"


def test_title_without_guanyu_is_the_first_heading_line():
    text = clean_text(
        "兖政办发〔2020〕5号\n2020年2月6日\n兖州区创建省级创业型城市工作方案\n一、指导思想"
    )
    assert guess_title(text) == "兖州区创建省级创业型城市工作方案"


def test_inspection_carries_metadata():
    inspection = inspect_bytes(notice_docx(), "通知.docx", sandbox=False)
    assert inspection.doc_number == "兖政办发〔2020〕5号"
    assert inspection.doc_date == dt.date(2020, 2, 6)
    assert inspection.title_guess == NOTICE_LINES[2]
