"""模拟考评：逐条要求查看佐证材料、录入评分，实时显示得分和依据，保存后更新本轮总分。"""

from __future__ import annotations

import streamlit as st

from services.errors import InvalidInput, ServiceError
from services.evidence import query as evidence_query
from services.rounds import core as rounds
from services.rounds import sheets
from services.rounds import views as round_views
from services.rounds.state import load_state
from services.rounds.words import MISSING_WORD, score_words
from services.rubrics import get_rubric
from ui import state
from ui.components import rule_inputs, zh
from ui.components.check_proposals import check_proposals
from ui.components.context import require_round
from ui.components.downloads import report_downloads
from ui.components.evidence_view import evidence_card, label
from ui.components.fmt import pts
from ui.components.tables import md_escape

# Material icons (bundled with Streamlit) render everywhere, unlike colour emoji.
STATUS_ICONS = {
    "reviewed": ":green[:material/check_circle:]",
    "recheck": ":orange[:material/replay:]",
    "copied": ":blue[:material/content_copy:]",
    "draft": ":violet[:material/edit_note:]",
    "todo": ":gray[:material/radio_button_unchecked:]",
}
STATUS_TEXT = {
    "reviewed": "已评",
    "recheck": "暂存待复核",
    "copied": "沿用上一轮，待复核",
    "draft": "有未保存的草稿",
    "todo": "未评",
}
FLASH = "assess:flash"


def _keys(round_id: int) -> tuple[str, str]:
    return f"assess:{round_id}:current", f"assess:{round_id}:system"


def _req_key(round_id: int, system_id: str) -> str:
    return f"assess:{round_id}:req:{system_id}"


def _go(round_id: int, req_id: str, system_id: str) -> None:
    """Callback of 上一条/下一条: move the jump list to another requirement."""
    current, system = _keys(round_id)
    st.session_state[current] = req_id
    st.session_state[system] = system_id
    st.session_state[_req_key(round_id, system_id)] = req_id


def _score_text(card, words, req_id: str, split: set[str]) -> str:
    if req_id in split:
        return ":red[分歧]"
    rs = card.requirement(req_id)
    return words.score(req_id, pts(rs.score) if rs.status == "assessed" else "待评")


def _status(sheet, drafts, rid: str) -> str:
    if rid in drafts:
        return "draft"
    return sheet[rid].status if rid in sheet else "todo"


def _navigate(round_id, rubric, sheet, drafts, card, words, split) -> str:
    """System picker + requirement list (with status and score); returns the chosen id."""
    system_of = {r.id: s.id for s in rubric.systems for i in s.indicators for r in i.requirements}
    order = list(system_of)
    current, system = _keys(round_id)
    if st.session_state.get(current) not in system_of:
        todo = [r for r in order if r not in sheet or sheet[r].status != "reviewed"]
        st.session_state[current] = (todo or order)[0]
    cur = st.session_state[current]
    if system not in st.session_state:
        st.session_state[system] = system_of[cur]
    names = {s.id: f"{words.system(s.id, s.name)}（{s.no or s.id}）" for s in rubric.systems}
    sid = st.selectbox("体系", list(names), format_func=names.get, key=system)
    reqs = [r for r in rubric.requirements() if system_of[r.id] == sid]
    rkey = _req_key(round_id, sid)
    if st.session_state.get(rkey) not in {r.id for r in reqs}:
        st.session_state[rkey] = cur if system_of[cur] == sid else reqs[0].id

    def fmt_req(rid: str) -> str:
        return f"{STATUS_ICONS[_status(sheet, drafts, rid)]} {rid}　{_score_text(card, words, rid, split)}"

    cur = st.radio(
        "要求",
        [r.id for r in reqs],
        format_func=fmt_req,
        captions=[r.requirement[:20] + ("…" if len(r.requirement) > 20 else "") for r in reqs],
        key=rkey,
    )
    st.session_state[current] = cur
    st.caption("　".join(f"{STATUS_ICONS[k]} {v}" for k, v in STATUS_TEXT.items()))
    return cur


def _prev_next(round_id, rubric, cur: str) -> None:
    system_of = {r.id: s.id for s in rubric.systems for i in s.indicators for r in i.requirements}
    order = list(system_of)
    n = order.index(cur)
    row = st.container(horizontal=True, vertical_alignment="center")
    if n > 0:
        prev = order[n - 1]
        row.button(
            f"上一条 {prev}",
            key=f"assess:{round_id}:prev",
            icon=":material/arrow_back:",
            on_click=_go,
            args=(round_id, prev, system_of[prev]),
        )
    if n < len(order) - 1:
        nxt = order[n + 1]
        row.button(
            f"下一条 {nxt}",
            key=f"assess:{round_id}:next",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=_go,
            args=(round_id, nxt, system_of[nxt]),
        )
    row.caption(f"第 {n + 1} / {len(order)} 条")


