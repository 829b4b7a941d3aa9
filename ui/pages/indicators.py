"""数据指标确认（考核组；办公室只读）：由台账和填报数据计算的建议值，考核组确认或改定。

Each proposal shows its rule, value, formula and source; an inspector confirms it (the value
becomes the inspector's finding) or overrides it with a reason. The requirement's round score
is shown next to it, so the effect of a decision can be seen at once.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from scoring import fmt
from services.errors import ServiceError
from services.ledgers.indicators import STATUS_LABELS, confirm, list_proposals, propose_findings
from services.rounds import core as rounds
from services.rubrics import get_rubric
from ui import state
from ui.components.context import require_round
from ui.components.fmt import day, pts
from ui.components.rule_inputs import percent_to_ratio, ratio_to_percent
from ui.components.tables import md_escape, shorten

FLASH = "indicators:flash"
BADGE = {"proposed": "orange", "confirmed": "green", "overridden": "blue"}
STATUS = {k: STATUS_LABELS[k] for k in ("proposed", "confirmed", "overridden")}
BOOL_KINDS = ("deduct", "zero", "award")


def value_text(kind: str, value) -> str:
    """A proposal value as the inspector reads it: 86% for a ratio, 扣分 是/否 for a clause."""
    if value is None:
        return "—"
    if kind in BOOL_KINDS or isinstance(value, bool):
        verb = {"deduct": "扣分", "zero": "不得分", "award": "加分"}.get(kind, "适用")
        return f"{verb}：{'是' if value else '否'}"
    return f"{fmt(Decimal(str(value)) * 100)}%"


def score_text(card, req_id: str) -> str:
    rs = card.requirement(req_id)
    return f"{pts(rs.score)}（满分 {pts(rs.max)}）" if rs.status == "assessed" else "待评"


def effect_text(result: dict, card) -> str:
    """What a decision did to the requirement and the round."""
    req = result["requirement"]
    what = "已改定" if result["status"] == "overridden" else "已确认"
    head = f"{result['rule']} {what}"
    if result["requirement_status"] == "assessed":
        return f"{head}。{req} 本项计 {pts(result['score'])}；本轮总分 {pts(card.total)}。"
    if not result["reviewed"]:
        tail = "该要求还有其他评分项，请在「模拟考评」中评定后标记为已评。"
    else:
        tail = "考核员意见不一致，需组长在「分歧」页面确定一致意见。"
    return f"{head}。{req} 暂计待评：{tail}"


def _summary(proposals: list[dict]) -> None:
    c = st.columns(4)
    c[0].metric("建议值", len(proposals))
    for i, key in enumerate(("proposed", "confirmed", "overridden"), start=1):
        c[i].metric(STATUS[key], sum(1 for p in proposals if p["status"] == key))


def _table(proposals: list[dict], kinds: dict[str, str], card, texts: dict[str, str]) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "规则": shorten(texts.get(p["rule"], p["rule"]), 40),
                    "建议值": value_text(kinds.get(p["rule"], "target"), p["value"]),
                    "采用值": value_text(kinds.get(p["rule"], "target"), p["final_value"])
                    if p["status"] != "proposed"
                    else "",
                    "状态": STATUS[p["status"]],
                    "确认人": p["decided_by"] or "",
                    "本项计分": score_text(card, p["requirement"]),
                    "公式": p["formula"],
                    "编号": p["rule"],
                }
                for p in proposals
            ]
        ),
        hide_index=True,
        width="stretch",
        key="proposals",
    )


def _override_input(kind: str, proposed, key: str):
    if kind in BOOL_KINDS:
        verb = {"deduct": "扣分", "zero": "不得分", "award": "加分"}[kind]
        choice = st.radio(
            f"改定为（是否{verb}）",
            ["是", "否"],
            index=0 if proposed else 1,
            horizontal=True,
            key=key,
        )
        return choice == "是"
    x = st.number_input(
        "改定为（百分比）",
        min_value=0.0,
        max_value=100.0,
        value=ratio_to_percent(Decimal(str(proposed))),
        step=0.01,
        format="%.2f",
        key=key,
    )
    return percent_to_ratio(x)


def _decide(actor, round_id: int, p: dict, kind: str) -> None:
    key = f"ind:{round_id}:{p['rule']}"
    if st.button("确认", type="primary", key=f"{key}:confirm", icon=":material/check:"):
        _apply(actor, round_id, p["rule"])
    with st.container(border=True):
        st.markdown("**改定**（与计算值不同时，须说明理由）")
        c = st.columns([1, 2])
        with c[0]:
            value = _override_input(kind, p["value"], f"{key}:value")
        reason = c[1].text_input("改定理由", key=f"{key}:reason", placeholder="如 经核查台账…")
        if st.button("改定", key=f"{key}:override", icon=":material/edit:"):
            _apply(actor, round_id, p["rule"], value=value, reason=reason)


def _apply(actor, round_id: int, rule: str, **kw) -> None:
    try:
        result = confirm(actor, round_id, rule, **kw)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[FLASH] = effect_text(result, rounds.round_scorecard(actor, round_id))
    st.rerun()


def _card(actor, round_id: int, p: dict, kind: str, card, can_decide: bool, text: str) -> None:
    badge = f":{BADGE[p['status']]}-badge[{STATUS[p['status']]}]"
    label = (
        f"{badge} **{md_escape(shorten(text, 36))}** :gray[{p['rule']}] · "
        f"建议值 {value_text(kind, p['value'])} · 本项计分 {score_text(card, p['requirement'])}"
    )
    with st.expander(label, expanded=can_decide and p["status"] == "proposed"):
        st.markdown(f"**公式**：{md_escape(p['formula'])}")
        st.markdown(f"**来源**：{md_escape(p['source'])}")
        note = (p["inputs"] or {}).get("note")
        if note:
            st.caption(note)
        st.caption(f"由 {p['proposed_by']} 于 {day(p['proposed_at'])} 计算")
        if p["status"] != "proposed":
            why = f"，理由：{p['reason']}" if p["reason"] else ""
            st.info(
                f"{STATUS[p['status']]}为 {value_text(kind, p['final_value'])}"
                f"（{p['decided_by']}，{day(p['decided_at'])}{why}）"
            )
        if can_decide:
            _decide(actor, round_id, p, kind)


def _recompute_button(actor, round_id: int) -> None:
    if not st.button("根据台账重新计算", key="ind:recompute", icon=":material/calculate:"):
        return
    try:
        found = propose_findings(actor, round_id)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[FLASH] = f"已根据最新台账和填报数据重新计算，共 {len(found)} 项建议值。"
    st.rerun()


def render() -> None:
    actor = state.current_actor()
    round_id = require_round()
    st.title("数据指标确认")
    if round_id is None:
        return
    rnd = rounds.get_round(actor, round_id)
    rubric = get_rubric(rnd.rubric_id)
    can_decide = actor.role == "inspector"
    st.caption(
        f"{rnd.name}（{rnd.kind}）· 由台账、填报数据和满意度调查计算的建议值（2.2.1、2.2.2、3.5.1 "
        "和体系六的数据指标）"
        + (
            "；考核组确认后计入本轮得分，改定须说明理由。"
            if can_decide
            else "；由考核组确认或改定。"
        )
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    if actor.role in ("inspector", "office"):
        _recompute_button(actor, round_id)
    proposals = list_proposals(actor, round_id)
    if not proposals:
        st.info(
            "本轮还没有数据指标建议值。请点「根据台账重新计算」；如提示缺少数据，"
            "请成员单位在「台账与数据」中导入台账或填报数据。"
        )
        return
    kinds = {r.id: r.kind for r in rubric.rules()}
    texts = {r.id: r.text for r in rubric.rules()}
    card = rounds.round_scorecard(actor, round_id)
    _summary(proposals)
    _table(proposals, kinds, card, texts)
    if not can_decide:
        st.caption("确认和改定由考核组进行；办公室可在此查看每项的公式和来源。")
    for p in proposals:
        rule = p["rule"]
        _card(
            actor, round_id, p, kinds.get(rule, "target"), card, can_decide, texts.get(rule, rule)
        )
