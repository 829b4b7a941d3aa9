"""Multi-file evidence upload: check each file, suggest requirements, then submit them all.

Flow per file: ``preview_upload`` (intake checks, text, suggested requirements, guessed
标题/文号/成文日期) -> the user confirms requirements and metadata -> one 「提交」 stores every
ready file with ``add_evidence``. A refused file is reported on its own; the others still go in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from services.actor import Actor
from services.errors import InvalidInput, ServiceError
from services.evidence import transfer
from services.evidence.intake import Preview, add_evidence, preview_upload
from services.evidence.upkeep import start_background_ocr
from ui.components import zh
from ui.components.fmt import size
from ui.components.tables import md_escape

PASSWORD_HINTS = ("需要密码", "密码不正确")
PRESELECT_SCORE = 0.5  # suggestion scores are relative to the best one (1.0)
DONE = "upload_done"  # session key: file keys already stored in this session
RESULTS = "upload_results"  # session key: messages of the last submit, shown after the rerun
NONCE = "upload_nonce"  # session key: bumped to give the file_uploader a fresh, empty state


@dataclass(frozen=True)
class Choice:
    """A requirement the user may link evidence to."""

    id: str
    label: str


@dataclass
class Ready:
    """A checked file with the user's choices, waiting for 「提交」."""

    key: str
    name: str
    data: bytes
    requirements: list[str]
    title: str
    doc_number: str | None
    doc_date: dt.date | None
    password: str | None
    transfer: str | None = None  # a requirement of another department to pass the file on for


def file_key(data: bytes) -> str:
    """A stable widget key for a file: its content hash (equal files share one key)."""
    return hashlib.sha256(data).hexdigest()[:16]


def needs_password(message: str) -> bool:
    return any(h in message for h in PASSWORD_HINTS)


def preselect(preview: Preview, allowed: Sequence[str]) -> list[str]:
    """The confident suggestions (score >= half the best) among those the user may submit for.

    Weaker suggestions are listed for the user to tick; pre-selecting them would link evidence
    to requirements it barely mentions.
    """
    ok = set(allowed)
    return [
        s.requirement_id
        for s in preview.suggestions
        if s.requirement_id in ok and s.score >= PRESELECT_SCORE
    ]


def suggestion_text(preview: Preview, labels: dict[str, str]) -> str:
    """One line per suggestion: id, requirement text and the words that matched."""
    lines = []
    for s in preview.suggestions:
        words = md_escape("、".join(s.matched[:6])) or "—"
        text = labels.get(s.requirement_id) or f"{s.requirement_id}（其他单位承担，可转交）"
        text = md_escape(text)
        lines.append(f"- {text}（匹配度 {s.score:.0%}；匹配词：{words}）")
    return "\n".join(lines)


def default_title(preview: Preview, filename: str) -> str:
    return preview.inspection.title_guess or Path(filename).stem


def submit_all(
    actor: Actor,
    ready: Sequence[Ready],
    *,
    department: str,
    unit: str,
    progress=None,
) -> tuple[list[str], list[str], list[str]]:
    """Store every ready file; returns (stored keys, success messages, error messages)."""
    stored, ok, bad = [], [], []
    scans = False
    for n, item in enumerate(ready):
        if progress is not None:
            progress(n, len(ready), item.name)
        if not item.requirements and not item.transfer:
            bad.append(
                f"「{item.name}」未提交：请至少选择一条该材料所证明的要求，或转交给承担该要求的单位"
            )
            continue
        try:
            summary = add_evidence(
                actor,
                item.data,
                item.name,
                requirements=item.requirements,
                department=department,
                unit=unit,
                title=item.title.strip() or None,
                doc_number=(item.doc_number or "").strip() or None,
                doc_date=item.doc_date,
                password=item.password or None,
                unlinked=bool(item.transfer),
            )
            if item.transfer:
                transfer.offer(actor, summary["evidence_id"], item.transfer)
        except ServiceError as exc:
            bad.append(f"「{item.name}」未提交：{exc}")
            continue
        stored.append(item.key)
        scans = scans or bool(summary["needs_ocr"])
        extra = "，扫描件将在后台识别文字" if summary["needs_ocr"] else ""
        what = []
        if summary["requirements"]:
            what.append(f"已提交（{'、'.join(summary['requirements'])}），等待审核")
        if item.transfer:
            what.append(f"已转交承担要求 {item.transfer} 的单位，等待对方接收")
        ok.append(f"「{item.name}」{'；'.join(what)}{extra}")
    if progress is not None:
        progress(len(ready), len(ready), "")
    if scans:
        start_background_ocr()
    return stored, ok, bad


def _show_last_results() -> None:
    results = st.session_state.pop(RESULTS, None)
    if not results:
        return
    ok, bad = results
    for msg in ok:
        st.success(msg)
    for msg in bad:
        st.error(msg)


