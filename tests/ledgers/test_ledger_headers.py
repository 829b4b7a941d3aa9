from decimal import Decimal

import pytest

from ledgers import KINDS, MappingError, apply_mapping, match_headers
from ledgers.kinds import split_header


@pytest.mark.parametrize("code", sorted(KINDS))
def test_canonical_headers_match_exactly(code):
    kind = KINDS[code]
    m = match_headers(kind.names, code)
    assert m.mapping == {name: i for i, name in enumerate(kind.names)}
    assert m.missing_required == [] and m.unknown == [] and m.unsure == []


def test_spaces_full_width_brackets_and_synonyms():
    headers = [
        "序号",
        "姓 名",
        "公民身份号码",
        "培训机构名称",
        "开班时间",
        "结业日期（年月日）",
        "结业考核",
        "\u3000备注",
    ]
    m = match_headers(headers, "training")
    assert m.mapping == {
        "姓名": 1,
        "身份证号": 2,
        "培训机构": 3,
        "开班日期": 4,
        "结业日期": 5,
        "是否合格": 6,
    }
    assert m.missing_required == []
    assert m.unknown == ["序号", "备注"]
    assert m.unsure == []


@pytest.mark.parametrize(
    "header", ["身份证号码", "证件号码", "公民身份号码", "身份证号 ", "*身份证号", "身份证号:"]
)
def test_id_synonyms(header):
    m = match_headers(["姓名", header], "subsidy")
    assert m.mapping["身份证号"] == 1
    assert "身份证号" not in m.unsure


def test_amount_unit_from_header_in_either_bracket_width():
    for header in ("贷款金额（万元）", "贷款金额(万元)", "贷款金额 ( 万元 )", "贷款金额/万元"):
        m = match_headers(["姓名", "身份证号", header], "loan")
        assert m.mapping["贷款金额"] == 2, header
        assert m.units["贷款金额"] == Decimal(10000), header
    m = match_headers(["金额（元）"], "subsidy")
    assert m.units["金额"] == Decimal(1)


def test_loan_accepts_fafang_riqi_as_fangkuan_riqi():
    m = match_headers(["姓名", "身份证号", "是否符合条件", "是否获贷", "发放日期"], "loan")
    assert m.mapping["放款日期"] == 4


def test_fuzzy_matches_are_reported_as_unsure():
    m = match_headers(
        ["学员姓名", "身分证号", "学员所在培训机构", "开班日期", "结业日期", "是否合格"], "training"
    )
    assert m.mapping["身份证号"] == 1
    assert m.mapping["培训机构"] == 2
    assert set(m.unsure) == {"身份证号", "培训机构"}
    assert "按近似名称匹配" in "\n".join(m.describe())


def test_missing_required_listed():
    m = match_headers(["姓名", "开班日期"], "training")
    assert m.missing_required == ["身份证号", "结业日期", "是否合格"]
    assert not m.ok


def test_same_column_twice_keeps_first():
    m = match_headers(["姓名", "身份证号", "身份证号码"], "training")
    assert m.mapping["身份证号"] == 1
    assert m.unknown == ["身份证号码"]


def test_user_mapping_is_applied_and_checked():
    headers = ["甲", "乙", "丙（万元）", "丁"]
    m = apply_mapping(headers, "loan", {"姓名": 0, "身份证号": 1, "贷款金额": 2})
    assert m.mapping == {"姓名": 0, "身份证号": 1, "贷款金额": 2}
    assert m.units["贷款金额"] == Decimal(10000)
    assert m.missing_required == ["是否符合条件", "是否获贷"]
    assert m.unknown == ["丁"]
    with pytest.raises(MappingError, match="不是创业担保贷款台账的列"):
        apply_mapping(headers, "loan", {"培训机构": 0})
    with pytest.raises(MappingError, match="超出范围"):
        apply_mapping(headers, "loan", {"姓名": 9})
    with pytest.raises(MappingError, match="同时对应"):
        apply_mapping(headers, "loan", {"姓名": 0, "身份证号": 0})
    with pytest.raises(MappingError, match="未知的台账类型"):
        match_headers(headers, "nope")


def test_split_header():
    assert split_header("注（吊）销日期") == ("注销日期", None)
    assert split_header("贷款金额（万元）")[1] == Decimal(10000)
