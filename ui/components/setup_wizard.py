"""设置 → 初始化向导: the first setup of a real county, step by step, then confirmed.

The answers are kept in one dict in the session (widgets come and go between steps); every
step saves its widgets when the office moves on. The plan and what it will create come from
``services.setup``, the same as ``pioneer setup --from``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from reports.credentials import sealed_credentials
from services.errors import ServiceError
from services.org import units as org
from services.rubrics import DEFAULT_RUBRIC, get_rubric
from services.rubrics.versions import rubric_choices
from services.setup.apply import apply_setup
from services.setup.plan import NEW, RoundPlan, SetupPlan, draft
from services.setup.roster import Roster, parse_roster_text
from services.setup.roster_file import read_roster_file
from services.setup.summary import draft_lines, result_lines
from store.org import GROUP_ROLES, ROLE_LABELS, UNIT_LEVELS
from store.rounds import ROUND_KINDS, STAGES
from ui import state
from ui.components import zh
from ui.components.tables import md_escape

SW = "setup_wizard"
STEPS = ("单位", "评分细则", "成员名单", "账号", "阶段日期", "确认")
NEW_LABEL = "按细则名称新建"


def _data() -> dict:
    return st.session_state.setdefault(SW, {"step": 0})


def _go(delta: int, save=None) -> None:
    """Button callback: save this step's widgets, then move (stay when the input is wrong)."""
    data = _data()
    data.pop("error", None)
    if save is not None and delta > 0:
        try:
            save(data)
        except ServiceError as exc:
            data["error"] = str(exc)
            return
    data["step"] = max(0, min(len(STEPS) - 1, data["step"] + delta))


def _nav(step: int, save=None, *, can_next: bool = True) -> None:
    c = st.columns([1, 1, 5])
    if step > 0:
        c[0].button("上一步", key=f"sw_back_{step}", on_click=_go, args=(-1,))
    if step < len(STEPS) - 1:
        c[1].button(
            "下一步",
            key=f"sw_next_{step}",
            type="primary",
            disabled=not can_next,
            on_click=_go,
            args=(1, save),
        )


def _roster(data: dict) -> Roster | None:
    return Roster.from_json(data["roster"]) if data.get("roster") else None


def plan_of(data: dict) -> SetupPlan:
    """The plan the answers so far describe."""
    roster = _roster(data) or Roster([], [])
    ticked = data.get("include", {})
    listed = {d.name: d for d in roster.departments}
    stages = data.get("stages", {})
    return SetupPlan(
        unit=data.get("unit", ""),
        level=data.get("level", "县区"),
        rubric=data.get("rubric", DEFAULT_RUBRIC),
        roster=roster,
        match=dict(data.get("match", {})),
        include=[n for n, on in ticked.items() if on and listed.get(n) and listed[n].secondary],
        exclude=[
            n for n, on in ticked.items() if not on and n in listed and not listed[n].secondary
        ],
        user_prefix=data.get("prefix", "bm"),
        leader_accounts=data.get("leaders", True),
        office_username=data.get("office", "bangongshi"),
        round=RoundPlan(
            name=data.get("round_name", ""),
            kind=data.get("kind", "自评"),
            starts_on=data.get("starts_on"),
            stages={k: stages.get(k) for k, _ in STAGES},
        )
        if data.get("round_name")
        else None,
    )


# -- the steps ----------------------------------------------------------------------------------


def _step_unit(data: dict, unit_id: int) -> None:
    unit = next((u for u in org.list_units(state.current_actor()) if u.id == unit_id), None)
    st.text_input(
        "被考评单位名称", value=data.get("unit", unit.name if unit else ""), key="sw_unit"
    )
    level = data.get("level", unit.level if unit else "县区")
    st.selectbox("层级", UNIT_LEVELS, index=UNIT_LEVELS.index(level), key="sw_level")
    st.caption("向导设置的是侧栏中当前选择的被考评单位；名称可在此修改。")

    def save(d: dict) -> None:
        name = st.session_state["sw_unit"].strip()
        if not name:
            raise ServiceError("请填写被考评单位名称")
        d["unit"], d["level"] = name, st.session_state["sw_level"]

    _nav(0, save)


def _step_rubric(data: dict, actor, unit_id: int) -> None:
    labels = dict(rubric_choices(actor, unit_id))  # built-in, then published in 评分细则
    ids = list(labels)
    chosen = data.get("rubric", DEFAULT_RUBRIC)
    st.selectbox(
        "评分细则",
        ids,
        index=ids.index(chosen) if chosen in ids else 0,
        format_func=labels.get,
        key="sw_rubric",
    )
    st.caption(
        "可选系统内置的评分细则，或在「设置 → 评分细则」中导入并发布的评分细则。"
        "责任分工按所选细则的「责任部门」填写。"
    )

    def save(d: dict) -> None:
        get_rubric(st.session_state["sw_rubric"])
        d["rubric"] = st.session_state["sw_rubric"]

    _nav(1, save)


