"""撤回 one of the department's own files, inside the card of the item it proves: the button
asks, and only 确认撤回 with a reason withdraws it (services.evidence.details)."""

from __future__ import annotations

import streamlit as st

from services.actor import Actor
from services.errors import ServiceError
from services.evidence.details import withdraw_evidence
from services.evidence.query import EvidenceItem
from ui.components import flash
from ui.components.evidence_view import STATUS_COLORS
from ui.components.tables import md_escape

NOTE = (
    "撤回后，该材料不再计入本要求、不出现在检索结果中，自查预评随之重新计算；"
    "文件和审核记录仍然保留，需要时可在任务中重新上传新版本。"
)


def own_files(actor: Actor, items: list[EvidenceItem], requirement: str) -> None:
    """The department's files for one requirement, each with 撤回 and its confirmation."""
    mine = [e for e in items if requirement in e.requirements and e.status != "withdrawn"]
    if not mine:
        return
    st.markdown("**本单位为此项提交的材料**")
    for item in mine:
        color = STATUS_COLORS.get(item.status, "gray")
        row = st.container(horizontal=True, vertical_alignment="center")
        row.markdown(f"《{md_escape(item.title)}》 :{color}-badge[{item.status_label}]")
        _control(actor, item, f"wd_{requirement}_{item.id}")


def _control(actor: Actor, item: EvidenceItem, key: str) -> None:
    ask = f"{key}:ask"
    if not st.session_state.get(ask):
        if st.button("撤回", key=f"{key}:open", icon=":material/undo:"):
            st.session_state[ask] = True
            st.rerun()
        return
    with st.container(border=True):
        st.warning(f"确认撤回《{md_escape(item.title)}》？{NOTE}", icon=":material/warning:")
        reason = st.text_input("撤回原因", key=f"{key}:reason", placeholder="例如：上传错了文件")
        row = st.container(horizontal=True)
        if row.button("确认撤回", key=f"{key}:confirm", type="primary"):
            try:
                withdraw_evidence(actor, item.id, reason)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                st.session_state.pop(ask, None)
                flash.done(f"已撤回《{item.title}》。文件和记录仍保留在「本单位已上传的材料」中。")
        if row.button("取消", key=f"{key}:cancel"):
            st.session_state.pop(ask, None)
            st.rerun()
