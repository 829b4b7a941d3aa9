"""台账与数据（办公室、成员单位）：导入台账、导入记录、填报数据、满意度调查、抽查、办件统计。"""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.components import data_entry, ledger_views
from ui.components.context import require_unit
from ui.components.ledger_import import ledger_importer

TABS = ("导入台账", "导入记录", "填报数据", "满意度调查", "抽查", "办件统计")


def render() -> None:
    actor = state.current_actor()
    st.title("台账与数据")
    unit_id = require_unit()
    if unit_id is None:
        return
    who = actor.department_name if actor.role == "department" else "各成员单位"
    st.caption(
        f"{who}的名册台账和统计数据：导入后逐行检查（身份证号校验位、日期、必填项、重复），"
        "合格的行入库，不合格的行列明行号和原因退回；身份证号一律脱敏显示。"
    )
    tabs = st.tabs(list(TABS))
    with tabs[0]:
        ledger_importer(actor, unit_id)
    with tabs[1]:
        ledger_views.import_records(actor, unit_id)
    with tabs[2]:
        data_entry.figure_entry(actor, unit_id)
    with tabs[3]:
        data_entry.survey(actor, unit_id)
    with tabs[4]:
        ledger_views.sampling(actor, unit_id)
    with tabs[5]:
        ledger_views.service_stats(unit_id)
