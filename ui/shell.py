"""The app frame: login gate, role-based navigation, sidebar, error guard around every page."""

from __future__ import annotations

import streamlit as st

from reports.rollup import area_word
from services.evidence.upkeep import start_background_ocr
from store.migrate import ensure_current
from ui import state
from ui.components import layout, zh
from ui.components.context import sidebar
from ui.pages import registry

TITLE = "创业型城市创建评估系统"


@st.cache_resource
def _upgrade_schema() -> bool:
    """Once per server process: bring an existing database up to this version's schema."""
    return ensure_current()


@st.cache_resource
def _resume_pending_ocr() -> bool:
    """Once per server process: finish recognising scans left pending by a restart."""
    return start_background_ocr()


def run() -> None:
    st.set_page_config(page_title=TITLE, page_icon="📊", layout="wide")
    zh.install()
    layout.install()
    _upgrade_schema()
    _resume_pending_ocr()
    actor = state.current_actor()
    if actor is None:
        st.navigation(
            [st.Page(registry.view_path("login"), title="登录", url_path="login")],
            position="hidden",
        ).run()
        return
    if actor.must_change_password:  # an initial or reset password: nothing else until changed
        st.navigation(
            [st.Page(registry.view_path("password"), title="修改密码", url_path="password")],
            position="hidden",
        ).run()
        return
    units = sidebar(actor)
    root = actor.unit_id or state.selected_unit_id()  # the unit the roll-up page covers
    level = next((u.level for u in units if u.id == root), None)
    st.navigation(registry.pages_for(actor.role, area_word(level) if level else None)).run()
