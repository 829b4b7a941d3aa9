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
from services.documents.pdf import document_pdf, documents_pdfs, pdf_available
from services.errors import ServiceError
from ui.components import zh
from ui.components.tables import md_escape

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PDF = "application/pdf"
Pdf = Callable[[bytes], bytes]


def _pdf_of(docx: bytes) -> bytes:
    return document_pdf(docx, "docx")


def _offer_pdf(slot: str, label: str, data: bytes, file_name: str, pdf: Pdf) -> None:
    """Beside a built document: 生成 PDF (LibreOffice, with a spinner), then 下载 PDF."""
    if not pdf_available():
        st.caption("本机未安装 LibreOffice，暂不能生成 PDF；请下载 Word 文件后另存为 PDF。")
        return
    made = st.session_state.get(f"{slot}:pdf")
    if made is None or made[0] is not data:
        if st.button(f"生成{label} PDF", key=f"{slot}:pdfbuild", width="stretch"):
            try:
                with st.spinner(f"正在转换{label} PDF……"):
                    st.session_state[f"{slot}:pdf"] = (data, pdf(data))
            except ServiceError as exc:
                st.error(f"{exc}（Word 文件仍可下载）")
            else:
                st.rerun()
        return
    pdf_name = file_name.rsplit(".", 1)[0] + (".zip" if file_name.endswith(".zip") else ".pdf")
    st.download_button(
        f"下载{label} PDF",
        made[1],
        file_name=pdf_name.replace(".zip", "-PDF.zip") if file_name.endswith(".zip") else pdf_name,
        mime="application/zip" if file_name.endswith(".zip") else PDF,
        key=f"{slot}:pdfget",
        width="stretch",
    )


def _offer(
    key: str,
    label: str,
    build: Callable[[], bytes],
    file_name: str,
    mime: str,
    pdf: Pdf | None = None,
) -> None:
    """A 生成 button; once built, the bytes stay in the session and a download button shows,
    with the PDF beside it when ``pdf`` converts the built bytes."""
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
        if pdf is not None:
            _offer_pdf(slot, label, data, file_name, pdf)


def _zip(files: dict[str, bytes], suffix: str = "docx") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for dept, data in files.items():
            z.writestr(f"整改通知书-{dept}.{suffix}", data)
    return buf.getvalue()


def _zip_pdfs(data: bytes) -> bytes:
    """The notices' zip as a zip of their PDFs (one LibreOffice run for all)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {
            n.removeprefix("整改通知书-").removesuffix(".docx"): z.read(n) for n in z.namelist()
        }
    return _zip(documents_pdfs(files), "pdf")


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
            f"{round_id}:assessment",
            "考评报告",
            lambda: documents.assessment_report(actor, round_id),
            f"{round_name}-考评报告.docx",
            DOCX,
            _pdf_of,
        )
    if actor.role == "office":
        with cols[1]:
            _offer(
                f"{round_id}:notices",
                "整改通知书",
                lambda: _zip(documents.notices(actor, round_id)),
                f"{round_name}-整改通知书.zip",
                "application/zip",
                _zip_pdfs,
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
                    f"{round_id}:bulletin",
                    "工作简报",
                    lambda: bulletin_docs.bulletin(actor, round_id, since, issue_no=int(issue_no)),
                    f"工作简报第{int(issue_no)}期.docx",
                    DOCX,
                    _pdf_of,
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
