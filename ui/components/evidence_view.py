"""One evidence item as a card: title, 文号, 成文日期, status, text preview and download."""

from __future__ import annotations

import functools

import streamlit as st

from services.actor import Actor
from services.evidence import query as evidence_query
from services.evidence.query import EvidenceItem
from ui.components.fmt import day, size
from ui.components.tables import md_escape

STATUS_COLORS = {"pending": "orange", "approved": "green", "returned": "red", "none": "gray"}
TEXT_NOTES = {
    "ocr_pending": "文字识别排队中，暂时只能下载原件查看。",
    "ocr_failed": "未能识别出文字（扫描件或图片质量不佳），请下载原件查看。",
}


def label(item: EvidenceItem) -> str:
    """Short one-line name, for selection lists."""
    number = f"（{item.doc_number}）" if item.doc_number else ""
    return f"{item.title}{number}"


def _download(actor: Actor, evidence_id: int) -> bytes:
    return evidence_query.evidence_bytes(actor, evidence_id)[2]


def evidence_card(
    actor: Actor, item: EvidenceItem, key: str, *, preview: bool = True, show_reason: bool = True
):
    """Render one item inside a bordered container; ``key`` must be unique on the page.

    Returns the container, so that the actions on the item (通过/退回) go inside its card."""
    card = st.container(border=True)
    with card:
        color = STATUS_COLORS.get(item.status, "gray")
        st.markdown(f"**{md_escape(item.title)}**　:{color}-badge[{item.status_label}]")
        meta = [
            f"文号：{item.doc_number or '无'}",
            f"成文日期：{day(item.doc_date)}",
            f"报送单位：{item.department}",
            f"对应要求：{'、'.join(item.requirements) or '—'}",
        ]
        st.caption("　·　".join(md_escape(m) for m in meta))
        st.caption(
            md_escape(
                f"{item.original_name}（{size(item.size)}）· 第 {item.revision} 版 · "
                f"{item.uploaded_by} 上传于 {day(item.uploaded_at)}"
            )
        )
        if show_reason and item.status == "returned" and item.return_reason:
            st.warning(f"退回原因：{md_escape(item.return_reason)}")
        if preview:
            with st.expander("预览文本"):
                note = TEXT_NOTES.get(item.text_status)
                text = "" if note else evidence_query.evidence_text(actor, item.id)
                if note:
                    st.caption(note)
                elif text.strip():
                    st.container(height=260, border=False).text(text)
                else:
                    st.caption("该文件没有可预览的文字，请下载原件查看。")
        st.download_button(
            "下载原件",
            data=functools.partial(_download, actor, item.id),
            file_name=item.original_name,
            key=f"{key}:download",
            icon=":material/download:",
            on_click="ignore",
        )
    return card
