"""Files a background job reads or makes, under the shared file root (PIONEER_FILES_ROOT), so
that any app server or worker machine can take the job and any app server hand out its result.

``stage`` keeps an input (a document to convert, a ledger file to import) until its job is
done; ``put_output`` keeps what a job made (a PDF, a zip of reports) for the requester to
download. Names are random; a ledger file (identity numbers in clear) is removed as soon as its
job has finished, for good or not.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from services.errors import NotFound
from store.settings import load_settings


def jobs_dir() -> Path:
    return load_settings().files / "jobs"


def _path(name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise NotFound("任务文件不存在")
    return jobs_dir() / name


def stage(data: bytes, suffix: str) -> str:
    """Write ``data`` for a job (owner-only permissions); returns its name."""
    folder = jobs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{suffix.lstrip('.')[:8]}"
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return name


put_output = stage


def read(name: str) -> bytes:
    try:
        return _path(name).read_bytes()
    except OSError as exc:
        raise NotFound("任务文件已不存在，请重新生成") from exc


def discard(name: str | None) -> None:
    if name:
        _path(name).unlink(missing_ok=True)
