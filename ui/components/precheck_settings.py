"""设置 → 预评规则: each check's agreement with the inspectors' decisions, switching a check off
(with a reason) or on, and the rules the rubric leaves to the inspectors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services import precheck
from services.errors import ServiceError
from ui.components import flash
from ui.components.fmt import pct
from ui.components.tables import md_escape


def precheck_settings(actor, unit_id: int, rubric_id: str) -> None:
    rows = precheck.agreement(actor, unit_id)
    st.caption(
        "预评规则由评分细则中的检查条件读取材料并提出建议值。一致率 = 建议值与考核组最终评定"
        "一致的次数 ÷ 已评定次数；一致率低的规则可以停用，停用后不再提出建议。"
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "条款": r["reads"],
                    "规则": r["rule"],
                    "所需材料": r["needs"],
                    "已评定": r["decided"],
                    "一致": r["agreed"],
                    "一致率": pct(r["rate"]) if r["rate"] is not None else "—",
                    "状态": "启用" if r["enabled"] else f"已停用：{r['reason'] or ''}",
                }
                for r in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key="precheck_rates",
        column_config={"条款": st.column_config.TextColumn(width="large")},
    )
    labels = {r["check"]: f"{r['reads'][:40]}（{r['rule']}）" for r in rows}
    with st.form("precheck_toggle", clear_on_submit=True):
        check = st.selectbox("预评规则", list(labels), format_func=labels.get, key="check_pick")
        enabled = st.radio("设置为", ["启用", "停用"], horizontal=True, key="check_on") == "启用"
        reason = st.text_input(
            "停用原因", placeholder="例如：误判较多，改由考核组人工判断", key="check_reason"
        )
        if st.form_submit_button("保存", key="check_save"):
            try:
                precheck.set_check_enabled(actor, unit_id, check, enabled, reason)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                flash.done(f"已{'启用' if enabled else '停用'}：{labels[check]}")
    manual = precheck.manual_rules(rubric_id)
    with st.expander(f"由考核组人工判断的规则（{len(manual)} 条）及原因"):
        st.dataframe(
            pd.DataFrame([{"规则": m["rule"], "原因": m["why"]} for m in manual]),
            hide_index=True,
            width="stretch",
        )
