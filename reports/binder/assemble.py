"""Binder PDFs from parts: images placed on A4, PDFs checked, pages joined, numbered, bookmarked.

The functions here read evidence bytes (stored, already checked at upload, but still the
users' bytes): the service runs them in the sandbox subprocess (evidence.sandbox) with a time
and memory cap. Arguments and results are plain JSON-able values (paths as strings).

Page numbers are stamped without parsing a page's content: the page's content streams are
wrapped in q/Q and one more stream draws a white box with 「— n —」 in Times-Roman (a
standard font: digits and dashes need no embedding), upright on the page as displayed.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

A4 = (595.276, 841.89)  # points
MARGIN = 42.52  # 15 mm
MIN_DPI = 150  # a small picture is not blown up beyond this
STAMP_FONT = "/PioneerPageNo"
STAMP_SIZE = 11
STAMP_RISE = 22.0  # baseline above the bottom edge, points
_TIMES_WIDTHS = {"—": 1000, " ": 250, **dict.fromkeys("0123456789", 500)}


def _open(path: str) -> PdfReader:
    reader = PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("文件设有打开密码，无法编入汇编")
    return reader


def image_page(src: str, out: str) -> None:
    """One A4 page with the picture fitted inside 15 mm margins (EXIF rotation applied)."""
    from PIL import Image, ImageOps

    with Image.open(src) as im:
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "P"):
            im = im.convert("RGBA")
            white = Image.new("RGB", im.size, "white")
            white.paste(im, mask=im.split()[-1])
            im = white
        elif im.mode not in ("RGB", "L"):
            im = im.convert("RGB")
        w, h = im.size
        scale = min((A4[0] - 2 * MARGIN) / w, (A4[1] - 2 * MARGIN) / h, 72 / MIN_DPI)
        buf = io.BytesIO()
        im.save(buf, "PDF", resolution=72.0)  # one point per pixel
    picture = PdfReader(buf).pages[0]
    writer = PdfWriter()
    page = writer.add_blank_page(*A4)
    x = (A4[0] - w * scale) / 2
    y = A4[1] - MARGIN - h * scale  # at the top, centred
    page.merge_transformed_page(picture, Transformation().scale(scale).translate(x, y))
    with open(out, "wb") as fh:
        writer.write(fh)


def _starts(reader: PdfReader) -> list[int]:
    """0-based first pages of the top-level bookmarks, in order."""
    return [
        reader.get_destination_page_number(o) for o in reader.outline if not isinstance(o, list)
    ]


def prepare(items: list[dict]) -> list[dict]:
    """Per item {"kind": "image"|"pdf", "src", "out"}: {"pages": n} or {"error": 中文}.

    An image becomes a one-page A4 PDF at ``out``; a PDF is opened (the empty password tried)
    and its pages counted. With ``"outline": True`` the result also has "starts", the first
    pages of its top-level bookmarks.
    """
    results = []
    for item in items:
        try:
            if item["kind"] == "image":
                image_page(item["src"], item["out"])
                results.append({"pages": 1})
                continue
            reader = _open(item["src"])
            pages = len(reader.pages)
            if pages == 0:
                raise ValueError("文件没有页面")
            result = {"pages": pages}
            if item.get("outline"):
                result["starts"] = _starts(reader)
            results.append(result)
        except ValueError as exc:
            results.append({"error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - any parse failure is reported, not raised
            results.append({"error": f"文件无法读取为 PDF（{type(exc).__name__}）"})
    return results


# ---------------------------------------------------------------- numbering


def _visible(page) -> tuple[float, float, float, float, int]:
    box = page.cropbox
    rotate = int(page.get("/Rotate", 0) or 0) % 360
    return float(box.left), float(box.bottom), float(box.width), float(box.height), rotate


def _to_user(page) -> tuple[float, float, float, float, float, float, float, float]:
    """The matrix from the page as displayed (origin bottom left, upright) to user space,
    and the displayed width and height."""
    x0, y0, w, h, rotate = _visible(page)
    if rotate == 90:
        return 0, 1, -1, 0, x0 + w, y0, h, w
    if rotate == 180:
        return -1, 0, 0, -1, x0 + w, y0 + h, w, h
    if rotate == 270:
        return 0, -1, 1, 0, x0, y0 + h, h, w
    return 1, 0, 0, 1, x0, y0, w, h


def stamp_text(number: int) -> str:
    return f"— {number} —"


def _stamp_stream(page, number: int) -> bytes:
    a, b, c, d, e, f, width, _ = _to_user(page)
    text = stamp_text(number)
    text_w = sum(_TIMES_WIDTHS[ch] for ch in text) * STAMP_SIZE / 1000
    x = (width - text_w) / 2
    y = STAMP_RISE
    pad = 3
    encoded = text.encode("cp1252")  # WinAnsiEncoding: the em dash is 0x97
    return (
        (
            f"q {a:g} {b:g} {c:g} {d:g} {e:.2f} {f:.2f} cm "
            f"1 g {x - pad:.2f} {y - pad - 2:.2f} {text_w + 2 * pad:.2f} {STAMP_SIZE + 2 * pad:.2f} re f "
            f"0 g BT {STAMP_FONT} {STAMP_SIZE} Tf {x:.2f} {y:.2f} Td ("
        ).encode()
        + encoded
        + b") Tj ET Q"
    )


def _stream(writer: PdfWriter, data: bytes):
    s = DecodedStreamObject()
    s.set_data(data)
    return writer._add_object(s)


def _stamp(writer: PdfWriter, page, number: int, font_ref) -> None:
    contents = page.get("/Contents")
    parts = ArrayObject([_stream(writer, b"q\n")])
    if contents is not None:
        target = contents.get_object()
        if isinstance(target, ArrayObject):
            parts.extend(target)
        else:
            parts.append(contents)
    parts.append(_stream(writer, b"\nQ\n" + _stamp_stream(page, number)))
    page[NameObject("/Contents")] = parts
    resources = page.get("/Resources")
    resources = DictionaryObject() if resources is None else resources.get_object()
    resources = DictionaryObject(resources)  # never change a dictionary shared by pages
    fonts = resources.get("/Font")
    fonts = DictionaryObject() if fonts is None else DictionaryObject(fonts.get_object())
    fonts[NameObject(STAMP_FONT)] = font_ref
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources


def _font(writer: PdfWriter):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


# ---------------------------------------------------------------- the binder


def _outline(writer: PdfWriter, items: list[dict], parent=None) -> None:
    for item in items:
        node = writer.add_outline_item(item["title"], item["page"] - 1, parent=parent)
        _outline(writer, item.get("children", []), node)


def assemble(spec: dict) -> dict:
    """Join ``spec["parts"]`` ([{"path", "pages", "first"?}], in order; with "first" a range
    of that file's pages) into ``spec["out"]``; stamp
    every page with its number; add ``spec["outline"]`` ([{"title", "page", "children"}]).

    Raises when a part's page count differs from the one the layout used (the 目录 would lie).
    """
    writer = PdfWriter()
    font = _font(writer)
    number = 0
    readers: dict[str, PdfReader] = {}
    for part in spec["parts"]:
        reader = readers.get(part["path"]) or readers.setdefault(part["path"], _open(part["path"]))
        first = part.get("first", 0)
        whole = "first" not in part
        if (
            (len(reader.pages) != part["pages"])
            if whole
            else (first + part["pages"] > len(reader.pages))
        ):
            raise ValueError(
                f"{Path(part['path']).name}: {len(reader.pages)} pages, laid out as {part['pages']}"
            )
        for page in reader.pages[first : first + part["pages"]]:
            number += 1
            added = writer.add_page(page)
            _stamp(writer, added, number, font)
    _outline(writer, spec["outline"])
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": spec.get("title", ""), "/Creator": "创业型城市创建评估系统"})
    with open(spec["out"], "wb") as fh:
        writer.write(fh)
    return {"pages": number, "bytes": Path(spec["out"]).stat().st_size}
