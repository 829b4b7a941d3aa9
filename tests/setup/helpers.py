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


def publish_copy(unit_id: int, rubric_id: str = "jining-2024") -> str:
    """The built-in rubric under another id, imported into the unit's library and published:
    its reference (jining-2024@1)."""
    from services.actor import CLI_ACTOR
    from services.rubrics import versions

    text = (EXAMPLE_YAML.parents[1] / "rubric/standards/yanzhou-2020.yaml").read_bytes()
    data = text.replace(b"id: yanzhou-2020", f"id: {rubric_id}".encode(), 1)
    info = versions.import_rubric(CLI_ACTOR, unit_id, data, "济宁细则.yaml")
    return versions.publish(CLI_ACTOR, info.id)
