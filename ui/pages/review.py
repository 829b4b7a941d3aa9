"""材料审核：成员单位上传的待审材料逐份预览、下载，通过或退回（退回须写明原因）。"""

from __future__ import annotations

import streamlit as st

from services.errors import InvalidInput
from services.evidence import query as evidence_query
from store.evidence_tables import STATUS_LABELS
from ui import state
from ui.components.context import require_unit
from ui.components.evidence_view import evidence_card
from ui.components.tables import md_escape

FLASH = "review:flash"
ALL = "全部"


def _filters(items) -> tuple[str, str]:
    depts = sorted({i.department for i in items})
    reqs = sorted(
        {r for i in items for r in i.requirements},
        key=lambda r: [x.zfill(6) for x in r.split(".")],
    )
    c = st.columns(2)
    dept = c[0].selectbox("报送单位", [ALL, *depts], key="review:dept")
    req = c[1].selectbox("对应要求", [ALL, *reqs], key="review:req")
    return dept, req


def _keep(item, dept: str, req: str) -> bool:
    return (dept == ALL or item.department == dept) and (req == ALL or req in item.requirements)


def _decide(actor, item, decision: str, reason: str | None, box) -> None:
    try:
        evidence_query.review(actor, item.id, decision, reason)
    except InvalidInput as exc:
        box.error(md_escape(str(exc)))
        return
    st.session_state[FLASH] = f"已{evidence_query.DECISIONS[decision]}：{item.title}"
    st.rerun()


def _pending(actor, items) -> None:
    if not items:
        st.success("没有待审核的材料。成员单位上传新材料后会出现在这里。")
        return
    for item in items:
        with evidence_card(actor, item, key=f"review:{item.id}"):  # the actions in the card
            reason = st.text_input(
                "退回原因",
                key=f"review:{item.id}:reason",
                placeholder="退回时必填：说明缺少什么、需要如何补充或修改",
            )
            row = st.container(horizontal=True)
            box = st.container()
            if row.button(
                "通过", key=f"review:{item.id}:approve", type="primary", icon=":material/check:"
            ):
                _decide(actor, item, "approved", None, box)
            if row.button("退回", key=f"review:{item.id}:return", icon=":material/undo:"):
                _decide(actor, item, "returned", reason, box)


def _done(actor, items, empty: str) -> None:
    if not items:
        st.info(empty)
    for item in items:
        evidence_card(actor, item, key=f"review:done:{item.id}")
        with st.expander("撤回审核结论"):
            reason = st.text_input(
                "撤回原因",
                key=f"review:{item.id}:undo_reason",
                placeholder="必填：例如误操作、发现新问题需要重新审核",
            )
            box = st.container()
            if st.button("撤回为待审核", key=f"review:{item.id}:undo", icon=":material/history:"):
                _decide(actor, item, "pending", reason, box)


def render() -> None:
    actor = state.current_actor()
    unit_id = require_unit()
    st.title("材料审核")
    if unit_id is None:
        return
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    every = evidence_query.list_evidence(actor, unit_id, withdrawn=False)
    if not every:
        st.info("本单位还没有上传任何材料。成员单位在「我的任务」中上传佐证材料后，可在这里审核。")
        return
    dept, req = _filters(every)
    shown = [i for i in every if _keep(i, dept, req)]
    by = {s: [i for i in shown if i.status == s] for s in ("pending", "returned", "approved")}
    order = ("pending", "returned", "approved")
    st.caption(
        f"共 {len(shown)} 份：" + "，".join(f"{STATUS_LABELS[s]} {len(by[s])} 份" for s in order)
    )
    tabs = st.tabs([f"{STATUS_LABELS[s]}（{len(by[s])}）" for s in order])
    with tabs[0]:
        _pending(actor, by["pending"])
    with tabs[1]:
        st.caption("退回的材料由成员单位修改后重新上传，重新上传后回到「待审核」。")
        _done(actor, by["returned"], "没有被退回的材料。")
    with tabs[2]:
        _done(actor, by["approved"], "还没有审核通过的材料。")
