"""reports.pdf: LibreOffice conversion with the project's font mapping, limits and isolation."""

from __future__ import annotations

import http.server
import io
import socketserver
import subprocess
import threading
import time
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from PIL import Image
from typer.testing import CliRunner

from reports import pdf
from tests.reports.pdf_helpers import (
    GOV_FONTS,
    KAI_FONTS,
    fonts_docx,
    noto_regions,
    pdf_text,
    pdffonts,
    require,
)

EXPECTED_FACE = {
    **dict.fromkeys(("仿宋", "仿宋_GB2312", "FangSong", "宋体", "SimSun"), "Noto Serif CJK SC"),
    **dict.fromkeys(("黑体", "SimHei", "微软雅黑"), "Noto Sans CJK SC"),
    **dict.fromkeys(("楷体", "楷体_GB2312", "KaiTi"), "AR PL UKai CN"),
    "方正小标宋简体": "Noto Serif CJK SC",
}


def test_fontconfig_file_maps_each_government_name_to_its_simplified_face():
    require("fc-match")
    env = {"FONTCONFIG_FILE": str(pdf.FONTS_CONF), "PATH": "/usr/bin:/bin"}
    for name, face in EXPECTED_FACE.items():
        out = subprocess.run(
            ["fc-match", "-f", "%{family}|%{lang}", name],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        families = out.split("|")[0].split(",")
        if face not in families and "Noto" not in face and "UKai" in face:
            pytest.skip("fonts-arphic-ukai is not installed (scripts/system-packages)")
        assert face in families, (name, out)


def test_missing_libreoffice_is_a_chinese_error(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfUnavailable) as err:
        pdf.convert(fonts_docx(), "docx")
    assert "未安装 LibreOffice" in str(err.value) and err.value.code == "missing"
    with pytest.raises(pdf.PdfUnavailable):
        pdf.convert_files([Path("a.docx")], Path("out"))


def test_limits_are_checked_before_libreoffice_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "_run_batch", lambda *a, **k: pytest.fail("LibreOffice ran"))
    small = pdf.PdfLimits(max_input_bytes=1000)
    with pytest.raises(pdf.PdfError) as err:
        pdf.convert(b"x" * 1001, "docx", limits=small)
    assert err.value.code == "too_large" and "超过" in str(err.value)
    with pytest.raises(pdf.PdfError) as err:
        pdf.convert(b"%PDF-1.4", "pdf")
    assert err.value.code == "kind"
    big = tmp_path / "big.docx"
    big.write_bytes(b"x" * 1001)
    other = tmp_path / "image.png"
    other.write_bytes(b"x")
    if pdf.soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    out = pdf.convert_files([big, other], tmp_path / "out", limits=small)
    assert out[big].code == "too_large" and out[other].code == "kind"


def test_cli_pdf_helper_still_writes_the_docx_without_libreoffice(monkeypatch, tmp_path, capsys):
    from cli.output import write_document

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    target = tmp_path / "报告.docx"
    assert write_document(target, b"docx-bytes", pdf=True) is None
    assert target.read_bytes() == b"docx-bytes"
    assert not target.with_suffix(".pdf").exists()
    assert "未生成 PDF" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_pdf_helper_writes_both(tmp_path):
    require("soffice")
    import typer

    from cli.output import pdf_option, write_document

    app = typer.Typer()

    @app.command()
    def make(out: Path, pdf: bool = pdf_option()) -> None:
        write_document(out, fonts_docx(), pdf=pdf)

    result = CliRunner().invoke(app, [str(tmp_path / "a.docx"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_government_fonts_embed_simplified_chinese_faces(tmp_path):
    require("soffice", "pdffonts", "fc-match")
    out = tmp_path / "fonts.pdf"
    out.write_bytes(pdf.convert(fonts_docx(GOV_FONTS + KAI_FONTS)))
    fonts = pdffonts(out)
    names = " ".join(f["name"] for f in fonts)
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert "NotoSerifCJK" in names  # 仿宋, 宋体
    assert "NotoSansCJK" in names  # 黑体
    assert "UKaiCN" in names  # 楷体 (the CN face, not TW/HK)
    assert "DejaVu" not in names  # no name fell through to the Latin default
    regions = noto_regions(out)
    assert regions, "no Noto CJK font with readable glyph names"
    for font, faces in regions.items():
        assert "sc" in faces and "jp" not in faces, (font, faces)
    assert "创建省级创业型城市" in "".join(pdf_text(out).split())


@pytest.mark.slow
def test_two_conversions_at_once_do_not_collide():
    require("soffice", "pdftotext")
    results: dict[str, bytes] = {}

    def work(marker: str) -> None:
        results[marker] = pdf.convert(fonts_docx(("宋体",), marker=marker))

    threads = [threading.Thread(target=work, args=(m,)) for m in ("甲号文件", "乙号文件")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert set(results) == {"甲号文件", "乙号文件"}
    for marker, data in results.items():
        path = Path(pytest.importorskip("tempfile").mkdtemp()) / "x.pdf"
        path.write_bytes(data)
        text = "".join(pdf_text(path).split())
        assert marker in text
        assert ({"甲号文件", "乙号文件"} - {marker}).pop() not in text


@pytest.mark.slow
def test_batch_isolates_the_broken_file(tmp_path):
    require("soffice")
    good = []
    for i in range(3):
        p = tmp_path / f"good{i}.docx"
        p.write_bytes(fonts_docx(("宋体",), marker=f"第{i}份"))
        good.append(p)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(fonts_docx()[:3000])  # a zip cut short
    seen = []
    out = pdf.convert_files(
        [good[0], bad, *good[1:]], tmp_path / "out", progress=lambda d, t: seen.append((d, t))
    )
    assert all(isinstance(out[g], Path) and out[g].read_bytes()[:5] == b"%PDF-" for g in good)
    assert isinstance(out[bad], pdf.PdfError) and "bad.docx" in str(out[bad])
    assert seen[-1] == (4, 4)


@pytest.mark.slow
def test_hung_conversion_is_killed_after_the_timeout(tmp_path, monkeypatch):
    require("soffice")
    src = tmp_path / "slow.docx"
    src.write_bytes(fonts_docx())
    started = time.monotonic()
    out = pdf.convert_files([src], tmp_path / "out", limits=pdf.PdfLimits(seconds_per_file=0.3))
    assert isinstance(out[src], pdf.PdfError) and out[src].code == "timeout"
    assert "超过 0.3 秒" in str(out[src])
    assert time.monotonic() - started < 20
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout
    assert not left.strip(), "a LibreOffice process outlived its timeout"


class _Server(socketserver.TCPServer):
    allow_reuse_address = True


@pytest.mark.slow
def test_remote_images_of_a_document_are_never_fetched():
    require("soffice")
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    with _Server(("127.0.0.1", 0), Handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "blue").save(image, "PNG")
        image.seek(0)
        d = Document()
        d.add_paragraph("外链图片")
        d.add_picture(image)
        url = f"http://127.0.0.1:{server.server_address[1]}/tracker.png"
        rid = d.part.relate_to(url, RT.IMAGE, is_external=True)
        blip = d.element.body.findall(".//" + qn("a:blip"))[0]
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), rid)
        buf = io.BytesIO()
        d.save(buf)
        assert pdf.convert(buf.getvalue()).startswith(b"%PDF")
        server.shutdown()
    assert hits == []