def _one_file(
    actor: Actor, f, choices: Sequence[Choice], foreign: Sequence[Choice]
) -> Ready | None:
    data = f.getvalue()
    key = file_key(data)
    labels = {c.id: c.label for c in choices}
    with st.container(border=True):
        st.markdown(f"**{md_escape(f.name)}** · {size(len(data))}")
        if key in st.session_state.get(DONE, set()):
            st.caption("✅ 已提交")
            return None
        password = st.session_state.get(f"upload_pw_{key}") or None
        try:
            preview = preview_upload(actor, data, f.name, password=password)
        except InvalidInput as exc:
            st.error(md_escape(str(exc)))
            if needs_password(str(exc)) or password:
                st.text_input("打开密码", type="password", key=f"upload_pw_{key}")
            return None
        insp = preview.inspection
        info = f"{insp.pages} 页" if insp.pages else ""
        if insp.needs_ocr:
            info += "；扫描件，提交后在后台识别文字"
        if info:
            st.caption(info)
        if preview.suggestions:
            st.markdown("系统建议的要求：\n" + suggestion_text(preview, labels))
        else:
            st.caption("未能从文件文字中识别出对应要求，请手动选择。")
        reqs = zh.multiselect(
            "该材料证明的要求",
            [c.id for c in choices],
            default=preselect(preview, labels),
            format_func=lambda r: labels.get(r, r),
            key=f"upload_reqs_{key}",
            placeholder="请选择本单位承担的要求",
        )
        passed = _transfer_choice(preview, foreign, key)
        c = st.columns([3, 2, 1])
        title = c[0].text_input("标题", value=default_title(preview, f.name), key=f"upload_t_{key}")
        number = c[1].text_input("文号", value=insp.doc_number or "", key=f"upload_no_{key}")
        date = zh.date_field("成文日期", insp.doc_date, key=f"upload_d_{key}", container=c[2])
        if date is zh.INVALID:
            return None
        return Ready(key, f.name, data, list(reqs), title, number, date, password, passed)


def _transfer_choice(preview: Preview, foreign: Sequence[Choice], key: str) -> str | None:
    """A file that proves another department's requirement can be passed on to it (转交)."""
    if not foreign:
        return None
    suggested = [s.requirement_id for s in preview.suggestions]
    labels = {c.id: c.label for c in foreign}
    order = [r for r in suggested if r in labels] + [c.id for c in foreign if c.id not in suggested]
    return st.selectbox(
        "转交给其他单位（该材料证明的是其他单位承担的要求时）",
        [None, *order],
        format_func=lambda r: "不转交" if r is None else labels[r],
        key=f"upload_tr_{key}",
        help="对方在「我的任务」中接收后，材料归入对方名下并进入审核；本单位保留原件记录。",
    )


def evidence_uploader(
    actor: Actor,
    *,
    unit: str,
    department: str,
    choices: Sequence[Choice],
    foreign: Sequence[Choice] = (),
) -> None:
    """The upload widget: pick files, check each, confirm, submit all with a progress bar."""
    _show_last_results()
    nonce = st.session_state.get(NONCE, 0)
    files = st.file_uploader(
        "选择材料文件（可多选）",
        accept_multiple_files=True,
        key=f"upload_files_{nonce}",
        help="支持 PDF、Word（.docx）、Excel（.xlsx）、JPG/PNG 图片；单个文件不超过 50 MB。"
        "旧版 .doc/.xls 请先另存为 .docx/.xlsx。",
    )
    if not files:
        st.caption("选择文件后，系统会读取文字、推荐对应要求并识别标题、文号和成文日期。")
        return
    ready: list[Ready] = []
    seen: set[str] = set()
    for f in files:
        key = file_key(f.getvalue())
        if key in seen:
            st.warning(f"「{md_escape(f.name)}」与已选择的另一个文件内容相同，已忽略")
            continue
        seen.add(key)
        item = _one_file(actor, f, choices, foreign)
        if item is not None:
            ready.append(item)
    if not ready:
        return
    if not st.button(f"提交 {len(ready)} 个文件", type="primary", key="upload_submit"):
        return
    bar = st.progress(0.0, text="正在提交…")

    def progress(done: int, total: int, name: str) -> None:
        text = f"正在提交「{name}」（{done + 1}/{total}）" if name else "提交完成"
        bar.progress(done / total if total else 1.0, text=text)

    stored, ok, bad = submit_all(actor, ready, department=department, unit=unit, progress=progress)
    st.session_state[RESULTS] = (ok, bad)
    if bad:  # keep the files on screen so the user can fix and submit the rest
        st.session_state.setdefault(DONE, set()).update(stored)
    else:
        st.session_state[NONCE] = nonce + 1
        st.session_state[DONE] = set()
    st.rerun()  # every list on the page shows what was stored, partial failures included
