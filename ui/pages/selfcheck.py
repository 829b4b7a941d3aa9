"""自查预评（办公室、成员单位）：按现有材料由评分细则中的检查条件预评，列出缺材料或材料不足
的条目，以及补什么材料、写什么内容可以补上。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services import precheck
from services.errors import ServiceError
from services.rounds import core as rounds
from ui import state
from ui.components.context import require_round
from ui.components.fmt import pts
from ui.components.tables import mark_snippet, md_escape, shorten


def _run(actor, round_id: int) -> None:
    if actor.role not in ("office", "inspector"):
        return
    if st.button("按现有材料重新预评", key=f"precheck:{round_id}:run"):
        try:
            with st.spinner("正在读取材料并预评……"):
                precheck.run_precheck(actor, round_id)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            st.success("已按现有材料重新预评。")


def _gaps(view) -> None:
    short = [r for r in view.rows if r.gaps]
    st.subheader(f"缺材料或材料不足（{sum(len(r.gaps) for r in short)} 条）")
    if not short:
        st.success("按现有材料，能由材料判断的条款都已满足。")
        return
    for r in short:
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(shorten(r.name, 60))}** :gray[{r.id}] · "
                f"材料{r.evidence_label}（{r.documents} 份）· 责任单位："
                f"{md_escape('、'.join(r.departments) or '未分工')}"
            )
            for g in r.gaps:
                st.markdown(
                    f"- 失 {pts(g.lost)}：{md_escape(g.reason)}  \n"
                    f"  :gray[条款：{md_escape(g.clause)}]  \n"
                    f"  **怎么补**：{md_escape(g.fix)}"
                )


def _table(view) -> None:
    st.subheader("各项要求的材料情况")
    df = pd.DataFrame(
        [
            {
                "创建要求": r.name,
                "编号": r.id,
                "材料": f"{r.evidence_label}（{r.documents} 份）",
                "预评得分": "待考核组评定" if r.score is None else f"{pts(r.score)} / {pts(r.max)}",
                "责任单位": "、".join(r.departments),
            }
            for r in view.rows
        ]
    )
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        key="precheck_table",
        column_config={"创建要求": st.column_config.TextColumn(width="large")},
    )


def _basis(actor, round_id: int) -> None:
    rows = precheck.proposals(actor, round_id)
    with st.expander(f"预评依据（{len(rows)} 条规则的建议值与出处）"):
        for p in rows:
            where = f"{p['source']}" if p["title"] else p["source"]
            st.markdown(
                f"- {md_escape(p['reads'])} :gray[{p['rule']}] —— "
                f"{'满足' if p['met'] else '不满足'}：{md_escape(p['reason'])}；{md_escape(where)}"
            )
            if p["excerpt"]:
                st.caption(mark_snippet(p["excerpt"]))


def render() -> None:
    actor = state.current_actor()
    st.title("自查预评")
    round_id = require_round()
    if round_id is None:
        return
    rnd = rounds.get_round(actor, round_id)
    _run(actor, round_id)
    view = precheck.self_check(actor, round_id)
    st.caption(
        f"{rnd.name} · 预评只读取已上传的材料，建议值须经考核组在「模拟考评」中确认或改定后才计分。"
    )
    c = st.columns(4)
    c[0].metric("预评得分", pts(view.total), help="只按检查条件的建议值计分")
    c[1].metric("待考核组评定", pts(view.pending), help="没有检查条件、须考核组判断的要求")
    c[2].metric("材料不足（项要求）", view.counts.get("short", 0))
    c[3].metric("缺少材料（项要求）", view.counts.get("missing", 0))
    st.info(view.summary + "。")
    _gaps(view)
    _table(view)
    _basis(actor, round_id)
