"""The round report, read back with python-docx: every figure equals the engine's."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from docx.oxml.ns import qn
from docx.table import Table

from reports import build_assessment_report, report_title
from rubric.models import INPUT_REQUIRED_KINDS
from scoring import fmt, score, validate_findings
from scoring.findings import met_value

from .conftest import COMMENT, EVIDENCE, FIGURE, ISSUER, make_input
from .helpers import all_text, find_table, open_docx, paragraphs, part_xml, section_between


@pytest.fixture(scope="module")
def doc(assessment_bytes):
    return open_docx(assessment_bytes)


@pytest.fixture(scope="module")
def text(doc):
    return all_text(doc)


def test_title_doc_number_and_round(doc, assessment_input):
    paras = paragraphs(doc)
    assert paras[0] == "兖州区（演示）创建省级创业型城市模拟考评报告"
    assert report_title(assessment_input) == paras[0]
    assert doc.paragraphs[0].style.name == "Title"
    assert paras[1] == "兖创办发〔2020〕5号"
    assert paras[2] == "（2020年第三季度模拟考评）"
    assert doc.core_properties.title == paras[0]


@pytest.mark.parametrize(
    ("kind", "ending"),
    [("自评", "自评报告"), ("正式考评", "考评报告"), ("模拟考评", "模拟考评报告")],
)
def test_title_follows_the_round_kind(rubric, card, kind, ending):
    assert report_title(make_input(rubric, card, round_kind=kind)) == (
        f"兖州区（演示）创建省级创业型城市{ending}"
    )


def test_total_printed_equals_engine(text, card):
    assert fmt(card.total) == "71.75"
    assert f"本轮确认得分{fmt(card.total)}分（满分{fmt(card.max)}分）" in text
    assert f"失分{fmt(card.lost)}分，待评{fmt(card.pending)}分" in text


def test_system_table_has_all_six_systems_and_exact_scores(doc, card):
    table = find_table(doc, "体系", "满分", "得分", "失分", "待评")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["体系", "满分", "得分", "失分", "待评"]
    assert [r[0] for r in rows[1:7]] == [s.name for s in card.systems]
    assert len(card.systems) == 6
    for row, system in zip(rows[1:7], card.systems, strict=True):
        assert row[1:] == [
            fmt(system.max),
            fmt(system.score),
            fmt(system.lost),
            fmt(system.pending),
        ]
    assert rows[7] == ["合计", fmt(card.max), fmt(card.total), fmt(card.lost), fmt(card.pending)]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_every_header_row_repeats(assessment_bytes):
    doc = open_docx(assessment_bytes)
    assert len(doc.tables) >= 5
    for table in doc.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_every_losing_requirement_appears_with_its_clauses(doc, text, rubric, card):
    losses = section_between(doc, "二、失分情况", "三、")
    loss_text = "\n".join(p.text for p in losses if not isinstance(p, Table))
    lost = [r for r in card.requirements if r.lost > 0]
    assert {r.id for r in lost} == {"1.2.1", "1.3.3", "1.6.1", "2.1.1", "2.2.1", "2.3.1", "3.5.1"}
    index = rubric.rule_index()
    for r in lost:
        assert f"要求{r.id}，失分{fmt(r.lost)}分（满分{fmt(r.max)}分）" in loss_text
        for a in r.applied:
            if a.rule:
                assert index[a.rule][1].text in loss_text, a.rule
        for rule_id in r.short_rules:
            assert f"【{rule_id}】" in loss_text
    for r in card.requirements:
        if r.lost == 0:
            assert f"要求{r.id}，" not in loss_text
    # the values behind the points: items ticked, ratio reached, grade chosen, clamp
    assert "市场准入、融资服务，共2项，扣1分" in loss_text
    assert "实际85.00%，得3分，本条最高4分" in loss_text
    assert "评定为“虽属创新但效果一般”，得1分" in loss_text
    assert "3项，扣1.5分" in loss_text and "得分不低于 0 分" in loss_text
    assert "【2.3.1a】确属创新且效果很好得3分（未加分，本条可加3分）" in loss_text


def test_indicator_headings_for_losses(doc, card):
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for ind in card.indicators:
        if ind.lost > 0:
            assert any(
                h.endswith(f"{ind.id} {ind.name}，失分{fmt(ind.lost)}分（满分{fmt(ind.max)}分）")
                for h in heads
            ), ind.id


def test_comment_and_cited_evidence(text):
    assert f"检查意见：{COMMENT}" in text
    assert (
        f"《{EVIDENCE.title}》（兖政办发〔2020〕3号，2020年2月6日，文件：{EVIDENCE.file_name}）"
        in text
    )
    assert "佐证材料：未引用佐证材料。" in text


def test_pending_section_lists_every_unassessed_requirement(doc, card):
    table = find_table(doc, "编号", "创建要求", "分值")
    ids = [r.cells[0].text for r in table.rows[1:]]
    expected = [r.id for r in card.requirements if r.status == "unassessed"]
    assert ids == expected
    assert "4.4.1" in ids and "2.2.2" in ids
    assert [r.cells[2].text for r in table.rows[1:]] == [
        fmt(r.max) for r in card.requirements if r.status == "unassessed"
    ]


def test_rectification_list_groups_gaps_by_department(doc, card, rubric):
    items = section_between(doc, "四、整改清单", "五、")
    seen: dict[str, list[str]] = {}
    current = None
    for item in items:
        if isinstance(item, Table):
            seen[current] = [r.cells[0].text for r in item.rows[1:]]
        elif item.style.name == "Heading 2":
            current = item.text.split("）", 1)[1].split("：", 1)[0]
    expected: dict[str, list[str]] = {}
    order = [q.id for q in rubric.requirements()]
    for gap in sorted(card.gaps, key=lambda g: order.index(g.requirement)):
        for dept in gap.departments:
            expected.setdefault(dept, []).append(gap.requirement)
    assert seen == expected
    assert "1.2.1" in seen["区政府办公室"] and "1.2.1" in seen["区人社局"]
    table_text = all_text(doc)
    assert "2020年10月15日" in table_text and "另行通知" in table_text


def test_figures_with_formula_and_source(doc):
    table = find_table(doc, "指标", "数值", "计算公式", "数据来源")
    assert [c.text for c in table.rows[1].cells] == [
        FIGURE.name,
        FIGURE.value,
        FIGURE.formula,
        FIGURE.source,
    ]


def test_notes_list_inferred_values_and_indicator_definitions(text, rubric):
    notes = text.split("附注：", 1)[1]
    for q in rubric.requirements():
        if q.inferred.weight:
            assert q.id in notes
    assert "3.5.1（起评1分，满分3分）" in notes
    assert "6分（1项）：2.2.3。" in notes.replace("\u200b", "")
    for di in rubric.data_indicators:
        assert f"{di.name}（要求{di.requirement}）= {di.numerator} ÷ {di.denominator}" in notes
        assert di.source in notes


def test_signature_before_notes(doc):
    paras = paragraphs(doc)
    notes = paras.index("附注：")
    assert paras[notes - 2] == ISSUER
    assert paras[notes - 1] == "2020年9月15日"


def test_charts_bar_always_trend_only_with_two_rounds(rubric, card):
    two = open_docx(build_assessment_report(make_input(rubric, card)))
    one = open_docx(build_assessment_report(make_input(rubric, card, trend=[("本轮", card.total)])))
    none = open_docx(build_assessment_report(make_input(rubric, card, trend=[])))
    assert len(two.inline_shapes) == 2
    assert len(one.inline_shapes) == 1 and len(none.inline_shapes) == 1
    assert "图2　历轮考评总分" in paragraphs(two)
    assert not any("历轮考评总分" in p for p in paragraphs(one))
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
    assert "要求3.1.1，失分0.6分（满分3分）" in text
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
    assert "本轮确认得分100分（满分100分），失分0分，待评0分" in text
    assert "未发现失分项目" in text
    assert "本轮无待评项目。" in text
    assert "本轮无需要整改的项目。" in text


def test_document_xml_has_no_theme_fonts(assessment_bytes):
    for part in ("word/document.xml", "word/styles.xml"):
        assert "eastAsiaTheme" not in part_xml(assessment_bytes, part)


@pytest.mark.slow
def test_pdf_text_contains_total_and_systems(assessment_bytes, card, tmp_path):
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("soffice or pdftotext is not installed")
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
