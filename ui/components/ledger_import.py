"""台账导入：选择台账类型和文件 -> 查看列对应（不确定或缺列时逐列选择）-> 导入 -> 导入结果.

``preview_ledger`` reads the file and matches its headers; the user may change the match per
canonical column; ``import_ledger(..., mapping=...)`` stores the good rows and reports each
bad row (行号, 列, 值 masked, 原因). Identity numbers never appear in clear: the service masks
them and anything shaped like one in a header is scrubbed before it is shown.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from ledgers.kinds import KINDS
from services.actor import Actor
from services.errors import ServiceError
from services.jobs.requests import ledger_in_background, start_ledger_import
from services.ledgers.imports import import_ledger, preview_ledger, scrub
from services.ledgers.templates import ledger_template
from services.org import units as org
from ui import state
from ui.components.job_follow import follow
from ui.components.tables import md_escape

SKIP = -1  # the selectbox value for "no column"
RESULT = "ledger_import_result"  # session key: the last import's result, shown after the rerun
JOB = "ledger_import_job"  # session key: the background job of a large import
NONCE = "ledger_import_nonce"  # session key: bumped to clear the file uploader
OFFICE = ""  # department option: the office imports in its own name


def kind_label(code: str) -> str:
    return KINDS[code].title


def column_label(headers: list[str], index: int) -> str:
    if index == SKIP:
        return "（无对应列）"
    return f"第{index + 1}列“{scrub(headers[index])}”"


def conflicts(mapping: dict[str, int]) -> list[str]:
    """Messages for source columns chosen for more than one canonical column."""
    seen: dict[int, list[str]] = {}
    for name, idx in mapping.items():
        if idx != SKIP:
            seen.setdefault(idx, []).append(name)
    return [
        f"第{i + 1}列同时对应了“{'”和“'.join(names)}”"
        for i, names in seen.items()
        if len(names) > 1
    ]


def missing_required(kind: str, mapping: dict[str, int]) -> list[str]:
    return [c.name for c in KINDS[kind].columns if c.required and mapping.get(c.name, SKIP) == SKIP]


def service_mapping(mapping: dict[str, int]) -> dict[str, int | None]:
    """The mapping as ``import_ledger`` takes it: every column named, None for "no column"."""
    return {name: (None if idx == SKIP else idx) for name, idx in mapping.items()}


REJECTION_COLUMNS = ["行号", "姓名/名称", "列", "值", "原因"]


def rejection_frame(rejections: list[dict]) -> pd.DataFrame:
    """Rejected rows: the row, whom it is about (masked: 张*), the column, value and reason."""
    return pd.DataFrame(
        [
            {
                "行号": r["row"],
                "姓名/名称": r.get("name") or "",
                "列": r["column"],
                "值": r["value"],
                "原因": r["reason"],
            }
            for r in rejections
        ],
        columns=REJECTION_COLUMNS,
    )


def _mapping_step(preview: dict, kind: str, key: str) -> dict[str, int]:
    headers = preview["headers"]
    auto = preview["columns"]
    unsure, missing = preview["unsure"], preview["missing_required"]
    if missing:
        st.warning(
            f"未能自动找到必填列：{'、'.join(missing)}。请在下方为每一列选择文件中对应的列。"
        )
    elif unsure:
        st.info(f"以下列按近似名称匹配，请确认：{'、'.join(unsure)}。")
    else:
        st.success("所有列均已自动对应，可直接导入；如有误可展开下方调整。")
    options = [SKIP, *range(len(headers))]
    mapping: dict[str, int] = {}
    with st.expander("列对应关系（台账列 ← 文件中的列）", expanded=bool(missing or unsure)):
        cols = st.columns(2)
        for n, col in enumerate(KINDS[kind].columns):
            need = "必填" if col.required else "选填"
            flag = "（请确认）" if col.name in unsure else ""
            mapping[col.name] = cols[n % 2].selectbox(
                f"{col.name}（{need}）{flag}",
                options,
                index=options.index(auto.get(col.name, SKIP)),
                format_func=lambda i: column_label(headers, i),
                key=f"{key}:map:{col.name}",
            )
        if preview["unknown_columns"]:
            extra = "、".join(scrub(c) for c in preview["unknown_columns"])
            st.caption(f"文件中未对应到台账列、不会导入的列：{md_escape(extra)}")
    return mapping


def _first_rows(preview: dict) -> None:
    if not preview["first_rows"]:
        return
    headers = [scrub(h) or f"第{i + 1}列" for i, h in enumerate(preview["headers"])]
    width = len(headers)
    rows = [(r + [""] * width)[:width] for r in preview["first_rows"]]
    seen: dict[str, int] = {}
    unique = []
    for h in headers:  # dataframe columns must be unique
        seen[h] = seen.get(h, 0) + 1
        unique.append(h if seen[h] == 1 else f"{h}（{seen[h]}）")
    st.caption(f"文件前 {len(rows)} 行（身份证号已脱敏）")
    st.dataframe(pd.DataFrame(rows, columns=unique), hide_index=True, width="stretch")


def show_result(result: dict) -> None:
    """The outcome of one import: counts, notes and the rejected rows with their reasons.

    Green only when nothing was rejected; a warning when some rows were, an error when most
    were (services.ledgers.rows.import_outcome decides)."""
    outcome = result["outcome"]
    if outcome == "ok":
        st.success(result["summary"])
    elif outcome == "warning":
        st.warning(f"{result['summary']}。退回的行未导入，请按下表原因修改后重新导入这些行。")
    else:
        st.error(
            f"{result['summary']}。过半数据行被退回，请先核对台账类型、列对应和文件内容"
            "（可下载模板对照），必要时撤销本批导入后重新导入。"
        )
    period = f" · 统计期 {result['period']}" if result.get("period") else ""
    st.caption(f"第{result['import_id']}批 · 文件《{md_escape(result['file'])}》{period}")
    c = st.columns(3)
    c[0].metric("数据行", result["rows"])
    c[1].metric("已导入", result["imported"])
    c[2].metric("退回", result["rejected"])
    for note in result["notes"]:
        st.info(note)
    if result["rejections"]:
        st.markdown("**退回的行**（请按原因修改后，重新导入这些行）")
        st.dataframe(
            rejection_frame(result["rejections"]),
            hide_index=True,
            width="stretch",
            key="ledger_import_rejections",
        )
    else:
        st.caption("所有数据行均通过检查。")


def _department(actor: Actor, key: str) -> str | None:
    if actor.role == "department":
        st.caption(f"报送单位：{actor.department_name}（只能以本单位名义导入）")
        return actor.department_name
    names = [OFFICE, *(d.name for d in org.list_departments(actor, state.selected_unit_id()))]
    return (
        st.selectbox(
            "报送单位",
            names,
            format_func=lambda n: n or "领导小组办公室",
            key=f"{key}:dept",
        )
        or None
    )


def _background(actor: Actor) -> None:
    """A large import queued earlier: its progress, then its result like an import made at once."""
    job_id = st.session_state.get(JOB)
    if job_id is None:
        return
    job = follow(actor, job_id)
    if job is None:
        st.caption("台账较大，正在后台导入；可离开本页，稍后在此查看导入结果。")
        st.divider()
        return
    del st.session_state[JOB]
    if job["status"] == "succeeded":
        show_result(job["result"])
    else:
        st.error(f"台账导入未完成：{md_escape(job['error'] or '')}")
    st.divider()


def ledger_importer(actor: Actor, unit_id: int) -> None:
    """The 导入台账 tab."""
    last = st.session_state.pop(RESULT, None)
    if last:
        show_result(last)
        st.divider()
    _background(actor)
    c = st.columns([2, 3])
    kind = c[0].selectbox("台账类型", list(KINDS), format_func=kind_label, key="ledger_kind")
    need = "、".join(col.name for col in KINDS[kind].columns)
    c[1].caption(f"{kind_label(kind)}的列：{need}。表头名称可略有不同，系统会自动对应。")
    name, template = ledger_template(actor, kind)
    c[1].download_button(
        f"下载{kind_label(kind)}模板",
        template,
        file_name=name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"ledger_template:{kind}",
        help="含表头、列说明、日期/是否/身份证号的填写校验和示例；填好后在此导入",
    )
    nonce = st.session_state.get(NONCE, 0)
    f = st.file_uploader(
        "选择台账文件（.xlsx 或 .csv）",
        type=["xlsx", "xls", "csv"],
        key=f"ledger_file_{nonce}",
        help="每行一条记录，第一行（或前几行中的一行）为表头。身份证号列请设为文本格式。",
    )
    if f is None:
        st.caption("选择文件后，系统会读取表头并显示列对应关系，确认后再导入。")
        return
    data = f.getvalue()
    key = f"ledger:{kind}:{hashlib.sha256(data).hexdigest()[:12]}"
    try:
        preview = preview_ledger(actor, data, f.name, kind)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.markdown(
        f"**{md_escape(f.name)}** · 工作表“{md_escape(preview['sheet'])}” · "
        f"表头在第{preview['header_row']}行 · 数据 {preview['rows']} 行"
    )
    mapping = _mapping_step(preview, kind, key)
    _first_rows(preview)
    c = st.columns(2)
    with c[0]:
        department = _department(actor, key)
    period = c[1].text_input("统计期（选填）", key=f"{key}:period", placeholder="如 2020年")
    problems = conflicts(mapping) + [
        f"必填列“{name}”尚未选择对应的列" for name in missing_required(kind, mapping)
    ]
    for p in problems:
        st.error(p)
    if not st.button(
        f"导入{kind_label(kind)}", type="primary", key=f"{key}:import", disabled=bool(problems)
    ):
        return
    how = dict(unit_id=unit_id, department=department, mapping=service_mapping(mapping))
    try:
        if ledger_in_background(preview["rows"]):
            st.session_state[JOB] = start_ledger_import(
                actor, data, f.name, kind, **how, period_label=period
            )
        else:
            st.session_state[RESULT] = import_ledger(
                actor, data, f.name, kind, **how, period_label=period
            )
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[NONCE] = nonce + 1
    st.rerun()
