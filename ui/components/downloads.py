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
from services.documents.pdf import pdf_available
from services.errors import ServiceError
from services.jobs.requests import job_output, start_pdf
from ui.components import zh
from ui.components.job_follow import follow
from ui.components.tables import md_escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PDF = "application/pdf"


def _pdf_download(slot: str, label: str, pdf: bytes, file_name: str) -> None:
    zipped = file_name.endswith(".zip")
    st.download_button(
        f"下载{label} PDF",
        pdf,
        file_name=file_name.removesuffix(".zip") + "-PDF.zip"
        if zipped
        else file_name.rsplit(".", 1)[0] + ".pdf",
        mime="application/zip" if zipped else PDF,
        key=f"{slot}:pdfget",
        width="stretch",
    )


def _offer_pdf(actor: Actor, slot: str, label: str, data: bytes, file_name: str, kind: str) -> None:
    """Beside a built document: 生成 PDF queues the conversion (LibreOffice, a background job);
    its progress shows until it is done, then 下载 PDF."""
    if not pdf_available():
        st.caption("本机未安装 LibreOffice，暂不能生成 PDF；请下载 Word 文件后另存为 PDF。")
        return
    made = st.session_state.get(f"{slot}:pdf")
    if made is not None and made[0] is data:
        _pdf_download(slot, label, made[1], file_name)
        return
    pending = st.session_state.get(f"{slot}:pdfjob")
    if pending is not None and pending[0] is data:
        job = follow(actor, pending[1])
        if job is None:
            return
        del st.session_state[f"{slot}:pdfjob"]
        if job["status"] == "succeeded":
            pdf = job_output(actor, job["id"])[1]
            st.session_state[f"{slot}:pdf"] = (data, pdf)
            _pdf_download(slot, label, pdf, file_name)
            return
        st.error(f"{md_escape(job['error'] or '转换失败')}（Word 文件仍可下载）")
    if st.button(f"生成{label} PDF", key=f"{slot}:pdfbuild", width="stretch"):
        try:
            st.session_state[f"{slot}:pdfjob"] = (
                data,
                start_pdf(actor, data, kind, file_name),
            )
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
            return
        st.rerun()


def _offer(
    actor: Actor,
    key: str,
    label: str,
    build: Callable[[], bytes],
    file_name: str,
    mime: str,
    pdf: str | None = None,
) -> None:
    """A 生成 button; once built, the bytes stay in the session and a download button shows,
    with the PDF beside it when ``pdf`` names the document's kind (docx, or zip of docx)."""
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
        if pdf is not None:  # 「生成整改清单 PDF」, not 「…（Excel） PDF」
            name = label.removesuffix("（Word）").removesuffix("（Excel）")
            _offer_pdf(actor, slot, name, data, file_name, pdf)


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
    st.caption(
        "报告按公文格式（GB/T 9704-2012）生成 Word 文件，可在 WPS 或 Word 中继续编辑；"
        "生成后可再转换为 PDF。每生成一次即取一个新的发文字号（简报为期号）。"
    )
    cols = st.columns(3)
    with cols[0]:
        _offer(
            actor,
            f"{round_id}:assessment",
            "考评报告",
            lambda: documents.assessment_report(actor, round_id),
            f"{round_name}-考评报告.docx",
            DOCX,
            "docx",
        )
    if actor.role == "office":
        with cols[1]:
            _offer(
                actor,
                f"{round_id}:notices",
                "整改通知书",
                lambda: _zip(documents.notices(actor, round_id)),
                f"{round_name}-整改通知书.zip",
                "application/zip",
                "zip",
            )
        with cols[2]:
            first, next_no = bulletin_docs.bulletin_defaults(actor, round_id)
            since = zh.date_field(
                "简报统计起始日期（默认自上一期简报）", first, key=f"dl:{round_id}:since"
            )
            issue_no = st.number_input(
                "期号",
                min_value=1,
                value=next_no,
                step=1,
                key=f"dl:{round_id}:issue_no",
                help="默认为本年度下一期；填写已印发的期号即重印该期",
            )
            if isinstance(since, dt.date):
                _offer(
                    actor,
                    f"{round_id}:bulletin",
                    "工作简报",
                    lambda: bulletin_docs.bulletin(actor, round_id, since, issue_no=int(issue_no)),
                    f"工作简报第{int(issue_no)}期.docx",
                    DOCX,
                    "docx",
                )
    cols = st.columns(3)
    for col, (what, label) in zip(
        cols, (("gaps", "整改清单"), ("evidence", "材料清单"), ("scores", "得分表")), strict=True
    ):
        with col:
            _offer(
                actor,
                f"{round_id}:{what}",
                f"{label}（Excel）",
                lambda what=what: documents.export(actor, what, round_id),
                f"{round_name}-{label}.xlsx",
                XLSX,
                "xlsx",
            )
