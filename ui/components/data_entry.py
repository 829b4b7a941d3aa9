"""台账与数据 tabs that take figures in: 填报数据 (numerator, denominator, period, source) and
满意度调查 (survey upload -> 满意率 with its 95% Wilson interval and warnings)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ledgers import ratio
from ledgers.figures import percent
from scoring import fmt
from services.actor import Actor
from services.errors import ServiceError
from services.ledgers.figures import ENTERED
from services.ledgers.indicators import enter_figure, list_entered
from services.ledgers.surveys import import_survey, list_surveys
from services.org import units as org
from ui import state
from ui.components import zh
from ui.components.fmt import day
from ui.components.tables import md_escape

ENTRY_FLASH = "figure_entry_flash"
SURVEY_RESULT = "survey_result"
SURVEY_NONCE = "survey_nonce"


def indicator_label(key: str) -> str:
    name, rule, _ = ENTERED[key]
    return f"{name}（{rule}）"


def formula_preview(indicator: str, numerator, denominator) -> str | None:
    """The formula with the numbers filled in, or None while a number is missing or invalid."""
    if numerator is None or denominator is None:
        return None
    name, rule, label = ENTERED[indicator]
    try:
        return ratio(numerator, denominator, label, name=name, rule=rule).formula
    except ValueError:
        return None


def _department(actor: Actor, key: str) -> str | None:
    if actor.role == "department":
        return actor.department_name
    names = ["", *(d.name for d in org.list_departments(actor, state.selected_unit_id()))]
    picked = st.selectbox("填报单位", names, format_func=lambda n: n or "领导小组办公室", key=key)
    return picked or None


def figure_entry(actor: Actor, unit_id: int) -> None:
    """The 填报数据 tab: a department (or the office) enters a figure's two numbers."""
    flash = st.session_state.pop(ENTRY_FLASH, None)
    if flash:
        st.success(flash)
    indicator = st.selectbox(
        "数据指标", list(ENTERED), format_func=indicator_label, key="entry_indicator"
    )
    name, rule, label = ENTERED[indicator]
    num_label, den_label = (s.strip() for s in label.split("÷"))
    c = st.columns(2)
    numerator = c[0].number_input(
        f"分子：{num_label}", min_value=0, value=None, step=1, key="entry_num"
    )
    denominator = c[1].number_input(
        f"分母：{den_label}", min_value=0, value=None, step=1, key="entry_den"
    )
    year = dt.date.today().year - 1
    c = st.columns(3)
    start = zh.date_field("统计期开始", dt.date(year, 1, 1), key="entry_start", container=c[0])
    end = zh.date_field("统计期结束", dt.date(year, 12, 31), key="entry_end", container=c[1])
    period = c[2].text_input("统计期名称（选填）", key="entry_period", placeholder=f"如 {year}年")
    source = st.text_input(
        "数据来源", key="entry_source", placeholder="如 区统计局2020年城镇劳动力调查、部门报表名称"
    )
    department = _department(actor, "entry_dept")
    with st.container(border=True):
        shown = formula_preview(indicator, numerator, denominator)
        if shown:
            st.markdown(f"**公式预览**：{md_escape(shown)}")
        else:
            st.caption(f"公式：{name} = {label}（填写分子和分母后显示计算结果）")
    if st.button("提交填报", type="primary", key="entry_submit"):
        if numerator is None or denominator is None:
            st.error("请填写分子和分母")
        elif zh.INVALID in (start, end):
            st.error("请按 年-月-日 填写统计期，例如 2026-11-30")
        else:
            try:
                done = enter_figure(
                    actor,
                    unit_id,
                    indicator,
                    numerator,
                    denominator,
                    period_start=start,
                    period_end=end,
                    period_label=period,
                    source=source,
                    department=department,
                )
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                st.session_state[ENTRY_FLASH] = (
                    f"{name}已填报：{done['formula']}。考核组可在「数据指标确认」中重新计算并确认。"
                )
                st.rerun()
    _entered_list(actor, unit_id)


