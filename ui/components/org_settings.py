"""设置 → 成员单位、用户 (the office's organisation of one unit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.errors import ServiceError
from services.org import auth
from services.org import units as org
from services.org.responsibility import assigned_counts_of
from store.org import ROLE_LABELS, ROLES
from ui.components.flash import done
from ui.components.fmt import day
from ui.components.layout import responsive_table
from ui.components.tables import md_escape

KIND_LABELS = {"member": "成员单位", "office": "领导小组办公室"}


def departments(actor, unit_id: int, rubric_id: str) -> None:
    depts = org.list_departments(actor, unit_id)
    counts = assigned_counts_of(actor, unit_id, rubric_id)
    if depts:
        responsive_table(
            pd.DataFrame(
                [
                    {
                        "单位": d.name,
                        "类别": KIND_LABELS.get(d.kind, d.kind)
                        + ("（牵头）" if d.group_role == "lead" else ""),
                        "联系人": " ".join(filter(None, (d.contact_name, d.contact_phone))),
                        "细则中的名称": "、".join(d.aliases or ()),
                        "承担要求（项要求）": counts.get(d.id, 0),
                    }
                    for d in depts
                ]
            ),
            "dept_table",
            "单位",
            ["类别", "联系人", "承担要求（项要求）"],
        )
    else:
        st.info("还没有成员单位，请在下方添加。")
    with st.form("add_dept", clear_on_submit=True):
        name = st.text_input("新成员单位名称", key="dept_name", placeholder="例如：区市场监管局")
        if st.form_submit_button("添加成员单位"):
            try:
                org.add_department(actor, unit_id, name)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                done(
                    f"已添加成员单位「{name.strip()}」，并按评分细则分配了「各成员单位」承担的要求。"
                    "可在「责任分工」中调整。"
                )


def user_admin(actor, unit_id: int) -> None:
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
            [None, *(d.name for d in org.list_departments(actor, unit_id) if d.kind == "member")],
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
                    unit_id=unit_id,
                )
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                done(f"已创建用户「{username.strip()}」，初始密码：", None if password else pw)
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
                done(f"已重置「{who}」的密码，新密码：", new)
            label = "停用" if u["active"] else "启用"
            if c[1].button(label, key="um_toggle"):
                auth.set_active(actor, who, not u["active"])
                done(f"已{label}用户「{who}」。")
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
