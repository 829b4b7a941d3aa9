"""设置（办公室）：成员单位、用户、责任分工、整改期限、提醒接收、发文、评分细则（细则库、导入、复核与发布）、
被考评单位。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rubric import Rubric
from scoring import fmt
from services.rounds import core as round_service
from services.rubrics import get_rubric
from ui import state
from ui.components import (
    flash,
    issuing_settings,
    org_settings,
    reminder_settings,
    responsibility_editor,
    rubric_diff_view,
    rubric_library,
    setup_wizard,
    unit_settings,
)
from ui.components.context import require_unit
from ui.components.fmt import day
from ui.components.precheck_settings import precheck_settings


def _rubric() -> Rubric:
    rid = state.selected_round_id()
    return get_rubric(
        round_service.get_round(state.current_actor(), rid).rubric_id if rid else None
    )


def rubric_rows(rubric: Rubric) -> list[dict]:
    """The rubric as its appendix table; values the product inferred are marked with *."""
    rows = []
    for s in rubric.systems:
        for i in s.indicators:
            for q in i.requirements:
                star_rules = any(r.inferred.points for r in q.rules)
                rows.append(
                    {
                        "体系": f"{s.id} {s.name}",
                        "指标": f"{i.id} {i.name}" + ("*" if i.inferred.any() else ""),
                        "要求": f"{q.id} {q.requirement}",
                        "分值": fmt(q.weight) + ("*" if q.inferred.weight else ""),
                        "起始分": fmt(q.start) + ("*" if q.inferred.base else ""),
                        "评分办法": q.scoring + ("（扣分值*）" if star_rules else ""),
                        "责任部门": "、".join(q.departments),
                    }
                )
    return rows


def _rubric_table() -> None:
    rubric = _rubric()
    st.caption(
        f"{rubric.title}（{rubric.issuer}，{day(rubric.date)}）· 满分 {fmt(rubric.total)} 分"
    )
    st.dataframe(
        pd.DataFrame(rubric_rows(rubric)),
        hide_index=True,
        width="stretch",
        height=600,
        key="rubric_table",
        column_config={
            "要求": st.column_config.TextColumn(width="large"),
            "评分办法": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        "图例：带 * 的数值为本系统按原文推定（原文未直接写明），以考核组解释为准；"
        "起始分 = 评分起点（未单列时等于分值）。已发布的细则不再修改；调整时请导入新的草稿，发布为新版本。"
    )


def render() -> None:
    actor = state.current_actor()
    actor.require("office", action="管理系统设置")
    st.title("设置")
    flash.show()
    unit_id = require_unit()
    if unit_id is None:
        return
    rubric = _rubric()
    rid = state.selected_round_id()
    rnd = round_service.get_round(actor, rid) if rid else None
    tabs = st.tabs(
        [
            "成员单位",
            "用户",
            "责任分工",
            "整改期限",
            "提醒接收",
            "发文",
            "评分细则",
            "预评规则",
            "初始化向导",
            "被考评单位",
        ]
    )
    with tabs[0]:
        org_settings.departments(actor, unit_id, rubric.id)
    with tabs[1]:
        org_settings.user_admin(actor, unit_id)
    with tabs[2]:
        responsibility_editor.responsibilities(actor, unit_id, rubric)
    with tabs[3]:
        responsibility_editor.round_deadlines(actor, unit_id, rubric, rnd)
    with tabs[4]:
        reminder_settings.reminder_settings(actor, unit_id)
    with tabs[5]:
        issuing_settings.issuing_settings(actor, unit_id)
    with tabs[6]:
        rubric_library.library(actor, unit_id)
        rubric_diff_view.compare(actor, unit_id)
        st.subheader("当前轮次使用的细则")
        _rubric_table()
    with tabs[7]:
        precheck_settings(actor, unit_id, rubric.id)
    with tabs[8]:
        setup_wizard.wizard(actor, unit_id)
    with tabs[9]:
        unit_settings.units(actor, rid)