def _read(data: dict, upload, text: str) -> None:
    try:
        if upload is not None:
            roster = read_roster_file(upload.getvalue(), upload.name)
        else:
            roster = parse_roster_text(text)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    data["roster"] = roster.to_json()
    data["include"] = {d.name: d.include for d in roster.departments}
    data["match"] = {}


def _step_roster(data: dict) -> None:
    st.markdown("上传或粘贴**领导小组成员名单**（工作方案的附件1，.docx 或 .xlsx）。")
    how = st.radio("名单来源", ["上传文件", "粘贴文字"], horizontal=True, key="sw_how")
    upload, text = None, ""
    if how == "上传文件":
        upload = st.file_uploader("名单文件", type=["docx", "xlsx"], key="sw_file")
    else:
        text = st.text_area(
            "名单文字",
            height=200,
            key="sw_text",
            placeholder="组  长：王  骁  （区委副书记、区长）…",
        )
    if st.button("读取名单", key="sw_read", disabled=upload is None and not text.strip()):
        _read(data, upload, text)
    roster = _roster(data)
    if roster is None:
        _nav(2, can_next=False)
        return
    _confirm_roster(data, roster)
    _nav(2)


def _confirm_roster(data: dict, roster: Roster) -> None:
    st.success(
        f"读到 {len(roster.people)} 人、{sum(d.include for d in roster.departments)} 个成员单位。"
        "请核对：不纳入的单位取消勾选；只以兼任职务出现的单位默认不纳入。"
    )
    leaders = "；".join(f"{p.group_role} {p.name}（{p.title}）" for p in roster.leaders)
    if leaders:
        st.caption(f"组长、副组长：{leaders}")
    if roster.office_host:
        st.caption(
            f"领导小组办公室设在：{roster.office_host}；办公室主任：{roster.office_director or '—'}"
        )
    ticked = data.setdefault("include", {})
    table = pd.DataFrame(
        [
            {
                "纳入": ticked.get(d.name, d.include),
                "单位": d.name,
                "联系人": d.contact_name,
                "职务": d.contact_title,
                "来源": "兼任" if d.secondary else "名单",
            }
            for d in roster.departments
        ]
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=["单位", "联系人", "职务", "来源"],
        key="sw_depts",
    )
    data["include"] = dict(zip(edited["单位"], edited["纳入"], strict=True))
    _confirm_matches(data)


def _confirm_matches(data: dict) -> None:
    st.markdown("**细则的责任部门 → 名单中的单位**")
    plan = plan_of(data)
    d = draft(plan)
    names = [x.name for x in d.departments if x.source.startswith("名单")]
    rows = [
        {
            "细则中的责任部门": m.rubric_name,
            "名单中的单位": m.department or "（未找到）",
            "对应": m.label,
        }
        for m in d.matches
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="sw_matches")
    doubtful = [m for m in d.matches if m.how in ("", "近似") or m.rubric_name in plan.match]
    if not doubtful:
        return
    st.caption("下列名称没有找到或只是近似对应：请指定名单中的单位，或按细则名称新建。")
    options = [NEW, *names]
    for m in doubtful:
        current = plan.match.get(m.rubric_name) or (m.department if m.department else NEW)
        picked = st.selectbox(
            m.rubric_name,
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda o: NEW_LABEL if o == NEW else o,
            key=f"sw_match_{m.rubric_name}",
        )
        data.setdefault("match", {})[m.rubric_name] = picked


def _step_accounts(data: dict) -> None:
    c = st.columns(3)
    c[0].text_input("成员单位账号前缀", value=data.get("prefix", "bm"), key="sw_prefix")
    c[1].text_input(
        "办公室账号（留空则不新建）", value=data.get("office", "bangongshi"), key="sw_office"
    )
    c[2].checkbox("为组长、副组长建立领导账号", value=data.get("leaders", True), key="sw_leaders")
    st.caption("每个账号一个一次性密码，完成后导出为加密的 Excel；首次登录时必须修改密码。")

    def save(d: dict) -> None:
        d["prefix"] = st.session_state["sw_prefix"].strip()
        d["office"] = st.session_state["sw_office"].strip()
        d["leaders"] = st.session_state["sw_leaders"]
        draft(plan_of(d))  # checks the usernames

    _nav(3, save)