def owners_text(item) -> str:
    """The requirement's responsible departments in this round: 牵头 first, 配合 after."""
    lead = [o.department for o in item.owners if o.role == "lead"]
    support = [o.department for o in item.owners if o.role == "support"]
    text = "、".join(lead) or "未分配"
    if support:
        text += (
            f"（牵头）；{'、'.join(support)}（配合）"
            if len(support) <= 3
            else (f"（牵头）；另有{len(support)}个成员单位配合")
        )
    return text


def _describe(req, indicator_name: str, item, words) -> None:
    weight = pts(req.weight) + ("\\*" if req.inferred.weight else "")
    st.subheader(md_escape(f"{indicator_name}　{req.label}"))
    st.markdown(f"**创建要求**　{md_escape(req.requirement)}")
    if req.id in words.missing:
        st.info(
            f"本项评分办法{MISSING_WORD}：原表尚未给出，分值计入待评分值；细则补充并发布新版本后再评分。"
        )
    else:
        st.markdown(f"**评分办法**　{md_escape(req.scoring)}")
    if req.id in words.requirement_caps:
        st.caption(md_escape(f"上限：{words.requirement_caps[req.id]}"))
    meta = [f"**分值** {weight}"]
    if req.base is not None and req.base != req.weight:
        meta.append(f"**起评** {pts(req.base)}" + ("\\*" if req.inferred.base else ""))
    meta.append(f"**责任单位** {md_escape(owners_text(item))}")
    if req.evidence:
        meta.append(f"**查阅材料** {md_escape('、'.join(req.evidence))}")
    st.markdown("　·　".join(meta))
    if req.inferred.any():
        st.caption("带 * 的分值为本系统的推定（附件只给出了指标总分），可在评分细则中调整。")


def _save(actor, round_id, req, values, comment, cited, reviewed, agreed, box) -> None:
    missing = rule_inputs.missing_inputs(req, values)
    if reviewed and missing:
        box.error(
            f"{'、'.join(missing)} 尚未填写，不能标记为已评。请先填写，或点「暂存（待复核）」。"
        )
        return
    try:
        card = sheets.save_requirement(
            actor,
            round_id,
            req.id,
            values,
            reviewed=reviewed,
            comment=comment,
            cited=cited,
            agreed=agreed,
        )
    except InvalidInput as exc:
        box.error(md_escape(str(exc)))
        return
    rs = card.requirement(req.id)
    score = pts(rs.score) if rs.status == "assessed" else "待评（考核员意见不一致或待复核）"
    what = "一致意见已录入" if agreed else ("已保存并标记为已评" if reviewed else "已暂存，待复核")
    st.session_state[FLASH] = (
        f"{req.id} {what}。本项已保存计分 {score}；本轮总分（已保存）{pts(card.total)}。"
    )
    st.rerun()


def _keep_draft(actor, round_id, req, start, values, comment, cited, drafts) -> bool:
    """Save the inputs as a draft whenever they differ from what was saved; True if a draft."""
    typed = (values, (comment or "").strip() or None, tuple(cited))
    saved = (start.values, start.comment, tuple(start.cited)) if start else ({}, None, ())
    if typed == saved:
        if req.id in drafts:
            sheets.discard_draft(actor, round_id, req.id)
        return False
    d = drafts.get(req.id)
    if d is None or (d.values, d.comment, tuple(d.cited)) != typed:
        try:
            sheets.save_draft(actor, round_id, req.id, values, comment=comment, cited=list(cited))
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
    return True


