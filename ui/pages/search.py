"""材料检索：按关键词全文检索已上传的材料（成员单位只能检索本单位材料）。"""

from __future__ import annotations

import mimetypes

import streamlit as st

from services.evidence import query as evidence_query
from services.evidence.query import SearchHit
from ui import state
from ui.components.tables import mark_snippet, md_escape

LIMIT = 30


def _downloader(actor, evidence_id: int):
    """The file's bytes, fetched only when the download button is clicked."""

    def fetch() -> bytes:
        return evidence_query.evidence_bytes(actor, evidence_id)[2]

    return fetch


def _hit(actor, hit: SearchHit) -> None:
    with st.container(border=True):
        left, right = st.columns([5, 1])
        left.markdown(f"**{md_escape(hit.title)}**")
        left.caption(
            md_escape(f"{hit.original_name} · {hit.department} · 第 {hit.page} 页")
            + (f" · 证明要求 {'、'.join(hit.requirements)}" if hit.requirements else "")
        )
        left.markdown(mark_snippet(hit.snippet))
        right.download_button(
            "下载",
            data=_downloader(actor, hit.evidence_id),
            file_name=hit.original_name,
            mime=mimetypes.guess_type(hit.original_name)[0] or "application/octet-stream",
            key=f"search_dl_{hit.evidence_id}",
            icon=":material/download:",
            on_click="ignore",
        )


def render() -> None:
    actor = state.current_actor()
    st.title("材料检索")
    scope = {
        "department": f"只检索本单位（{actor.department_name}）的材料",
        "viewer": "只检索已审核通过的材料",
    }.get(actor.role, "检索各成员单位上传的全部材料")
    st.caption(f"按标题、正文中的词语检索；{scope}。多个词用空格分开。")
    with st.form("search_form"):
        c = st.columns([5, 1])
        query = c[0].text_input(
            "关键词",
            key="search_q",
            placeholder="例如：创业担保贷款 基金",
            label_visibility="collapsed",
        )
        c[1].form_submit_button("检索", type="primary", width="stretch")
    query = (query or "").strip()
    if not query:
        st.info("请输入关键词后点击「检索」，例如文件名称、文号或正文中的词语。")
        return
    hits = evidence_query.search(actor, query, unit_id=state.selected_unit_id(), limit=LIMIT)
    if not hits:
        st.info(f"没有找到包含「{md_escape(query)}」的材料。请换一个词，或减少关键词后重试。")
        return
    more = "（仅显示前 30 份）" if len(hits) >= LIMIT else ""
    st.markdown(f"找到 **{len(hits)}** 份材料{more}")
    for hit in hits:
        _hit(actor, hit)