def _entered_list(actor: Actor, unit_id: int) -> None:
    rows = list_entered(actor, unit_id)
    st.markdown("##### 已填报的数据")
    if not rows:
        st.caption("还没有填报数据。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "指标": r["name"],
                    "分子": fmt(r["numerator"]),
                    "分母": fmt(r["denominator"]),
                    "比例": percent(r["numerator"] / r["denominator"]) if r["denominator"] else "—",
                    "统计期": r["period"],
                    "来源": r["source"],
                    "填报单位": r["department"] or "领导小组办公室",
                    "填报人": r["entered_by"],
                    "填报时间": day(r["entered_at"]),
                }
                for r in reversed(rows)
            ]
        ),
        hide_index=True,
        width="stretch",
        key="entered_figures",
    )
    st.caption("同一统计期多次填报时，以最后一次为准。")


def show_survey(result: dict) -> None:
    c = st.columns(3)
    c[0].metric("受访人数", result["respondents"])
    c[1].metric("满意率", result["rate_text"])
    c[2].metric("95%置信区间（Wilson）", result["interval_text"])
    st.markdown(f"**公式**：{md_escape(result['formula'])}")
    for w in result["warnings"]:
        st.warning(w)
    if result["invalid_answers"]:
        st.caption(f"无效答案 {result['invalid_answers']} 个（空白或无法识别），不计入有效答案。")
    if result["ignored_columns"]:
        st.caption("未作为问题统计的列：" + "、".join(result["ignored_columns"]))


def survey(actor: Actor, unit_id: int) -> None:
    """The 满意度调查 tab: import the answers; the latest import gives 创业环境满意率."""
    last = st.session_state.pop(SURVEY_RESULT, None)
    if last:
        st.success(f"调查已导入（第{last['survey_id']}批）")
        show_survey(last)
        st.divider()
    st.caption(
        "每行一名受访者，每个问题一列；答案为 满意 / 基本满意 / 一般 / 不太满意 / 不满意。"
        "满意率 =（满意 + 基本满意）÷ 有效答案数。"
    )
    nonce = st.session_state.get(SURVEY_NONCE, 0)
    f = st.file_uploader(
        "选择调查结果文件（.xlsx 或 .csv）", type=["xlsx", "xls", "csv"], key=f"survey_{nonce}"
    )
    c = st.columns(2)
    with c[0]:
        department = _department(actor, "survey_dept")
    period = c[1].text_input("调查期（选填）", key="survey_period", placeholder="如 2020年")
    if f is not None and st.button("导入调查结果", type="primary", key="survey_import"):
        try:
            result = import_survey(
                actor,
                f.getvalue(),
                f.name,
                unit_id=unit_id,
                department=department,
                period_label=period,
            )
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            st.session_state[SURVEY_RESULT] = result
            st.session_state[SURVEY_NONCE] = nonce + 1
            st.rerun()
    _survey_list(unit_id)


def _survey_list(unit_id: int) -> None:
    found = list_surveys(state.current_actor(), unit_id)
    st.markdown("##### 已导入的调查")
    if not found:
        st.info("还没有导入满意度调查。请上传调查结果文件后点「导入调查结果」。")
        return
    rows = []
    for s in reversed(found):
        overall = next((r for r in s["results"] if r["overall"]), None)
        interval = "—"
        if overall and overall["low"] is not None:
            interval = f"{percent(overall['low'])}～{percent(overall['high'])}"
        rows.append(
            {
                "批次": s["id"],
                "文件": s["file"],
                "调查期": s["period"] or "",
                "受访人数": s["respondents"],
                "满意率": percent(overall["rate"]) if overall else "—",
                "95%置信区间": interval,
                "提示": "；".join(s["warnings"]),
                "导入人": s["imported_by"],
                "导入时间": day(s["imported_at"]),
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="surveys")
    st.caption("创业环境满意率取最近一次导入的调查。")
