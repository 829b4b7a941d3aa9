"""Report and export downloads: build on request (with progress), then offer the file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

import streamlit as st

from services.actor import Actor
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.errors import ServiceError
from ui.components import zh
from ui.components.tables import md_escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _offer(key: str, label: str, build: Callable[[], bytes], file_name: str, mime: str) -> None:
    """A 生成 button; once built, the bytes stay in the session and a download button shows."""
    slot = f"dl:{key}"
    if st.button(f"生成{label}", key=f"{slot}:build", width="stretch"):
        try:
            with st.spinner(f"正在生成{label}……"):
                st.session_state[slot] = build()
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
    data = st.session_state.get(slot)
    if data:
        st.download_button(
            f"下载{label}",
            data,
            file_name=file_name,
            mime=mime,
            key=f"{slot}:get",
            width="stretch",
            type="primary",
        )


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for dept, data in files.items():
            z.writestr(f"整改通知书-{dept}.docx", data)
    return buf.getvalue()


def report_downloads(actor: Actor, round_id: int, round_name: str) -> None:
    """Word reports and Excel exports of a round, for the roles allowed to have them."""
    if actor.role not in ("office", "inspector"):
        return
    st.subheader("报告与导出")
    st.caption("报告按公文格式（GB/T 9704-2012）生成 Word 文件，可在 WPS 或 Word 中继续编辑。")
    cols = st.columns(3)
    with cols[0]:
        _offer(
            f"{round_id}:assessment",
            "考评报告",
            lambda: documents.assessment_report(actor, round_id),
            f"{round_name}-考评报告.docx",
            DOCX,
        )
    if actor.role == "office":
        with cols[1]:
            _offer(
                f"{round_id}:notices",
                "整改通知书",
                lambda: _zip(documents.notices(actor, round_id)),
                f"{round_name}-整改通知书.zip",
                "application/zip",
            )
        with cols[2]:
            since = zh.date_field(
                "简报统计起始日期",
                dt.date.today() - dt.timedelta(days=30),
                key=f"dl:{round_id}:since",
            )
            if isinstance(since, dt.date):
                _offer(
                    f"{round_id}:bulletin",
                    "工作简报",
                    lambda: bulletin_docs.bulletin(actor, round_id, since),
                    f"工作简报-{dt.date.today():%Y%m%d}.docx",
                    DOCX,
                )
    cols = st.columns(3)
    for col, (what, label) in zip(
        cols, (("gaps", "整改清单"), ("evidence", "材料清单"), ("scores", "得分表")), strict=True
    ):
        with col:
            _offer(
                f"{round_id}:{what}",
                f"{label}（Excel）",
                lambda what=what: documents.export(actor, what, round_id),
                f"{round_name}-{label}.xlsx",
                XLSX,
            )
