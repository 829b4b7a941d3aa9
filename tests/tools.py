"""System tools the tests need (LibreOffice, pdftotext, fontconfig): skipped without them on a
developer's machine, a failure on CI (``CI`` set, as .ci/run does)."""

from __future__ import annotations

import os
import shutil

import pytest


def needs(*tools: str) -> str | None:
    missing = [t for t in tools if not shutil.which(t)]
    return f"not installed: {', '.join(missing)}" if missing else None


def unavailable(what: str) -> None:
    """Something the system packages provide is missing: fail on CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"CI 上缺少 {what}：scripts/system-packages 应当安装它")
    pytest.skip(f"not installed: {what}")


def require(*tools: str) -> None:
    """Skip without the tools; on CI (``CI`` set, as .ci/run does) a missing tool fails."""
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        unavailable("、".join(missing))
