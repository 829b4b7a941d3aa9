"""Run page code so that errors become Chinese messages, never tracebacks."""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable

import streamlit as st

from services.errors import ServiceError
from ui.components.tables import md_escape

log = logging.getLogger("pioneer.ui")


def run_page(render: Callable[[], None]) -> None:
    """Call a page's render(); a ServiceError shows its message, anything else a generic one."""
    try:
        render()
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
    except Exception as exc:  # the user sees a message and an id; the log gets the same id
        error_id = uuid.uuid4().hex[:8]
        # never the exception's text: a database error quotes its statement's parameters
        # (password hashes, personal numbers); the frames and the type are enough to find it
        frames = "".join(
            f"  {f.filename}:{f.lineno} in {f.name}\n"
            for f in traceback.extract_tb(exc.__traceback__)
        )
        log.error(
            "page %s failed, error id %s: %s\n%s",
            getattr(render, "__module__", render),
            error_id,
            type(exc).__name__,
            frames,
        )
        st.error(
            "系统处理时出现异常，操作未完成，数据未受影响。请刷新页面后重试，"
            f"或把错误编号 {error_id} 告诉管理员。"
        )
