"""Run page code so that errors become Chinese messages, never tracebacks."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from services.errors import ServiceError

log = logging.getLogger("pioneer.ui")


def run_page(render: Callable[[], None]) -> None:
    """Call a page's render(); a ServiceError shows its message, anything else a generic one."""
    try:
        render()
    except ServiceError as exc:
        st.error(str(exc))
    except Exception:  # the user sees a message; the details go to the server log
        log.exception("page %s failed", getattr(render, "__module__", render))
        st.error("系统处理时出现异常，操作未完成，数据未受影响。请刷新页面后重试，或联系管理员。")
