"""Issue 11, done when: every document the system issues, opened with python-docx, carries the
GB/T 9704-2012 elements (版头, 发文字号, 主送, 附件说明, 版记 last, the 28-character grid, the
reply date of a notice, no forbidden phrase); rendered by LibreOffice, its 版记 sits clear at
the foot of the last page, its faces are Simplified Chinese and a notice's body is 1-2 pages.

The numbers taken per unit and year (no reuse, also at the same moment): tests/services/
test_issuing.py and test_issued_documents.py.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from reports import BulletinInput, NoticeInput, build_assessment_report, build_bulletin
from reports import gongwen as gw
from reports.inputs import Assignee, BulletinEvent, Issue, SelfCheckSummary
from reports.notices import build_notice
from reports.rollup import RollupDoc, build_rollup_notice
from reports.wording import forbidden_in

from .conftest import ISSUER, UNIT, make_input, rubric_owners
from .helpers import all_text, body_items, open_docx, paragraphs, part_xml
from .pdf_helpers import noto_regions, pdf_pages, pdffonts, render_pdfs, require, words

RED = "C00000"
SELFCHECK_TITLE = "自查预评需补充材料的创建要求"
SELFCHECK = SelfCheckSummary(
    total=Decimal("24.75"),
    max=Decimal(100),
    pending=Decimal(44),
    complete=13,
    short=2,
    missing=30,
    gaps=(
        ("领导小组职责明确、各项工作制度健全", "区人社局", "印发领导小组工作规则"),
        ("建立创业统计制度", "区统计局", "统计调查制度文件"),
    ),
)
ALL_REGIONS = {"sc", "jp", "tc", "kr", "hk"}
DOC_NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fff]{2,})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
CITY_ISSUER = "济宁市创建省级创业型城市工作领导小组办公室"
CC = ("市创建办",)
PRINTER = "兖州区创建工作领导小组办公室"


def _issue(number: str, **more) -> Issue:
    return Issue(office=ISSUER, number=number, code=number.split("〔")[0], cc=CC, **more)


def _roll() -> SimpleNamespace:
    """A roll-up of two counties as services.rollup.figures gives it (read by attribute)."""
    unit = lambda rank, name, total: SimpleNamespace(  # noqa: E731
        rank=rank,
        unit=name,
        total=Decimal(total),
        pending=Decimal(4),
        open_items=6,
        overdue_items=1,
        stage="迎检准备阶段",
        systems={"1": Decimal(12)},
    )
    lost = SimpleNamespace(
        requirement="1.2.1",
        text="成立由政府主要领导任组长的创建工作领导小组",
        units=2,
        lost=Decimal("1.5"),
        departments=[("区人社局", 2)],
    )
    return SimpleNamespace(
        units=[unit(1, "兖州区", "82.5"), unit(2, "曲阜市", "71.25")],
        systems=[("1", "组织领导体系", Decimal(20))],
        lost_most=[lost],
        behind=[],
        without_round=["泗水县"],
        root="济宁市",
        level="市",
        today=date(2026, 12, 1),
    )


# kind -> what its document must show
EXPECT = {
    "assessment": {
        "mark": f"{ISSUER}文件",
        "number": "兖创办发〔2020〕5号",
        "addressee": "兖州区创建省级创业型城市工作领导小组：",
        "annexes": ["整改事项清单", "评分方法与数据来源"],
        "record": ["抄送：市创建办。", f"{PRINTER}\t2020年9月15日印发"],
    },
    "notice": {
        "mark": f"{ISSUER}文件",
        "number": "兖创办发〔2020〕6号",
        "addressee": "区人社局：",
        "annexes": ["区人社局整改事项清单", "整改情况报告表"],
        "record": ["抄送：市创建办。", f"{PRINTER}\t2020年9月15日印发"],
    },
    "bulletin": {
        "mark": "兖州区创建省级创业型城市工作简报",
        "number": "第3期",
        "addressee": None,  # a 简报 goes to those its 版记 names
        "annexes": ["尚存在失分或待评的创建要求", "逾期未完成的整改事项", SELFCHECK_TITLE],
        "record": [
            "报：区委、区政府主要领导",
            "发：领导小组各成员单位",
            f"{PRINTER}\t2020年9月15日印发",
        ],
    },
    "rollup": {
        "mark": f"{CITY_ISSUER}文件",
        "number": "济创办发〔2026〕2号",
        "addressee": "各县（市、区）创建工作领导小组办公室：",
        "annexes": [],
        "record": ["抄送：市创建办。", f"{PRINTER}\t2026年12月1日印发"],
    },
}
KINDS = list(EXPECT)


@pytest.fixture(scope="module")
def documents(rubric, card) -> dict[str, bytes]:
    owners = rubric_owners(rubric)
    notice_issue = _issue(
        "兖创办发〔2020〕6号", printer=PRINTER, contact="李明", phone="0537-3412345"
    )
    bulletin_issue = Issue(
        office=ISSUER,
        number="3",
        seq=3,
        printer=PRINTER,
        distribution=("报：区委、区政府主要领导", "送：领导小组成员", "发：领导小组各成员单位"),
        copies=40,
    )
    return {
        "assessment": build_assessment_report(
            make_input(
                rubric,
                card,
                issue=_issue(
                    "兖创办发〔2020〕5号",
                    signer="王五",
                    addressee="兖州区创建省级创业型城市工作领导小组",
                    printer=PRINTER,
                    contact="李明",
                    phone="0537-3412345",
                ),
                selfcheck=SELFCHECK,
            )
        ),
        "notice": build_notice(
            NoticeInput(
                UNIT,
                ISSUER,
                date(2020, 9, 15),
                None,
                "区人社局",
                rubric,
                card,
                owners=owners,
                round_name="2020年第三季度模拟考评",
                issue=notice_issue,
            )
        ),
        "bulletin": build_bulletin(
            BulletinInput(
                UNIT,
                ISSUER,
                date(2020, 9, 15),
                3,
                date(2020, 9, 1),
                date(2020, 9, 15),
                rubric,
                card,
                overdue=[("1.2.1", "区人社局", date(2020, 9, 1))],
                issue=bulletin_issue,
                events=(BulletinEvent("9月1日，2020年第三季度模拟考评启动。", "轮次启动"),),
                selfcheck=SELFCHECK,
            )
        ),
        "rollup": build_rollup_notice(
            _roll(),
            RollupDoc(
                issuer=CITY_ISSUER,
                issued_on=date(2026, 12, 1),
                campaign="创建省级创业型城市",
                issue=Issue(
                    office=CITY_ISSUER,
                    number="济创办发〔2026〕2号",
                    cc=CC,
                    printer=PRINTER,
                ),
            ),
        ),
    }


def _body_before_annexes(doc) -> str:
    paras = paragraphs(doc)
    cut = next((n for n, p in enumerate(paras) if re.fullmatch(r"附件\d?", p)), len(paras))
    return "\n".join(paras[:cut])


@pytest.mark.parametrize("kind", KINDS)
def test_head_red_mark_and_number(documents, kind):
    doc = open_docx(documents[kind])
    want = EXPECT[kind]
    first = doc.paragraphs[0]
    assert first.text.replace("\n", "") == want["mark"]
    assert all(str(r.font.color.rgb) == RED for r in first.runs if r.text), "发文机关标志 is red"
    paras = paragraphs(doc)
    line = next(n for n, p in enumerate(paras[:6]) if p.split("\t")[0] == want["number"])
    number = paras[line].split("\t")[0]
    if kind != "bulletin":
        assert DOC_NUMBER.match(number), number
    # the red separator line under the 版头
    rule = next(p for p in doc.paragraphs[line : line + 3] if "w:pBdr" in p._p.xml)
    assert f'w:color="{RED}"' in rule._p.xml


@pytest.mark.parametrize("kind", KINDS)
def test_addressee_after_the_title(documents, kind):
    doc = open_docx(documents[kind])
    want = EXPECT[kind]["addressee"]
    paras = paragraphs(doc)
    if want is None:
        assert not any(p.endswith("：") and len(p) < 30 and "办公室" in p for p in paras[:8])
        return
    at = paras.index(want)
    title = next(p for p in doc.paragraphs if p.style.name == "Title" and p.text.startswith("关于"))
    assert paras.index(title.text.replace("\n", "")) < at < 10
    assert doc.paragraphs[at].paragraph_format.first_line_indent.pt == 0  # flush left


@pytest.mark.parametrize("kind", KINDS)
def test_attachment_list_and_annex_pages(documents, kind):
    doc = open_docx(documents[kind])
    titles = EXPECT[kind]["annexes"]
    paras = paragraphs(doc)
    if not titles:
        assert not [p for p in paras if p.startswith("附件：")]
        return
    at = next(n for n, p in enumerate(paras) if p.startswith("附件："))
    assert paras[at] == f"附件：1.{titles[0]}"
    assert paras[at + 1 : at + len(titles)] == [f"{n}.{t}" for n, t in enumerate(titles, 1)][1:]
    for n, title in enumerate(titles, start=1):
        label = paras.index(f"附件{n}")
        assert label > at
        assert doc.paragraphs[label].paragraph_format.page_break_before  # on a new page
        assert paras[label + 2] == title


@pytest.mark.parametrize("kind", KINDS)
def test_record_is_last_and_names_cc_printer_and_date(documents, kind):
    doc = open_docx(documents[kind])
    items = list(body_items(doc))
    tables = [n for n, item in enumerate(items) if not isinstance(item, Paragraph)]
    last = items[tables[-1]]
    assert last._tbl.tblPr.find(qn("w:tblpPr")) is not None  # at the foot of the page
    after = items[tables[-1] + 1 :]
    assert all(isinstance(i, Paragraph) and not i.text for i in after)
    lines = [row.cells[0].text.strip("　") for row in last.rows]
    for want in EXPECT[kind]["record"]:
        assert want in lines, (want, lines)
    assert lines.index(EXPECT[kind]["record"][-1]) >= len(lines) - 2  # 印发 last (or 共印)


@pytest.mark.parametrize("kind", KINDS)
def test_grid_of_28_characters(documents, kind):
    xml = part_xml(documents[kind], "word/document.xml")
    grids = re.findall(r"<w:docGrid ([^>]*)/>", xml)
    assert grids
    for grid in grids:
        attrs = dict(re.findall(r'w:(\w+)="([^"]*)"', grid))
        assert attrs["type"] == "linesAndChars"
        pitch = 16 + int(attrs["charSpace"]) / 4096
        assert int(156 / 25.4 * 72 / pitch) == 28


@pytest.mark.parametrize("kind", KINDS)
def test_no_forbidden_phrase(documents, kind):
    doc = open_docx(documents[kind])
    body = _body_before_annexes(doc)
    assert forbidden_in(body) == [], forbidden_in(body)
    everything = all_text(doc)
    assert forbidden_in(everything, allow_ids=True) == []


def test_notice_reply_date_and_contact(documents):
    text = all_text(open_docx(documents["notice"]))
    reply = re.search(r"请于(\d{4})年(\d{1,2})月(\d{1,2})日前将整改情况报告表", text)
    assert reply, "a notice names the date to report back"
    assert date(*map(int, reply.groups())) >= date(2020, 9, 15)
    assert "联系人：李明，联系电话：0537-3412345" in text


NOTE = "（联系人：李明，联系电话：0537-3412345）"


@pytest.mark.parametrize("kind", KINDS)
def test_note_in_parentheses_on_the_line_after_the_date(documents, kind):
    """附注 (7.3.7): the report and the notices carry 联系人及电话 in parentheses, 居左空二字 on
    the line after the 成文日期 and before the annexes; the 简报 and the 通报 have none."""
    doc = open_docx(documents[kind])
    paras = paragraphs(doc)
    if kind not in ("assessment", "notice"):
        assert not [p for p in paras if "联系人：" in p and p.startswith("（")]
        return
    assert paras.count(NOTE) == 1 and not [p for p in paras if p.startswith("联系人：")]
    at = paras.index(NOTE)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", paras[at - 1]), paras[at - 1]
    assert at < paras.index("附件1")
    pf = doc.paragraphs[at].paragraph_format
    assert pf.alignment is None and pf.first_line_indent is None  # the body's 首行空二字
    body = doc.styles["Normal"].paragraph_format.first_line_indent
    assert body is not None and round(body.pt) == round(2 * gw.CHAR.pt)


# -- rendered by LibreOffice ----------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(documents, rubric, card, tmp_path_factory) -> dict[str, Path]:
    require("soffice", "pdftotext", "pdffonts")
    # and a notice to a department answering for every item of the round
    owners = {
        req: (Assignee("区人社局", "牵头", date(2020, 10, 15)),) for req in rubric_owners(rubric)
    }
    long = build_notice(
        NoticeInput(
            UNIT,
            ISSUER,
            date(2020, 9, 15),
            None,
            "区人社局",
            rubric,
            card,
            owners=owners,
            round_name="2020年第三季度模拟考评",
            issue=_issue("兖创办发〔2020〕7号", printer=PRINTER),
        )
    )
    files = {**documents, "notice_all": long}
    return render_pdfs(files, tmp_path_factory.mktemp("gongwen-pdf"))


def record_clear(pdf: Path, first_line: str) -> tuple[float, float]:
    """(lowest bottom of the text above the 版记, top of the 版记's first line) on the last
    page, in points from the top."""
    last = pdf_pages(pdf)
    page = words(pdf, last)
    start = first_line.replace("\t", "").replace(" ", "")[:2]
    top = min(w.y0 for w in page if w.text.startswith(start))
    foot = 297 / 25.4 * 72 - 35 / 25.4 * 72  # the bottom of the type area
    above = [w.y1 for w in page if w.y1 < top - 1 and w.y0 < foot]
    return max(above, default=0), top


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_record_on_the_last_page_clear_of_the_text(pdfs, kind):
    lines = EXPECT[kind]["record"]
    bottom, top = record_clear(pdfs[kind], lines[0])
    assert bottom < top - 6, f"the 版记 at {top:.0f} pt overlaps text ending at {bottom:.0f} pt"
    flat = "".join(w.text for w in words(pdfs[kind], pdf_pages(pdfs[kind])))
    assert "印发" in flat


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_uses_simplified_chinese_faces(pdfs, kind):
    fonts = pdffonts(pdfs[kind])
    names = " ".join(f["name"] for f in fonts)
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert "DejaVu" not in names
    regions = noto_regions(pdfs[kind])
    told = {font: faces for font, faces in regions.items() if faces != ALL_REGIONS}
    assert told, f"no character tells the faces apart: {names}"
    for font, faces in told.items():
        assert "sc" in faces and "jp" not in faces, (font, faces)
    if kind == "assessment":  # its second-level headings are 楷体
        assert "UKaiCN" in names


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["notice", "notice_all"])
def test_pdf_notice_body_is_one_or_two_pages(pdfs, card, kind):
    pdf = pdfs[kind]
    if kind == "notice_all":  # every item of the round is in its 附件1
        assert f"{len(card.gaps)}项" in "".join(w.text for w in words(pdf, 1))
    starts = [
        n
        for n in range(1, pdf_pages(pdf) + 1)
        if "".join(w.text for w in words(pdf, n)[:2]).startswith("附件1")
    ]
    assert starts, "附件1 starts a page"
    assert 1 <= starts[0] - 1 <= 2, f"the body runs {starts[0] - 1} pages"


@pytest.mark.parametrize("kind", KINDS)
def test_every_table_is_numbered_and_captioned(documents, kind):
    doc = open_docx(documents[kind])
    items = list(body_items(doc))
    numbers = []
    for n, item in enumerate(items):
        if isinstance(item, Paragraph) or item._tbl.tblPr.find(qn("w:tblpPr")) is not None:
            continue  # text, or the 版记
        before = next(
            (p for p in reversed(items[:n]) if isinstance(p, Paragraph) and p.text.strip()), None
        )
        caption = re.match(r"表(\d+)　\S", before.text if before else "")
        assert caption, f"a table without a caption after {before.text if before else None!r}"
        numbers.append(int(caption.group(1)))
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("kind", ["assessment", "bulletin"])
def test_selfcheck_table_is_numbered_and_referred_to(documents, kind):
    """The 自查预评 table has its 表N in the document's sequence, and the text points to it:
    the report to 表N above the table, the 简报 to the 附件 holding it."""
    paras = paragraphs(open_docx(documents[kind]))
    caption = next(p for p in paras if p.endswith(f"　{SELFCHECK_TITLE}"))
    n = re.match(r"表(\d+)　", caption).group(1)
    if kind == "assessment":
        assert any(f"（见表{n}）" in p for p in paras[: paras.index(caption)])
        return
    annex = EXPECT[kind]["annexes"].index(SELFCHECK_TITLE) + 1
    at = paras.index(f"附件{annex}")
    assert at < paras.index(caption)
    assert any(f"见附件{annex}，" in p for p in paras[:at])
