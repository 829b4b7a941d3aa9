"""模拟考评: the checks' proposals for the requirement on screen, beside its rule controls.

An inspector adopts a proposal (确认) or sets another value with a reason (改定), exactly as
for the ledger proposals on 数据指标确认; either way it becomes the inspector's finding.
"""

from __future__ import annotations

import streamlit as st

from services import precheck
from services.errors import ServiceError
from services.ledgers import indicators
from ui.components.rule_inputs import value_text
from ui.components.tables import mark_snippet, md_escape

DECIDED = {"confirmed": "已确认", "overridden": "已改定", "proposed": "待确认"}


def _clear(round_id: int, req_id: str) -> None:
    for k in [k for k in st.session_state if str(k).startswith(f"{round_id}:{req_id}:")]:
        del st.session_state[k]


def check_proposals(actor, round_id: int, req, *, disabled: bool = False) -> None:
    rules = {r.id: r for r in req.rules}
    rows = [p for p in precheck.proposals(actor, round_id) if p["rule"] in rules]
    if not rows:
        return
    st.markdown(f"#### 自查预评建议（{len(rows)} 条）")
    for p in rows:
        rule = rules[p["rule"]]
        key = f"{round_id}:{req.id}:pre:{p['rule']}"
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(p['reads'])}** :gray[{p['rule']}]  \n"
                f"建议：**{value_text(rule, p['value'])}** · {DECIDED[p['status']]} —— "
                f"{md_escape(p['reason'])}"
            )
            if p["title"]:
                st.caption(md_escape(p["source"]))
            if p["excerpt"]:
                st.caption(mark_snippet(p["excerpt"]))
            if p["status"] == "overridden" and p["reason_override"]:
                st.caption(f"改定理由：{md_escape(p['reason_override'])}")
            if disabled or p["status"] != "proposed":
                continue
            row = st.container(horizontal=True)
            adopt = row.button("采纳建议", key=f"{key}:ok", type="primary")
            reason = row.text_input(
                "改定理由",
                key=f"{key}:why",
                placeholder="不采纳时填写理由",
                label_visibility="collapsed",
            )
            change = isinstance(p["value"], bool) and row.button("改定为相反结论", key=f"{key}:no")
            if adopt or change:
                value = (not p["value"]) if change else None
                try:
                    indicators.confirm(
                        actor, round_id, p["rule"], value, reason if change else None
                    )
                except ServiceError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    _clear(round_id, req.id)
                    st.rerun()
