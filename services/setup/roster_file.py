"""Read an uploaded 领导小组成员名单 (.docx or .xlsx): checked, then parsed in the sandbox."""

from __future__ import annotations

import logging
from dataclasses import replace

from evidence.errors import IntakeRefused, human_size
from evidence.extract import Extraction, extract_document
from evidence.guards import check_zip
from evidence.limits import DEFAULT_LIMITS, MiB
from evidence.sandbox import run_sandboxed
from evidence.sniff import DOCX, XLSX, sniff
from services.errors import InvalidInput
from services.setup.roster import Roster, parse_roster_lines

log = logging.getLogger(__name__)

# a member list is a page or two: far smaller caps than for evidence
ROSTER_LIMITS = replace(
    DEFAULT_LIMITS,
    max_bytes=10 * MiB,
    max_pages=50,
    max_unzipped_bytes=50 * MiB,
    parse_seconds=30,
    parse_memory_mb=512,
)
ACCEPTED = "Word（.docx）或 Excel（.xlsx）"


def read_roster_file(data: bytes, filename: str = "", *, sandbox: bool = True) -> Roster:
    """The roster in an uploaded file; a clear Chinese InvalidInput for anything refused."""
    limits = ROSTER_LIMITS
    if len(data) > limits.max_bytes:
        raise InvalidInput(
            f"名单文件过大（{human_size(len(data))}），上限为 {human_size(limits.max_bytes)}："
            "成员名单一般只有一两页，请检查是否选错了文件"
        )
    try:
        kind = sniff(data).kind
        if kind not in (DOCX, XLSX):
            raise InvalidInput(f"名单请使用 {ACCEPTED} 文件；也可以直接粘贴名单文字")
        check_zip(data, limits)
        extraction = Extraction.from_json(
            run_sandboxed(
                extract_document, data, kind, None, limits, limits=limits, sandbox=sandbox
            )
        )
    except IntakeRefused as exc:
        log.info("roster %r refused: %s %s", filename, exc.code, exc.detail or "")
        raise InvalidInput(f"名单文件「{filename or '未命名'}」无法读取：{exc.message}") from None
    lines = "\n".join(extraction.texts).splitlines()
    return parse_roster_lines(lines)
