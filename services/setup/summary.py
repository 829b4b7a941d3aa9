"""What a setup read and did, in sentences: the same lines on screen and on the command line."""

from __future__ import annotations

from collections import Counter

from reports.gwstyles import cn_date
from services.rubrics import get_rubric, rubric_label
from services.setup.matching import NEAR
from services.setup.plan import Draft, SetupPlan
from store.org import ROLE_LABELS
from store.rounds import STAGES


def _rubric_name(ref: str) -> str:
    """The rubric's name before its id: 充分就业社区评估细则（第 1 版）（chongfen@1）."""
    return f"{rubric_label(get_rubric(ref))}（{ref}）"


def draft_lines(plan: SetupPlan, d: Draft) -> list[str]:
    members = [x for x in d.departments if x.role != "office"]
    listed = [x for x in members if x.source.startswith("名单")]
    lines = [
        f"被考评单位：{plan.unit}（{plan.level}）；评分细则：{_rubric_name(plan.rubric)}",
        f"名单中读到 {len(plan.roster.people)} 人；成员单位 {len(listed)} 个"
        + (f"，牵头单位：{d.lead}" if d.lead else "")
        + (f"；办公室主任：{plan.roster.office_director}" if plan.roster.office_director else ""),
    ]
    counts = Counter(m.how for m in d.matches if m.department)
    if counts:
        lines.append(
            "细则的责任部门与名单对应："
            + "，".join(f"{how} {n} 个" for how, n in sorted(counts.items()))
        )
    near = [m for m in d.matches if m.how == NEAR]
    if near:
        lines.append(
            "近似对应，请核对：" + "；".join(f"{m.rubric_name} → {m.department}" for m in near)
        )
    if d.unmatched:
        lines.append(
            "名单中未找到（将按细则名称建立，请核对或在「成员单位」中调整）："
            + "、".join(d.unmatched)
        )
    ambiguous = [m for m in d.matches if m.candidates]
    for m in ambiguous:
        lines.append(f"「{m.rubric_name}」可能是：{'、'.join(m.candidates)}，请指定")
    roles = Counter(a.role for a in d.accounts)
    lines.append(
        f"将建立账号 {len(d.accounts)} 个（"
        + "、".join(f"{ROLE_LABELS[r]} {n}" for r, n in roles.items())
        + "），每个账号一个一次性密码"
    )
    if plan.round is not None:
        lines.append(round_line(plan))
    lines += d.warnings
    return lines


def round_line(plan: SetupPlan) -> str:
    r = plan.round
    parts = [f"{label}至{cn_date(r.stages[key])}" for key, label in STAGES if r.stages.get(key)]
    start = f"，{cn_date(r.starts_on)}开始" if r.starts_on else ""
    return f"第一轮：{r.name}（{r.kind}）{start}；" + "，".join(parts)


def result_lines(result) -> list[str]:
    lines = [
        f"被考评单位：{result.unit}；评分细则：{_rubric_name(result.rubric)}",
        f"成员单位：新建 {result.departments_created} 个，更新 {result.departments_updated} 个；"
        f"新增责任分工 {result.assignments} 条",
        f"账号：新建 {len(result.accounts)} 个"
        + (
            f"，已存在未改动 {len(result.existing_accounts)} 个" if result.existing_accounts else ""
        ),
    ]
    if result.round_created:
        lines.append("已建立第一轮并设为当前轮次")
    if result.unmatched:
        lines.append("名单中未找到、已按细则名称建立的单位：" + "、".join(result.unmatched))
    return lines + result.warnings
