"""设置（办公室）：成员单位、用户、责任分工、评分细则（只读附表）。"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from rubric import Rubric
from scoring import fmt
from services.errors import ServiceError
from services.org import auth
from services.org import units as org
from services.rounds import core as round_service
from services.rubrics import get_rubric
from store.org import ROLE_LABELS, ROLES
from ui import state
from ui.components.context import require_unit
from ui.components.fmt import day
from ui.components.tables import shorten

FLASH = "settings_flash"  # (message, password or None), shown once after the rerun


def _done(message: str, password: str | None = None) -> None:
    st.session_state[FLASH] = (message, password)
    st.rerun()


def _show_flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        message, password = flash
        st.success(message)
        if password:
            st.code(password, language=None)
            st.caption("密码只显示这一次，请立即转告本人，并提醒其登录后妥善保管。")


def _departments(actor) -> None:
    depts = org.list_departments()
    unit_id = state.selected_unit_id()
    rubric = _rubric()
    counts: dict[str, int] = {}
    if unit_id is not None:
        for names in org.assignments(unit_id, rubric.id).values():
            for n in names:
                counts[n] = counts.get(n, 0) + 1
    if depts:
        st.dataframe(
            pd.DataFrame([{"成员单位": d.name, "承担要求": counts.get(d.name, 0)} for d in depts]),
            hide_index=True,
            width="stretch",
            key="dept_table",
        )
    else:
        st.info("还没有成员单位，请在下方添加。")
    with st.form("add_dept", clear_on_submit=True):
        name = st.text_input("新成员单位名称", key="dept_name", placeholder="例如：区市场监管局")
        if st.form_submit_button("添加成员单位"):
            try:
                org.add_department(actor, name)
            except ServiceError as exc:
                st.error(str(exc))
            else:
                _done(f"已添加成员单位「{name.strip()}」。可在「责任分工」中为其分配要求。")


def _users(actor) -> None:
    users = auth.list_users(actor)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "用户名": u["username"],
                    "姓名": u["display_name"],
                    "角色": ROLE_LABELS.get(u["role"], u["role"]),
                    "所属单位": u["department"] or "",
                    "状态": "启用" if u["active"] else "停用",
                    "锁定": "已锁定" if u["locked"] else "",
                    "最近登录": day(u["last_login_at"]) if u["last_login_at"] else "",
                }
                for u in users
            ]
        ),
        hide_index=True,
        width="stretch",
        key="user_table",
    )
    left, right = st.columns(2, gap="large")
    with left, st.form("new_user", clear_on_submit=True):
        st.markdown("**新建用户**")
        username = st.text_input("用户名", key="nu_username")
        name = st.text_input("姓名", key="nu_name")
        role = st.selectbox("角色", ROLES, format_func=ROLE_LABELS.get, key="nu_role")
        dept = st.selectbox(
            "所属单位（成员单位用户必填）",
            [None, *(d.name for d in org.list_departments())],
            format_func=lambda d: "—" if d is None else d,
            key="nu_dept",
        )
        password = st.text_input("初始密码（留空自动生成）", type="password", key="nu_password")
        if st.form_submit_button("创建用户", type="primary"):
            pw = password or auth.new_password()
            try:
                auth.create_user(
                    actor,
                    username=username,
                    display_name=name,
                    role=role,
                    password=pw,
                    department=dept if role == "department" else None,
                )
            except ServiceError as exc:
                st.error(str(exc))
            else:
                _done(f"已创建用户「{username.strip()}」，初始密码：", None if password else pw)
    with right:
        st.markdown("**重置密码 / 停用 / 启用**")
        names = {u["username"]: u for u in users}
        who = st.selectbox(
            "选择用户",
            list(names),
            format_func=lambda u: f"{u}（{names[u]['display_name']}）",
            key="um_user",
        )
        if who is None:
            return
        u = names[who]
        st.caption(
            f"当前：{'启用' if u['active'] else '停用'}{'，已锁定' if u['locked'] else ''}。"
            "重置密码同时解除锁定。"
        )
        c = st.columns(2)
        try:
            if c[0].button("重置密码", key="um_reset"):
                new = auth.reset_password(actor, who)
                _done(f"已重置「{who}」的密码，新密码：", new)
            label = "停用" if u["active"] else "启用"
            if c[1].button(label, key="um_toggle"):
                auth.set_active(actor, who, not u["active"])
                _done(f"已{label}用户「{who}」。")
        except ServiceError as exc:
            st.error(str(exc))


def _rubric() -> Rubric:
    rid = state.selected_round_id()
    return get_rubric(round_service.get_round(rid).rubric_id if rid else None)


def _assignments(actor) -> None:
    unit_id = require_unit()
    if unit_id is None:
        return
    rubric = _rubric()
    current = org.assignments(unit_id, rubric.id)
    dues = org.due_dates(unit_id, rubric.id)
    reqs = rubric.requirements()
    st.caption(f"评分细则：{rubric.title}。整改期限未设置时，按当前轮次「自查整改」截止日期计。")
    rid = st.selectbox(
        "要求",
        [r.id for r in reqs],
        format_func=lambda i: f"{i} {shorten(rubric.requirement_index()[i].requirement, 50)}",
        key="as_req",
    )
    req = rubric.requirement_index()[rid]
    st.caption(f"细则原文责任部门：{'、'.join(req.departments)}")
    with st.form(f"assign_{rid}"):
        depts = st.multiselect(
            "责任单位",
            [d.name for d in org.list_departments()],
            default=current.get(rid, []),
            key=f"as_depts_{rid}",
        )
        due = st.date_input(
            "整改期限", value=dues.get(rid), format="YYYY-MM-DD", key=f"as_due_{rid}"
        )
        if st.form_submit_button("保存分工", type="primary"):
            try:
                org.set_assignment(actor, unit_id, rubric.id, rid, depts, due)
            except ServiceError as exc:
                st.error(str(exc))
            else:
                _done(f"已保存要求 {rid} 的责任分工。")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "要求": r.id,
                    "创建要求": shorten(r.requirement, 40),
                    "责任单位": "、".join(current.get(r.id, [])) or "未分配",
                    "整改期限": day(dues.get(r.id)) if dues.get(r.id) else "",
                }
                for r in reqs
            ]
        ),
        hide_index=True,
        width="stretch",
        key="as_table",
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
        "起始分 = 评分起点（未单列时等于分值）。评分细则只读，如需修改请由管理员更新细则文件。"
    )


def render() -> None:
    actor = state.current_actor()
    actor.require("office", action="管理系统设置")
    st.title("设置")
    _show_flash()
    tabs = st.tabs(["成员单位", "用户", "责任分工", "评分细则"])
    with tabs[0]:
        _departments(actor)
    with tabs[1]:
        _users(actor)
    with tabs[2]:
        _assignments(actor)
    with tabs[3]:
        _rubric_table()
