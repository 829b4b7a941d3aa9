"""分歧：考核员对同一要求评定不一致的，逐条对比；由考核组组长录入一致意见。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.errors import InvalidInput
from services.rounds import core as rounds
from services.rounds import sheets
from services.rounds import views as round_views
from services.rubrics import get_rubric
from ui import state
from ui.components import rule_inputs
from ui.components.context import require_round
from ui.components.fmt import pts
from ui.components.tables import md_escape

FLASH = "disagree:flash"


def _table(req, d) -> pd.DataFrame:
    """Rows: the score, then each rule; columns: the inspectors."""
    names = list(d.by_inspector)
    rows = [{"规则": "本项得分", **{n: pts(d.by_inspector[n][0]) for n in names}}]
    for rule in req.rules:
        row = {"规则": f"{rule.text}（{rule.id}）"}
        for n in names:
            row[n] = rule_inputs.value_text(rule, d.by_inspector[n][1].get(rule.id))
        rows.append(row)
    return pd.DataFrame(rows)


def _settle(actor, round_id, rubric, req, d) -> None:
    st.markdown("**录入一致意见**")
    own = d.by_inspector.get(actor.display_name, (None, {}))[1]
    values = rule_inputs.rule_inputs(req, own, f"agree:{round_id}")
    with st.container(border=True):
        rule_inputs.show_preview(rubric, req, values)
    comment = st.text_area(
        "一致意见说明",
        key=f"agree:{round_id}:{req.id}:comment",
        placeholder="说明合议后的结论和依据",
    )
    box = st.container()
    if st.button("确定为一致意见", key=f"agree:{round_id}:{req.id}:save", type="primary"):
        missing = rule_inputs.missing_inputs(req, values)
        if missing:
            box.error(f"{'、'.join(missing)} 尚未填写，请填写后再确定。")
            return
        try:
            card = sheets.save_requirement(
                actor, round_id, req.id, values, comment=comment, agreed=True
            )
        except InvalidInput as exc:
            box.error(md_escape(str(exc)))
            return
        rs = card.requirement(req.id)
        st.session_state[FLASH] = (
            f"{req.id} 已按一致意见计 {pts(rs.score)}；本轮总分 {pts(card.total)}。"
        )
        st.rerun()


def render() -> None:
    actor = state.current_actor()
    round_id = require_round()
    st.title("分歧")
    if round_id is None:
        return
    rnd = rounds.get_round(actor, round_id)
    rubric = get_rubric(rnd.rubric_id)
    is_lead = rnd.lead_inspector_id == actor.id
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    items = round_views.disagreements(actor, round_id)
    st.caption(
        f"{rnd.name}（{rnd.kind}）· 两名及以上考核员均已评、但评定不一致的要求，暂按待评计，"
        "由组长合议后录入一致意见。"
    )
    if not items:
        st.success("本轮没有分歧：各考核员对已评要求的评定一致。")
        st.caption("考核员在「模拟考评」中各自评分；评定不一致的要求会自动列在这里。")
        return
    if not is_lead:
        st.info("只有考核组组长可以确定一致意见；以下为只读对比。")
    reqs = rubric.requirement_index()
    st.markdown(f"共 {len(items)} 条要求有分歧：{'、'.join(d.requirement for d in items)}")
    for d in items:
        req = reqs[d.requirement]
        with st.container(border=True):
            st.subheader(f"{req.id}　分值 {pts(req.weight)}")
            st.markdown(f"**创建要求**　{req.requirement}")
            st.markdown(f"**评分办法**　{req.scoring}")
            st.dataframe(_table(req, d), hide_index=True, width="stretch")
            if is_lead:
                _settle(actor, round_id, rubric, req, d)
