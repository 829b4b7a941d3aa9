"""A message shown once after a rerun (e.g. 「已保存」), with an optional one-time secret."""

from __future__ import annotations

import streamlit as st

from ui.components.tables import md_escape

FLASH = "flash_message"


def done(message: str, secret: str | None = None) -> None:
    """Remember the message, then rerun so every table shows the change."""
    st.session_state[FLASH] = (message, secret)
    st.rerun()


def show() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        message, secret = flash
        st.success(md_escape(message))
        if secret:
            st.code(secret, language=None)
            st.caption("密码只显示这一次，请立即转告本人；首次登录时系统会要求其设置自己的新密码。")
