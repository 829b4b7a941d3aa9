"""Zip members are checked before python-docx/openpyxl touch a package."""

import io
import json
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from evidence import IntakeRefused, Limits, inspect_bytes
from evidence.guards import check_zip
from tests.evidence.evidence_builders import docx_package

ROOT = Path(__file__).resolve().parents[2]


def test_zip_bomb_disguised_as_docx_is_refused_fast(zip_bomb_docx):
    assert len(zip_bomb_docx) < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(zip_bomb_docx, "领导小组通知.docx")
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert caught.value.code == "zip_bomb"
    assert "压缩炸弹" in caught.value.message and "MB" in caught.value.message


def test_zip_bomb_refusal_stays_under_300_mb(zip_bomb_docx, tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb_docx)
    probe = (
        "import json, resource, sys, time\n"
        "from evidence import IntakeRefused, inspect_bytes\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "t = time.perf_counter()\n"
        "try:\n"
        "    inspect_bytes(data, 'a.docx')\n"
        "    code = None\n"
        "except IntakeRefused as exc:\n"
        "    code = exc.code\n"
        "print(json.dumps({'code': code, 'seconds': time.perf_counter() - t,\n"
        "    'maxrss_kb': peak_kb()}))\n"
    )
    # ru_maxrss survives execve, so a probe started from a large pytest process would report
    # the parent's size; VmHWM belongs to the probe's own address space.
    probe = (
        "def peak_kb():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1])\n"
    ) + probe
    out = subprocess.run(
        [sys.executable, "-c", probe, str(bomb)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(out.stdout)
    assert result["code"] == "zip_bomb"
    assert result["seconds"] < 1.0
    assert result["maxrss_kb"] < 300 * 1024


def _lie_about_sizes(package: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its local and central headers."""
    data = bytearray(package)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_declared_sizes_are_not_trusted():
    zeros = bytes(20 * 1024 * 1024)
    honest = docx_package({"word/document.xml": b"<w:document/>", "word/media/a.bin": zeros})
    liar = _lie_about_sizes(honest, "word/media/a.bin", 1000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.getinfo("word/media/a.bin").file_size == 1000  # the lie is in place
    started = time.perf_counter()
    with pytest.raises(IntakeRefused) as caught:
        check_zip(liar, Limits())
    assert time.perf_counter() - started < 1.0
    assert caught.value.code in ("zip_bomb", "corrupt")


def test_running_budget_counts_real_bytes():
    members = {f"word/media/{i}.bin": bytes(range(256)) * 4096 for i in range(4)}  # 1 MiB each
    package = docx_package({"word/document.xml": b"<w:document/>", **members})
    check_zip(package, Limits())
    with pytest.raises(IntakeRefused) as caught:
        check_zip(package, Limits(max_unzipped_bytes=3 * 1024 * 1024))
    assert caught.value.code == "zip_bomb"


def test_too_many_members():
    members = {f"word/part{i}.xml": b"<x/>" for i in range(30)}
    package = docx_package({"word/document.xml": b"<w:document/>", **members})
    with pytest.raises(IntakeRefused) as caught:
        check_zip(package, Limits(max_zip_members=20))
    assert caught.value.code == "zip_bomb"
    assert "20" in caught.value.message


def test_xml_entities_are_refused_before_parsing():
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )
    package = docx_package({"word/document.xml": billion_laughs})
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(package, "a.docx", sandbox=False)
    assert caught.value.code == "unsafe_content"


def test_damaged_package_is_corrupt():
    package = docx_package({"word/document.xml": b"<w:document>" + b"x" * 5000 + b"</w:document>"})
    damaged = bytearray(package)
    start = damaged.find(b"word/document.xml") + len("word/document.xml")
    damaged[start + 10 : start + 40] = bytes(30)  # scramble the deflate stream
    with pytest.raises(IntakeRefused) as caught:
        inspect_bytes(bytes(damaged), "a.docx", sandbox=False)
    assert caught.value.code == "corrupt"
