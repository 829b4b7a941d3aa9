"""The 版记 of a PDF is on an even page (GB/T 9704-2012 7.4, 封四): a document whose text ends on
an odd page gets its 版记 alone at the foot of the next page; one ending on an even page is left
as it is; a 版记 already alone on an odd page gets an empty page before it, and neither page is
numbered. Read back with pypdfium2 from the PDFs the app makes (services.documents.pdf)."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml.ns import qn

from reports import frame
from reports import gongwen as gw
from reports.record_page import record_fix, record_on_next_page, record_texts

from .pdf_helpers import require

CC = "抄送：市创建办。"
PRINTED = "2026年12月1日印发"


def notice(paragraphs: int, rows: int = 0) -> bytes:
    """A notice of ``paragraphs`` body paragraphs and, with ``rows``, an 附件 table."""

    def body(doc) -> None:
        for n in range(paragraphs):
            gw.add_body(doc, f"第{n}段：请按要求抓好整改，按期报送整改情况。")

    def annex(doc) -> None:
        gw.add_table(doc, ["序号", "事项"], [[n, f"第{n}项整改事项"] for n in range(1, rows + 1)])

    return frame.render(
        frame.Gongwen(
            title="关于做好整改工作的通知",
            issuer="测试区创建工作领导小组办公室",
            issued_on=date(2026, 12, 1),
            body=body,
            mark="测试区创建工作领导小组办公室文件",
            number="测创办发〔2026〕1号",
            addressee="区人社局",
            annexes=[frame.Annex("整改事项清单", annex)] if rows else [],
            cc=("市创建办",),
        )
    )


def pages(pdf: bytes) -> list[str]:
    """The text of each page, without white space."""
    document = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in document:
            text = page.get_textpage().get_text_range()
            out.append("".join(text.split()))
        return out
    finally:
        document.close()


def test_the_record_block_is_found_and_pushed_to_a_new_page():
    data = notice(1)
    assert record_texts(data) == ["　抄送：市创建办。", "　测试区创建工作领导小组办公室", PRINTED]
    for blank in (False, True):
        doc = Document(io.BytesIO(record_on_next_page(data, blank_page=blank)))
        body = doc.element.body
        breaks = [
            p for p in body.iter(qn("w:p")) if p.find(f".//{qn('w:pageBreakBefore')}") is not None
        ]
        record = next(t for t in body.iter(qn("w:tbl")) if "抄送" in "".join(t.itertext()))
        assert breaks == [record.getprevious()]  # the spacer before the 版记 starts the page
        # after an empty page, in a section of its own without page numbers
        assert len(doc.sections) == (2 if blank else 1)
        if blank:
            last = doc.sections[-1]
            assert not last.footer.is_linked_to_previous
            assert "PAGE" not in last.footer._element.xml + last.even_page_footer._element.xml


def test_a_document_without_a_record_is_left_alone():
    doc = gw.new_document("无版记")
    gw.add_body(doc, "正文。")
    data = gw.to_bytes(doc)
    assert record_texts(data) is None
    assert record_on_next_page(data) == data
    assert record_fix(data, b"not read") is None


@pytest.fixture(scope="module")
def pdfs():
    require("soffice")
    from services.documents.pdf import documents_pdfs

    # one page of text; two pages of text; an 附件 table filling page 2, the 版记 alone on page 3
    return documents_pdfs({"one": notice(1), "two": notice(12), "full": notice(1, rows=26)})


@pytest.mark.slow
def test_text_ending_on_page_one_has_its_record_on_page_two(pdfs):
    one, two = pages(pdfs["one"])
    assert "第0段" in one and "2026年12月1日" in one and CC not in one
    assert CC in two and two.endswith(PRINTED)
    assert two.replace(CC, "").startswith("—2—测试区")  # the 版记 alone on its page


@pytest.mark.slow
def test_text_ending_on_page_two_is_unchanged(pdfs):
    text = pages(pdfs["two"])
    assert len(text) == 2
    assert "第11段" in text[1] and CC in text[1] and text[1].endswith(PRINTED)


@pytest.mark.slow
def test_a_record_alone_on_an_odd_page_gets_an_empty_page_before_it(pdfs):
    text = pages(pdfs["full"])
    assert len(text) == 4
    assert "第26项整改事项" in text[1]
    # neither the empty page nor the 版记's page is numbered (GB/T 9704 7.5)
    assert text[2] == ""
    assert text[3] == f"{CC}测试区创建工作领导小组办公室{PRINTED}"


@pytest.mark.slow
def test_a_single_conversion_puts_the_record_on_an_even_page_too():
    require("soffice")
    from services.documents.pdf import document_pdf

    text = pages(document_pdf(notice(1)))
    assert len(text) == 2 and CC in text[1]
