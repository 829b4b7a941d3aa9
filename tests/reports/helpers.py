"""Read generated documents back: text in body order, tables, XML parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def body_items(doc: DocxDocument) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body, in document order."""
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield Table(child, doc)


def table_rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def all_text(doc: DocxDocument) -> str:
    """Every paragraph and table cell, line breaks inside a paragraph removed."""
    lines: list[str] = []
    for item in body_items(doc):
        if isinstance(item, Paragraph):
            lines.append(item.text.replace("\n", ""))
        else:
            lines.extend(" | ".join(r) for r in table_rows(item))
    return "\n".join(lines)


def paragraphs(doc: DocxDocument) -> list[str]:
    return [p.text.replace("\n", "") for p in doc.paragraphs]


def find_table(doc: DocxDocument, first_header: str, *more: str) -> Table:
    for table in doc.tables:
        head = [c.text for c in table.rows[0].cells]
        if head[0] == first_header and all(h in head for h in more):
            return table
    raise AssertionError(f"no table with header {first_header} {more}")


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def part_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()


def section_between(doc: DocxDocument, start: str, stop: str | None) -> list[Paragraph | Table]:
    """Body items after the paragraph whose text starts with ``start`` up to ``stop``."""
    out: list[Paragraph | Table] = []
    inside = False
    for item in body_items(doc):
        if isinstance(item, Paragraph):
            if item.text.startswith(start):
                inside = True
                continue
            if inside and stop is not None and item.text.startswith(stop):
                break
        if inside:
            out.append(item)
    return out