def _typed_date(label: str, key: str) -> dt.date | None:
    """A date field's text as a date (None when empty); a Chinese refusal when it is not one."""
    text = (st.session_state.get(key) or "").strip()
    day = zh.parse_date(text)
    if text and day is None:
        raise ServiceError(f"{label}「{text}」不是有效日期，请按 年-月-日 填写，例如 2026-11-30")
    return day


def _step_stages(data: dict) -> None:
    c = st.columns([3, 1])
    c[0].text_input(
        "第一轮名称",
        value=data.get("round_name", f"{dt.date.today().year}年创建自评"),
        key="sw_round",
    )
    kind = data.get("kind", "自评")
    c[1].selectbox("类型", ROUND_KINDS, index=ROUND_KINDS.index(kind), key="sw_kind")
    d = st.columns(5)
    zh.date_field("开始日期", data.get("starts_on"), key="sw_start", container=d[0])
    stages = data.get("stages", {})
    for n, (key, label) in enumerate(STAGES):
        zh.date_field(f"{label}截止", stages.get(key), key=f"sw_{key}", container=d[n + 1])
    st.caption(
        "四个阶段：准备发动、全面创建、自查整改、考核评估；整改期限默认为自查整改阶段截止日。"
    )

    def save(x: dict) -> None:
        x["round_name"] = st.session_state["sw_round"].strip()
        x["kind"] = st.session_state["sw_kind"]
        x["starts_on"] = _typed_date("开始日期", "sw_start")
        x["stages"] = {k: _typed_date(f"{lb}截止", f"sw_{k}") for k, lb in STAGES}
        given = [v for v in x["stages"].values() if v]
        if given != sorted(given):
            raise ServiceError("四个阶段的截止日期应按时间先后排列")

    _nav(4, save)


def _step_confirm(data: dict, actor, unit_id: int) -> None:
    plan = plan_of(data)
    d = draft(plan)
    st.markdown("\n".join(f"- {md_escape(line)}" for line in draft_lines(plan, d)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "单位": x.name,
                    "类别": "领导小组办公室" if x.role == "office" else GROUP_ROLES.get(x.role, ""),
                    "联系人": x.contact_name,
                    "细则中的名称": "、".join(x.aliases),
                    "来源": x.source,
                }
                for x in d.departments
            ]
        ),
        hide_index=True,
        width="stretch",
        key="sw_confirm_depts",
    )
    with st.expander(f"将建立的账号（{len(d.accounts)} 个）"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "用户名": a.username,
                        "单位": a.department or "",
                        "姓名": a.display_name,
                        "角色": ROLE_LABELS[a.role],
                    }
                    for a in d.accounts
                ]
            ),
            hide_index=True,
            width="stretch",
            key="sw_confirm_accounts",
        )
    _nav(5)
    if st.button("开始初始化", type="primary", key="sw_apply"):
        with st.spinner("正在建立成员单位、责任分工和账号……"):
            result = apply_setup(actor, plan, unit_id)
            sealed = sealed_credentials(result.accounts, result.unit) if result.accounts else None
        data["result"] = {"lines": result_lines(result), "sealed": sealed}
        st.rerun()


def _done(data: dict) -> None:
    res = data["result"]
    st.success("初始化完成。")
    st.markdown("\n".join(f"- {md_escape(line)}" for line in res["lines"]))
    if res["sealed"]:
        blob, seal = res["sealed"]
        st.download_button(
            "下载初始账号与一次性密码（加密 Excel）",
            blob,
            file_name="初始账号.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            type="primary",
            key="sw_download",
        )
        st.markdown("Excel 的打开密码（只显示这一次，请与文件分开交付）：")
        st.code(seal, language=None)
    if st.button("完成，关闭向导", key="sw_finish"):
        st.session_state.pop(SW, None)
        st.rerun()


def wizard(actor, unit_id: int) -> None:
    actor.require("office", action="初始化被考评单位")
    data = _data()
    if data.get("result"):
        _done(data)
        return
    step = data["step"]
    st.progress(
        (step + 1) / len(STEPS), text=f"第 {step + 1} 步，共 {len(STEPS)} 步：{STEPS[step]}"
    )
    if data.get("error"):
        st.error(data["error"])
    if step == 0:
        _step_unit(data, unit_id)
    elif step == 1:
        _step_rubric(data, actor, unit_id)
    elif step == 2:
        _step_roster(data)
    elif step == 3:
        _step_accounts(data)
    elif step == 4:
        _step_stages(data)
    else:
        _step_confirm(data, actor, unit_id)
