"""The PDFs the app makes of the real documents (考评报告, 整改通知书, 工作简报, 全市通报, and a
notice listing every item) end with their 版记 at the foot of an even page (GB/T 9704-2012 7.4):
converted through services.documents.pdf, which renders a document again when its 版记 fell on
an odd page (reports.record_page); the 通报 of these inputs runs 3 pages as first rendered, so
its 版记 is moved. Slow: LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.record_page import record_texts

from .pdf_helpers import pdf_pages, require, words
from .test_gongwen_elements import EXPECT, KINDS, documents  # noqa: F401  (the documents fixture)

FOOT = (297 - 35) / 25.4 * 72  # the bottom of the type area, points from the top
LINE = 16  # a 版记 line is 四号 on an exact pitch: its last line ends within one line of FOOT


def _flat(text: str) -> str:
    return "".join(text.replace("\t", "").split()).replace("　", "")


@pytest.fixture(scope="module")
def app_pdfs(documents, tmp_path_factory) -> dict[str, Path]:  # noqa: F811
    require("soffice", "pdftotext")
    from services.documents.pdf import documents_pdfs

    folder = tmp_path_factory.mktemp("record-real")
    out = {}
    for name, pdf in documents_pdfs(dict(documents)).items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(pdf)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_the_pdf_ends_with_the_record_at_the_foot_of_an_even_page(app_pdfs, documents, kind):  # noqa: F811
    pdf = app_pdfs[kind]
    last = pdf_pages(pdf)
    assert last % 2 == 0, f"{kind}: {last} pages"
    page = [w for w in words(pdf, last) if w.y0 < FOOT]  # the page number stands below
    record = _flat("".join(record_texts(documents[kind])))
    first = _flat(EXPECT[kind]["record"][0])[:2]
    top = min(w.y0 for w in page if w.text.startswith(first))
    block = sorted((w for w in page if w.y0 >= top - 1), key=lambda w: (round(w.y0), w.x0))
    assert _flat("".join(w.text for w in block)) == record  # the 版记 and nothing after it
    assert FOOT - LINE <= max(w.y1 for w in block) <= FOOT + 2  # at the foot of the page
    above = [w for w in page if w.y1 < top - 1]
    assert not above or max(w.y1 for w in above) < top - 6  # clear of the text above it
