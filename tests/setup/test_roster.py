"""Reading the 领导小组成员名单: 附件1 of seed 003, tables, pasted text, refusals."""

from __future__ import annotations

import pytest

from services.errors import InvalidInput
from services.setup.roster import parse_roster_lines, parse_roster_text, split_post
from services.setup.roster_file import read_roster_file
from tests.setup.helpers import EXAMPLE_DOCX, annex_lines, annex_text, xlsx_bytes


def _depts(roster, included=True):
    return [d.name for d in roster.departments if d.include == included]


def test_annex1_gives_every_member_department_with_its_head_as_contact():
    roster = parse_roster_text(annex_text())
    assert len(roster.people) == 35
    assert [p.name for p in roster.leaders] == ["王骁", "屈耀武", "李勇"]
    depts = {d.name: d for d in roster.departments if d.include}
    assert len(depts) == 33
    # a post broken over two lines is joined: 区人力资源和 / 社会保障局局长
    hr = depts["区人力资源和社会保障局"]
    assert (hr.contact_name, hr.contact_title) == ("尹江涛", "区人力资源和社会保障局局长")
    # a person is counted for the department they head, not their first (deputy) post
    assert depts["区委机构编制委员会办公室"].contact_name == "吴占华"
    assert "区委组织部" not in depts
    # the vice-leader 李勇 heads 区督查考核办公室; the 区长 names no department
    assert depts["区督查考核办公室"].contact_name == "李勇"
    assert not any(p.department for p in roster.people if p.name == "王骁")
    for name in ("团区委", "人行兖州支行", "济宁市公安局兖州分局", "兖州工业园区管委会"):
        assert name in depts


def test_the_office_host_and_director_are_read_from_the_closing_sentence():
    roster = parse_roster_text(annex_text())
    assert roster.office_host == "区人社局"
    assert roster.office_director == "王成喜"


def test_other_posts_are_offered_unticked():
    roster = parse_roster_text(annex_text())
    secondary = {d.name: d for d in roster.departments if d.secondary}
    assert set(secondary) >= {"区工商联", "区委组织部", "区招商促进中心"}
    assert not any(d.include for d in secondary.values())
    assert secondary["区工商联"].contact_name == "易凯"


def test_the_list_inside_the_whole_notice_is_found():
    text = (
        "关于印发工作方案的通知\n各镇人民政府：\n……\n"
        + annex_text()
        + "\n附件2\n责任分工\n| 创建标准 |"
    )
    assert len(parse_roster_text(text).people) == 35


@pytest.mark.parametrize(
    ("post", "dept", "head"),
    [
        ("区财政局局长", "区财政局", True),
        ("区委统战部副部长", "区委统战部", False),
        ("区工商联常务副主席", "区工商联", False),
        ("区工业和信息化局党组成员", "区工业和信息化局", False),
        ("团区委书记", "团区委", True),
        ("区委副书记", None, False),
        ("副区长", None, False),
    ],
)
def test_a_post_splits_into_department_and_title(post, dept, head):
    assert split_post(post)[0] == dept
    if dept:
        assert split_post(post)[1] is head


def test_the_docx_is_read_in_the_sandbox():
    roster = read_roster_file(EXAMPLE_DOCX.read_bytes(), EXAMPLE_DOCX.name)
    assert len([d for d in roster.departments if d.include]) == 33
    assert roster.office_host == "区人社局"


def test_a_table_with_unit_name_title_and_phone_columns():
    data = xlsx_bytes(
        [
            ["兖州区创建领导小组成员及联络员名单"],
            ["序号", "单位", "姓名", "职务", "联系电话"],
            [1, "区人社局", "尹江涛", "局长", "0537-3411111"],
            [2, "区财政局", "王天祥", "局长", "0537-3422222"],
            [3, "区财政局", "李四", "副局长", ""],
        ]
    )
    roster = read_roster_file(data, "名单.xlsx", sandbox=False)
    depts = {d.name: d for d in roster.departments}
    assert list(depts) == ["区人社局", "区财政局"]
    assert depts["区人社局"].contact_phone == "0537-3411111"
    assert depts["区财政局"].contact_name == "王天祥"


def test_a_table_of_people_without_a_unit_column_reads_the_unit_from_the_post():
    roster = parse_roster_lines(
        [
            "| 小组职务 | 姓名 | 职务 |",
            "| 组长 | 王骁 | 区长 |",
            "| 成员 | 张勇 | 区市场监督管理局局长 |",
        ]
    )
    assert [d.name for d in roster.departments] == ["区市场监督管理局"]
    assert roster.leaders[0].name == "王骁"


def test_pasted_list_with_ascii_punctuation():
    roster = parse_roster_text("成员: 张三 (区财政局局长)\n李四(区统计局局长)")
    assert _depts(roster) == ["区财政局", "区统计局"]


@pytest.mark.parametrize(
    "text",
    ["", "这是一段与名单无关的文字。", "成员：（）"],
)
def test_text_without_members_is_refused_in_chinese(text):
    with pytest.raises(InvalidInput, match="没有从名单中读到成员"):
        parse_roster_text(text)


def test_limits_are_checked_before_parsing():
    with pytest.raises(InvalidInput, match="名单内容过长"):
        parse_roster_text("张三（区财政局局长）" * 20_000)
    with pytest.raises(InvalidInput, match="名单文件过大"):
        read_roster_file(b"PK" + b"\0" * (11 * 1024 * 1024), "big.docx")


def test_other_files_are_refused_with_a_chinese_message():
    with pytest.raises(InvalidInput, match="Word（.docx）或 Excel（.xlsx）"):
        read_roster_file(b"%PDF-1.4\n...", "名单.pdf", sandbox=False)
    with pytest.raises(InvalidInput, match="无法读取"):
        read_roster_file(b"PK\x03\x04broken zip", "名单.docx", sandbox=False)


def test_paragraph_lines_and_text_agree():
    assert len(parse_roster_lines(annex_lines()).people) == 35
