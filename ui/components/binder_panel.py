"""总览's 迎检材料汇编 panel: queue the build (a background job), follow its progress from any
app server, show why it failed, download the files it made."""

from __future__ import annotations

import streamlit as st

from services.actor import Actor
from services.documents import binder
from services.errors import ServiceError
from ui.components.tables import md_escape

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _result(summary: dict) -> None:
    pages, files = summary["pages"], len(summary["files"])
    st.success(
        f"已生成迎检材料汇编：{files} 册，共 {pages} 页，编入材料 {summary['documents']} 份；"
        f"缺失 {summary['missing']} 项（见各册末尾的「缺失材料清单」）。"
    )
    names = [f["file"] for f in summary["files"]] + [summary["index"]]
    labels = {
        f["file"]: f"{f['file']}（{f['pages']} 页，{_size(f['bytes'])}）" for f in summary["files"]
    }
    c = st.columns([3, 1])
    name = c[0].selectbox(
        "选择文件", names, format_func=lambda n: labels.get(n, n), key="binder:file"
    )
    try:
        data = binder.binder_file(summary, name)
    except (ServiceError, OSError):
        st.error("文件已不存在，请重新生成。")
        return
    with c[1]:
        st.write("")
        st.download_button(
            "下载",
            data,
            file_name=name,
            mime=XLSX if name.endswith(".xlsx") else PDF,
            key="binder:get",
            type="primary",
            width="stretch",
        )


@st.fragment(run_every=2)
def _running(actor: Actor, round_id: int) -> None:
    status = binder.binder_status(actor, round_id)
    if status.get("status") in binder.FINISHED:
        st.rerun()  # finished: show the result outside the fragment
    if status.get("status") == "queued":
        st.caption("⏳ 已排队，等待后台执行……")
        return
    if status.get("status") == "retrying":
        st.caption(f"⏳ 上次生成未成功，稍后自动重试（{md_escape(status.get('error') or '')}）")
        return
    total = status.get("total") or 1
    step = md_escape(status.get("message") or "正在准备")
    st.progress(min(status.get("done", 0) / total, 1.0), text=step)


def binder_panel(actor: Actor, round_id: int) -> None:
    if actor.role != "office":
        return
    st.subheader("迎检材料汇编")
    st.caption(
        "每个体系一册 PDF：封面、目录（含页码）、按指标和要求的分隔页、已审核通过的材料、"
        "缺失材料清单；另附材料目录.xlsx。在后台生成，可离开本页。"
    )
    status = binder.binder_status(actor, round_id)
    if status and status["status"] not in binder.FINISHED:
        _running(actor, round_id)
        return
    if status.get("status") == "failed":
        st.error(f"迎检材料汇编生成失败：{md_escape(status.get('error') or '原因不明')}")
    if status.get("status") == "succeeded" and status.get("result"):
        _result(status["result"])
    if st.button("生成迎检材料汇编", key="binder:start"):
        try:
            started = binder.start_binder(actor, round_id)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
            return
        if started is None:
            st.info("汇编正在生成中，请稍候。")
        st.rerun()
