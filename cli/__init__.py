"""The ``pioneer`` command line: thin commands over services/, Chinese output, ``--json``."""

from __future__ import annotations

import logging
import sys

from cli import zh

zh.install()  # before typer is imported: its help pages and errors in Chinese

from cli.main import app  # noqa: E402

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: an unexpected error is a Chinese message and exit 1, no traceback."""
    try:
        app()
    except Exception as exc:  # the commands handle expected errors; this is the last guard
        logging.getLogger("pioneer.cli").debug("command failed", exc_info=True)
        print(f"命令执行失败：{type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "数据未被部分写入（每次写入都在一个事务中）。如问题持续，请联系管理员。",
            file=sys.stderr,
        )
        sys.exit(1)
