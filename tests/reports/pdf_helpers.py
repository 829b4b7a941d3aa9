"""Helpers of the PDF tests: documents in the government fonts, and which regional face of a
Noto CJK collection a PDF's glyphs come from.

pdffonts cannot tell Noto Serif CJK SC from JP on Debian: the faces of NotoSerifCJK-*.ttc
share one CFF table whose name is "NotoSerifCJKjp-Regular", so every PDF made from them
names its fonts "...CJKjp...". What differs is the glyph each face maps a character to
(骨 is cid45042 in SC and cid45041 in JP). LibreOffice names the embedded glyphs "cidNNNNN"
and writes a ToUnicode map, so the face actually used can be read back from the PDF.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.tools import needs, require  # noqa: F401 - the PDF tests import them from here

GOV_FONTS = ("仿宋", "仿宋_GB2312", "FangSong", "宋体", "SimSun", "黑体", "SimHei")
KAI_FONTS = ("楷体", "楷体_GB2312", "KaiTi")
# characters whose Simplified Chinese and Japanese glyphs differ
REGIONAL = "骨直这说角"
NOTO = {
    "NotoSerifCJKjp-Regular": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "NotoSerifCJKjp-Bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "NotoSansCJKjp-Regular": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "NotoSansCJKjp-Bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}


def fonts_docx(names=GOV_FONTS + KAI_FONTS, marker: str = "") -> bytes:
    """One paragraph per font name, every run's four font slots set to that name."""
    d = Document()
    for name in names:
        run = d.add_paragraph().add_run(f"{name}：创建省级创业型城市{REGIONAL}{marker}")
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), name)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pdffonts(pdf: Path) -> list[dict]:
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni objID gen
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def pdf_text(
    pdf: Path, page: int | None = None, bottom: float | None = None, layout: bool = True
) -> str:
    """pdftotext of the file, of one page, or of the bottom ``bottom`` points of that page;
    ``layout=False`` reads in content order (a table cell by cell)."""
    cmd = ["pdftotext", "-layout"] if layout else ["pdftotext"]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    if bottom is not None:
        w, h = page_size(pdf, page or 1)
        cmd += [
            "-x",
            "0",
            "-y",
            str(int(h - bottom)),
            "-W",
            str(int(w) + 1),
            "-H",
            str(int(bottom)),
        ]
    cmd += [str(pdf), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout


def page_size(pdf: Path, page: int) -> tuple[float, float]:
    box = PdfReader(pdf).pages[page - 1].mediabox
    return float(box.width), float(box.height)


@lru_cache
def _region_cmaps(path: str) -> dict[str, dict[int, str]]:
    from fontTools.ttLib import TTCollection

    out = {}
    for font in TTCollection(path).fonts:
        ps = str(font["name"].getDebugName(6))  # NotoSerifCJKsc-Regular
        region = re.search(r"CJK(\w\w)-", ps).group(1)
        out[region] = font["cmap"].getBestCmap()
    return out


def _cid(name: str) -> int | str:
    return int(name[3:]) if name.startswith("cid") and name[3:].isdigit() else name


def noto_regions(pdf: Path) -> dict[str, set[str]]:
    """Per embedded Noto CJK font: the regional faces (sc, jp, tc, kr, hk) that map every
    character of the PDF drawn with it to the glyph the PDF uses (all five when none of its
    characters differs between the faces)."""
    found: dict[str, set[str]] = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"]).split("+", 1)[-1]
            face = next((k for k in NOTO if base.startswith(k)), None)
            if face is None or not Path(NOTO[face]).exists():
                continue
            program = font["/FontDescriptor"].get_object()["/FontFile"].get_object().get_data()
            names = {
                int(code): glyph
                for code, glyph in re.findall(rb"dup (\d+) /(\S+) put", program[:200000])
            }
            unicode = {
                int(code, 16): chr(int(uni, 16))
                for code, uni in re.findall(
                    rb"<([0-9A-F]{2})> <([0-9A-F]{4})>", font["/ToUnicode"].get_object().get_data()
                )
            }
            cmaps = _region_cmaps(NOTO[face])
            regions = set(cmaps)
            for code, char in unicode.items():
                # every ideograph (punctuation is set through GSUB, not the cmap); those the
                # faces draw alike narrow nothing
                if "\u4e00" <= char <= "\u9fff" and code in names:
                    glyph = _cid(names[code].decode())  # cid9541 here, cid09541 in the font
                    regions &= {
                        r for r, cmap in cmaps.items() if _cid(cmap.get(ord(char), "")) == glyph
                    }
            found.setdefault(base, set(cmaps)).intersection_update(regions)
    return found


def render_pdfs(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """{name: PDF} of generated documents, converted the way the app converts them (the
    LibreOffice grid, the project's fonts.conf), in one LibreOffice run."""
    from reports import pdf
    from reports.gongwen import for_libreoffice

    sources = {}
    for name, data in files.items():
        src = folder / f"{name}.docx"
        src.write_bytes(for_libreoffice(data))
        sources[src] = name
    made = pdf.convert_files(list(sources), folder / "pdf")
    out = {}
    for src, name in sources.items():
        result = made[src]
        if isinstance(result, Exception):
            raise AssertionError(f"{name}: {result}")
        out[name] = result
    return out


def pdf_pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


class Word(NamedTuple):
    text: str
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(pdf: Path, page: int) -> list[Word]:
    """The words of one page with their boxes (pdftotext -bbox), in reading order."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [
        Word(html.unescape(t), float(a), float(b), float(c), float(d))
        for a, b, c, d, t in _WORD.findall(out)
    ]
