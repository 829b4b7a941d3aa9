"""The app frame: login gate, role-based navigation, sidebar, error guard around every page."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.components.context import sidebar
from ui.pages import registry

TITLE = "创业型城市创建评估系统"


def run() -> None:
    st.set_page_config(page_title=TITLE, page_icon="📊", layout="wide")
    actor = state.current_actor()
    if actor is None:
        st.navigation(
            [st.Page(registry.view_path("login"), title="登录", url_path="login")],
            position="hidden",
        ).run()
        return
    sidebar(actor)
    st.navigation(registry.pages_for(actor.role)).run()