def render() -> None:
    actor = state.current_actor()
    round_id = require_round()
    st.title("模拟考评")
    if round_id is None:
        return
    rnd = rounds.get_round(actor, round_id)
    rubric = get_rubric(rnd.rubric_id)
    sheet = round_views.inspector_sheet(actor, round_id)
    drafts = sheets.drafts(actor, round_id)
    card = rounds.round_scorecard(actor, round_id)
    words = score_words(rubric, card)
    split = {d.requirement for d in round_views.disagreements(actor, round_id)}
    is_lead = rnd.lead_inspector_id == actor.id
    archived = rnd.status == "archived"
    reqs = rubric.requirement_index()
    counts = {k: sum(1 for r in reqs if _status(sheet, drafts, r) == k) for k in STATUS_TEXT}
    role = "组长" if is_lead else "考核员"
    st.caption(
        f"{rnd.name}（{rnd.kind}）· {rubric.title} · 我是本轮{role}："
        + "，".join(f"{STATUS_TEXT[k]} {n} 条" for k, n in counts.items() if n)
    )
    if archived:
        st.info("本轮次已归档，只能查看，不能修改评分。")
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)

    nav, main = st.columns([1, 3], gap="large")
    with nav:
        cur = _navigate(round_id, rubric, sheet, drafts, card, words, split)
    req = reqs[cur]
    indicator = next(i for i in rubric.indicators() if any(r.id == cur for r in i.requirements))
    entry = sheet.get(cur)
    draft = drafts.get(cur)
    with main:
        m = st.columns(3)
        m[0].metric(
            "本轮总分（已保存）", pts(card.total), help="已评定要求的得分合计；待评要求计 0 分"
        )
        m[1].metric("待评分值（已保存）", pts(card.pending))
        m[2].metric(
            "本项计分（已保存）",
            _score_text(card, words, cur, split),
            help=f"满分 {pts(req.weight)}；按考核组已保存的意见计，草稿不计入",
        )
        _prev_next(round_id, rubric, cur)
        if cur in split:
            st.warning("考核员对本项意见不一致，本项暂按待评计，需组长在「分歧」页面确定一致意见。")
        if entry and entry.status == "copied":
            st.info("本项评分沿用上一轮，待复核：请核对材料后保存，保存后以本轮评定为准。")
        item = load_state(actor, round_id).item(cur)
        _describe(req, indicator.name, item, words)

        items = evidence_query.list_evidence(actor, rnd.unit_id, requirement=cur, withdrawn=False)
        st.markdown(f"#### 佐证材料（{len(items)} 份）")
        if not items:
            st.info(
                f"本项还没有佐证材料。可请责任单位（{owners_text(item)}）上传，"
                "或在「材料检索」中按关键词查找相关文件。"
            )
        for item in items:
            evidence_card(actor, item, key=f"{round_id}:{cur}:ev{item.id}")

        check_proposals(actor, round_id, req, disabled=archived)
        st.markdown("#### 评分")
        start = draft or entry
        values = rule_inputs.rule_inputs(
            req, start.values if start else {}, f"{round_id}", disabled=archived
        )
        comment = st.text_area(
            "考评意见",
            value=(start.comment or "") if start else "",
            key=f"{round_id}:{cur}:comment",
            placeholder="记录查阅了哪些材料、发现的问题和整改建议",
            disabled=archived,
        )
        ids = [i.id for i in items]
        titles = {i.id: label(i) for i in items}
        cited = zh.multiselect(
            "引用的佐证材料",
            ids,
            default=[c for c in (start.cited if start else ()) if c in titles],
            format_func=titles.get,
            key=f"{round_id}:{cur}:cited",
            placeholder="选择作为评分依据的材料" if ids else "本项没有可引用的材料",
            disabled=archived or not ids,  # an empty list would open on an English "No results"
        )
        unsaved = not archived and _keep_draft(
            actor, round_id, req, entry, values, comment, cited, drafts
        )
        with st.container(border=True):
            st.caption(
                "按当前录入（草稿，尚未保存，已自动暂存，切换要求不会丢失）"
                if unsaved
                else "按当前录入（与已保存的一致）"
            )
            rule_inputs.show_preview(rubric, req, values)
        if archived:
            return
        row = st.container(horizontal=True)
        box = st.container()
        save = row.button("保存并标记为已评", key=f"{round_id}:{cur}:save", type="primary")
        hold = row.button("暂存（待复核）", key=f"{round_id}:{cur}:draft")
        agree = is_lead and row.button(
            "录入为一致意见",
            key=f"{round_id}:{cur}:agree",
            help="作为考核组一致意见，直接计入本轮得分",
        )
        if unsaved and row.button("放弃草稿", key=f"{round_id}:{cur}:discard"):
            sheets.discard_draft(actor, round_id, cur)
            for k in [k for k in st.session_state if str(k).startswith(f"{round_id}:")]:
                del st.session_state[k]
            st.rerun()
        if save or hold or agree:
            _save(actor, round_id, req, values, comment, cited, not hold, bool(agree), box)
    st.divider()
    with st.expander("报告与导出：本轮考评报告、Excel 清单"):
        report_downloads(actor, round_id, rnd.name)
