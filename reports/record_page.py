"""版记 on an even page (GB/T 9704-2012 7.4: the 版记 is on the last page, 封四, which is an even
page when the document is printed on both sides).

A .docx does not know its page count: Word, WPS and LibreOffice may break pages differently.
So the parity is fixed when a PDF is made, where the pages are known: the document is rendered,
and when its last page (the 版记's: the 版记 closes the document) is odd, the 版记 block is
pushed to the next page and the document is rendered again:

- the last page also holds text (the body, a table, the 落款): a page break before the 版记
  block; the 版记 stands alone at the foot of the next, even page;
- the 版记 already stands alone on an odd page (the page before is full): the 版记 goes into a
  section of its own that starts with an empty page, so that it moves two pages on; the two
  pages carry no page number (7.5: 版记页前有空白页的，空白页和版记页均不编排页码).

``frame.add_record`` names the 版记 table (``w:tblCaption``); the block is that table with the
spacer paragraph before it that keeps the text clear of it.
"""

from __future__ import annotations

import copy
import io
import re

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

CAPTION = "版记"
_PAGE_NUMBER = re.compile(r"[—-]+\s*\d+\s*[—-]+")
_SPACE = re.compile(r"[\s\u3000\ufffe\uffff]+")


def _record_table(body):
    """The 版记 table of a document body, or None."""
    for tbl in reversed(body.findall(qn("w:tbl"))):
        cap = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        if cap is not None and cap.get(qn("w:val")) == CAPTION:
            return tbl
    return None


def record_texts(docx: bytes) -> list[str] | None:
    """The pieces of text of the 版记 (抄送…, 印发机关, 印发日期), or None without a 版记."""
    doc = Document(io.BytesIO(docx))
    tbl = _record_table(doc.element.body)
    if tbl is None:
        return None
    return [t.text for t in tbl.iter(qn("w:t")) if t.text]


def _break_before(p) -> None:
    p_pr = p.get_or_add_pPr()
    if p_pr.find(qn("w:pageBreakBefore")) is None:
        el = OxmlElement("w:pageBreakBefore")
        # pageBreakBefore comes after pStyle, keepNext and keepLines in CT_PPr
        anchor = None
        for tag in ("w:keepLines", "w:keepNext", "w:pStyle"):
            anchor = p_pr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is None:
            p_pr.insert(0, el)
        else:
            anchor.addnext(el)


def _record_section(doc, spacer) -> None:
    """The 版记 block in a section of its own without page numbers, after an empty page: the
    page left empty and the 版记's page are not numbered (7.5)."""
    body = doc.element.body
    last = body.find(qn("w:sectPr"))
    end = OxmlElement("w:p")  # a 1 pt paragraph closes the text's section
    spacer.addprevious(end)
    p_pr = end.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    for key, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{key}"), value)
    p_pr.append(spacing)
    p_pr.append(copy.deepcopy(last))  # CT_PPr: sectPr after spacing
    for ref in last.findall(qn("w:footerReference")):
        last.remove(ref)
    section = doc.sections[-1]
    section.start_type = WD_SECTION.NEW_PAGE  # (LibreOffice does not insert a page for EVEN_PAGE)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False  # a new, empty footer
    spacer.addprevious(OxmlElement("w:p"))  # the empty page
    _break_before(spacer)


def record_on_next_page(docx: bytes, *, blank_page: bool = False) -> bytes:
    """The document with its 版记 block starting a new page (after an empty page with
    ``blank_page``). A document without a 版记 comes back unchanged."""
    doc = Document(io.BytesIO(docx))
    tbl = _record_table(doc.element.body)
    if tbl is None:
        return docx
    spacer = tbl.getprevious()
    if spacer is None or spacer.tag != qn("w:p"):
        return docx
    if blank_page:
        _record_section(doc, spacer)
    else:
        _break_before(spacer)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _flat(text: str) -> str:
    return _SPACE.sub("", text)


def last_page(pdf: bytes) -> tuple[int, str]:
    """The page count of a PDF and the text of its last page (pypdfium2)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document)
        page = document[count - 1]
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()
    return count, text


def record_fix(docx: bytes, pdf: bytes) -> bytes | None:
    """The document to render again so that its 版记 sits on an even page, or None when the
    rendered ``pdf`` has it there already (or the document has no 版记)."""
    texts = record_texts(docx)
    if texts is None:
        return None
    count, text = last_page(pdf)
    if count % 2 == 0:
        return None
    rest = _flat(_PAGE_NUMBER.sub("", text))
    for piece in texts:
        rest = rest.replace(_flat(piece), "", 1)
    return record_on_next_page(docx, blank_page=not rest)
