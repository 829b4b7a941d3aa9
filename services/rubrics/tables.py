"""Import a scoring table (.docx/.xlsx) as a draft rubric: checked, then read in the sandbox."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from evidence.errors import IntakeRefused, human_size
from evidence.guards import check_zip
from evidence.limits import DEFAULT_LIMITS, MiB
from evidence.sandbox import run_sandboxed
from evidence.sniff import DOCX, XLSX, sniff
from rubric.importer import ImportReport, build_draft, dump_draft
from rubric.importer.tables import read_rows
from services.errors import InvalidInput

log = logging.getLogger(__name__)

# a scoring table is a few pages: far smaller caps than for evidence
IMPORT_LIMITS = replace(
    DEFAULT_LIMITS,
    max_bytes=10 * MiB,
    max_pages=100,
    max_unzipped_bytes=50 * MiB,
    parse_seconds=30,
    parse_memory_mb=512,
)


def import_table(
    data: bytes, filename: str, rubric_id: str, title: str = "", *, sandbox: bool = True
) -> tuple[str, ImportReport]:
    """The draft YAML and its report; a clear Chinese InvalidInput for anything refused."""
    limits = IMPORT_LIMITS
    name = filename or "未命名"
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", rubric_id or ""):
        raise InvalidInput("细则编号只能用小写字母、数字、点、横线和下划线，例如 jining-2024")
    if len(data) > limits.max_bytes:
        raise InvalidInput(
            f"细则文件「{name}」过大（{human_size(len(data))}），上限为 {human_size(limits.max_bytes)}"
        )
    try:
        kind = sniff(data).kind
    except IntakeRefused:
        kind = None
    if kind not in (DOCX, XLSX):
        raise InvalidInput(f"「{name}」不是表格：评分细则请使用 Word（.docx）或 Excel（.xlsx）文件")
    try:
        check_zip(data, limits)
        rows = run_sandboxed(
            read_rows, data, "docx" if kind == DOCX else "xlsx", limits=limits, sandbox=sandbox
        )
    except IntakeRefused as exc:
        log.info("rubric table %r refused: %s %s", filename, exc.code, exc.detail or "")
        raise InvalidInput(f"细则文件「{name}」无法读取：{exc.message}") from None
    try:
        draft, report = build_draft(rows, rubric_id, title)
    except ValueError as exc:
        raise InvalidInput(f"细则文件「{name}」：{exc}") from None
    return dump_draft(draft), report
