"""Fixtures for the first-setup tests: 附件1 of seed 003 as the office would have it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_YAML = ROOT / "examples" / "setup-yanzhou.yaml"
EXAMPLE_DOCX = ROOT / "examples" / "领导小组成员名单-兖州区.docx"


def annex_lines() -> list[str]:
    """The paragraphs of the example 附件1 (the seed's text, line breaks as printed)."""
    import docx

    return [p.text for p in docx.Document(str(EXAMPLE_DOCX)).paragraphs]


def annex_text() -> str:
    return "\n".join(annex_lines())


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def fast_hashing(monkeypatch):
    """argon2id with small parameters: dozens of accounts in a test, not a minute."""
    from argon2 import PasswordHasher

    from services.org import auth

    monkeypatch.setattr(
        auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
