"""The round report, read back with python-docx: every figure equals the engine's."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from docx.oxml.ns import qn
from docx.table import Table

from reports import build_assessment_report
from reports.inputs import FigureLine, Issue
from reports.wording import forbidden_in
from rubric.models import INPUT_REQUIRED_KINDS
from scoring import fmt, score, validate_findings
from scoring.findings import met_value

from .conftest import COMMENT, EVIDENCE, ISSUER, make_input
from .helpers import (
    all_text,
    body_items,
    find_table,
    open_docx,
    paragraphs,
    part_xml,
    section_between,
)
from .pdf_helpers import require


@pytest.fixture(scope="module")
def doc(assessment_bytes):
    return open_docx(assessment_bytes)


@pytest.fixture(scope="module")
def text(doc):
    return all_text(doc)


ISSUE = Issue(
    office=ISSUER,
    number="兖创办发〔2020〕5号",
    code="兖创办发",
    signer="王五",
    addressee="兖州区创建省级创业型城市工作领导小组",
    cc=("市创建办",),
    printer="兖州区创建工作领导小组办公室",
)


@pytest.fixture(scope="module")
def issued(rubric, card):
    return open_docx(build_assessment_report(make_input(rubric, card, issue=ISSUE)))


def test_head_number_addressee_and_title(issued):
    paras = paragraphs(issued)
    assert paras[0] == f"{ISSUER}文件"
    mark = issued.paragraphs[0].runs[0]
    assert str(mark.font.color.rgb) == "C00000"
    number = next(p for p in paras if p.startswith("兖创办发〔2020〕5号"))
    assert number == "兖创办发〔2020〕5号\t签发人：王五"
    title = next(p for p in paras if p.startswith("关于"))
    assert title == "关于兖州区创建省级创业型城市2020年第三季度模拟考评情况的报告"
    assert paras[paras.index(title) + 2] == "兖州区创建省级创业型城市工作领导小组："
    # the red separator line under the number
    rule = issued.paragraphs[paras.index(number) + 1]._p.xml
    assert "w:pBdr" in rule and 'w:color="C00000"' in rule


def test_attachment_list_signature_annexes_and_record(issued):
    paras = paragraphs(issued)
    at = paras.index("附件：1.整改事项清单")
    assert paras[at + 1] == "2.评分方法与数据来源"
    assert paras[at + 2 : at + 6] == ["", "", ISSUER, "2020年9月15日"]
    assert paras.index("附件1") > at and paras.index("附件2") > paras.index("附件1")
    assert "整改事项清单" in paras[paras.index("附件1") + 2]
    record = issued.tables[-1]
    lines = [row.cells[0].text for row in record.rows]
    assert lines == ["　抄送：市创建办。", "　兖州区创建工作领导小组办公室\t2020年9月15日印发"]
    assert record._tbl.tblPr.find(qn("w:tblpPr")) is not None  # floats at the page foot


def test_grid_holds_28_characters_a_line(assessment_bytes):
    xml = part_xml(assessment_bytes, "word/document.xml")
    grid = re.search(r"<w:docGrid ([^>]*)/>", xml).group(1)
    attrs = dict(re.findall(r'w:(\w+)="([^"]*)"', grid))
    assert attrs["type"] == "linesAndChars"
    assert attrs["linePitch"] == "579"
    pitch = 16 + int(attrs["charSpace"]) / 4096
    assert int(156 / 25.4 * 72 / pitch) == 28


def test_title_without_settings_uses_the_issuer(doc):
    assert report_title_of(doc).startswith("关于兖州区创建省级创业型城市")


def report_title_of(doc) -> str:
    return next(p for p in paragraphs(doc) if p.startswith("关于"))


def test_total_printed_equals_engine(text, card):
    assert f"本次考评确认得分{fmt(card.total)}分（满分{fmt(card.max)}分）" in text
    assert f"失分{fmt(card.lost)}分" in text


def test_system_table_has_all_six_systems_and_exact_scores(doc, card):
    table = find_table(doc, "体系", "满分", "得分")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert len(rows) == len(card.systems) + 2
    for row, s in zip(rows[1:], card.systems, strict=False):
        assert row[2] == fmt(s.score)
    assert rows[-1][:3] == ["合计", fmt(card.max), fmt(card.total)]


def test_every_table_is_numbered_and_captioned(doc):
    items = list(body_items(doc))
    numbers = []
    for n, item in enumerate(items):
        if isinstance(item, Table) and item.rows[0].cells[0].text in (
            "体系",
            "序号",
            "编号",
            "指标",
        ):
            caption = items[n - 1]
            assert caption.text.startswith("表"), caption.text
            numbers.append(int(re.match(r"表(\d+)", caption.text).group(1)))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3


def test_problems_say_what_was_found_who_answers_and_the_evidence(doc, card):
    problems = " ".join(
        p.text for p in section_between(doc, "二、主要问题", "三、") if hasattr(p, "text")
    )
    losing = [r for r in card.requirements if r.lost > 0]
    assert f"共有{len(losing)}项创建要求失分" in problems
    assert COMMENT.rstrip("。") in problems
    assert "责任单位：区人社局（牵头）" in problems or "责任单位：" in problems
    assert f"《{EVIDENCE.title}》（{EVIDENCE.doc_number}）" in problems
    assert "【" not in problems and "检查意见：无" not in problems
    assert "未引用佐证材料" not in problems


def test_suggestions_name_who_what_and_by_when(doc, rubric, card):
    text = " ".join(
        p.text for p in section_between(doc, "三、整改建议", "四、") if hasattr(p, "text")
    )
    req = rubric.requirement_index()["1.2.1"]
    assert "、".join(req.evidence) in text
    assert "2020年10月15日前完成" in text
    assert re.search(r"尚未评定的\d+项创建要求（涉及.+方面，共[\d.]+分）", text)


def test_no_product_words_iso_dates_or_rule_ids_before_the_annexes(doc):
    body = []
    for p in paragraphs(doc):
        if p == "附件1":
            break
        body.append(p)
    text = "\n".join(body)
    assert forbidden_in(text) == []
    assert forbidden_in(all_text(doc), allow_ids=True) == []


def test_zero_data_indicator_is_explained(rubric, card):
    met = FigureLine("创业活跃度", "16.20%", "a ÷ b", "区统计局", "≥15%", True, False)
    card0 = score(
        rubric, validate_findings(rubric, {}, [d.requirement for d in rubric.data_indicators])
    )
    text = all_text(open_docx(build_assessment_report(make_input(rubric, card0, figures=[met]))))
    assert "1项数据均已达到目标值，但有1项尚未经考核组确认" in text


def test_data_sources_are_short(rubric, card):
    long = FigureLine(
        "创业成功率",
        "76.00%",
        "存活 ÷ 登记",
        "市场主体登记，登记日期在2020年的150户，截至2026-12-01已满一年的150户。数据来源：区市场监督"
        "管理局《2020年新登记市场主体名录.xlsx》（第5批导入，2020年，王主任于2026-12-01导入，有效150行）",
        "≥70%",
        True,
        True,
    )
    doc = open_docx(build_assessment_report(make_input(rubric, card, figures=[long])))
    table = find_table(doc, "指标", "数据来源")
    assert table.rows[1].cells[4].text == "区市场监督管理局《2020年新登记市场主体名录》"


def test_methods_annex_lists_starting_points(text):
    methods = text.split("评分方法与数据来源", 2)[-1]
    assert "3.5.1（起评1分，满分3分）" in methods


def test_charts_bar_always_trend_only_with_two_rounds(rubric, card):
    two = open_docx(build_assessment_report(make_input(rubric, card)))
    one = open_docx(build_assessment_report(make_input(rubric, card, trend=[("本轮", card.total)])))
    assert len(two.inline_shapes) == 2
    assert len(one.inline_shapes) == 1
    assert "图2　历次考评总分" in paragraphs(two)
    assert "总分提高9.25分" in all_text(two)
    for shape in two.inline_shapes:
        assert shape.width.mm <= 156


def test_pass_line_sentence(rubric, card):
    with_line = rubric.model_copy(update={"pass_line": Decimal(80)})
    doc = open_docx(build_assessment_report(make_input(with_line, card)))
    assert "确认得分距合格线（80分）还差8.25分，待评项目全部得分方可达到。" in all_text(doc)
    without = all_text(open_docx(build_assessment_report(make_input(rubric, card))))
    assert "合格线" not in without


def test_exact_decimals_three_deductions_of_point_two(rubric):
    card = score(rubric, validate_findings(rubric, {"3.1.1a": 3}))
    text = all_text(open_docx(build_assessment_report(make_input(rubric, card))))
    assert "失0.6分（满分3分）" in text
    assert "0.6000" not in text and "0.59999" not in text


def test_full_marks_round_has_no_losses(rubric):
    weights = {r.id: r.weight for r in rubric.requirements()}
    values = {
        rule.id: met_value(rule, weights[rule.id[:-1]])
        for rule in rubric.rules()
        if rule.kind in (*INPUT_REQUIRED_KINDS, "award", "award_each")
    }
    card = score(rubric, validate_findings(rubric, values))
    assert card.total == 100
    text = all_text(open_docx(build_assessment_report(make_input(rubric, card))))
    assert "本次考评确认得分100分（满分100分），失分0分，待评0分" in text
    assert "未发现失分问题" in text
    assert "未发现需要整改的问题" in text


def test_document_xml_has_no_theme_fonts(assessment_bytes):
    for part in ("word/document.xml", "word/styles.xml"):
        assert "eastAsiaTheme" not in part_xml(assessment_bytes, part)


@pytest.mark.slow
def test_pdf_text_contains_total_and_systems(assessment_bytes, card, tmp_path):
    require("soffice", "pdftotext")
    soffice = shutil.which("soffice")
    src = tmp_path / "report.docx"
    src.write_bytes(assessment_bytes)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file()
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    flat = "".join(out.split())
    assert fmt(card.total) in flat
    assert f"确认得分{fmt(card.total)}分" in flat
    for system in card.systems:
        assert system.name in flat
    assert "组织领导体系" in flat
