"""How the documents word what was found, what to do, and where data came from.

Sentences an office would write: no product words, dates in 2026年11月30日 form, names before
ids. ``FORBIDDEN`` lists what must never reach a page (tests read every document against it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from reports.common import owners_for, percent, pts
from reports.gongwen import cn_date
from reports.inputs import MISSING_WORD, Assignee, CitedEvidence, Owners
from rubric.models import POSITIVE_KINDS, Rubric
from scoring.engine import RequirementScore, Scorecard, rule_most

# phrases a document must not print (product and programmer wording)
FORBIDDEN = (
    "本系统",
    "系统推定",
    "产品",
    "导入批次",
    "批导入",
    "于 ",
    "有效行",
    "requirement",
    "None",
)
ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# raw ids of the rubric: 【1.2.3a】, a rule 1.2.3a, a requirement 1.2.3, and an indicator or
# requirement id set before its name (「1.2 组织领导」); never a score (0.5分, 4.5至16.5分)
RULE_ID = re.compile(
    r"【\d+(\.\d+)+[a-z]?】"
    r"|(?<![\d.])\d+\.\d+\.\d+[a-z]?(?![\d.])"
    r"|(?<![\d.])\d+\.\d+[ 　]+(?=[\u4e00-\u9fff])(?![分份项个人元万亿倍年月日次])"
)


def cn_dates(text: str) -> str:
    """ISO dates inside a sentence written the Chinese way: 2026-11-30 -> 2026年11月30日."""

    def repl(m: re.Match[str]) -> str:
        y, mo, d = (int(x) for x in m.group(0).split("-"))
        try:
            return cn_date(date(y, mo, d))
        except ValueError:
            return m.group(0)

    return ISO_DATE.sub(repl, text)


def brief_source(source: str) -> str:
    """A data source in one short line: who supplied it and what it is.

    Bracketed details (who entered it, when, import batches), file extensions and
    line counts are dropped; a sentence 「数据来源：…」 is preferred when there is one.
    """
    text = cn_dates(source)
    parts = [p.strip() for p in re.split(r"[；;]", text) if p.strip()]
    out = []
    for part in parts:
        sentences = [s for s in part.split("。") if s.strip()]
        named = [s for s in sentences if s.startswith("数据来源：")]
        part = named[0].removeprefix("数据来源：") if named else sentences[0] if sentences else ""
        while True:  # innermost brackets first
            cut = re.sub(r"（[^（）]*）", "", part)
            if cut == part:
                break
            part = cut
        part = re.sub(r"\.(xlsx|xls|csv|docx|pdf)", "", part)
        part = re.sub(r"，?有效(记录)?\d+行.*$", "", part)
        out.append(part.strip("，。 "))
    seen: list[str] = []
    for p in out:
        if p and p not in seen:
            seen.append(p)
    return "；".join(seen)


MANY = 5  # more departments than this are named as 各成员单位


def owners_text(owners: Sequence[Assignee]) -> str:
    """区人社局（牵头）、区财政局（配合）; the one department alone; many as 各成员单位."""
    if len(owners) == 1:
        return owners[0].department
    lead = [a.department for a in owners if a.role == "牵头"]
    if len(owners) > MANY:
        if len(lead) == len(owners) or not lead:
            return f"各成员单位（{len(owners)}个）"
        if len(lead) <= MANY:
            return f"{'、'.join(lead)}（牵头），其他{len(owners) - len(lead)}个成员单位（配合）"
        return f"各成员单位（{len(owners)}个）"
    return "、".join(f"{a.department}（{a.role}）" for a in owners)


def evidence_name(item: CitedEvidence) -> str:
    """《标题》（文号） -- the way a document is cited in prose."""
    title = item.title if item.title.startswith("《") else f"《{item.title}》"
    return f"{title}（{item.doc_number}）" if item.doc_number else title


_EACH = re.compile(r"每(有|缺少?)?[一1]?(个|类|项|处|家|次)")


def clause_text(rule_text: str) -> str:
    """A deduction clause as a finding: the points, 「不得分」 and the closing 「的」 dropped
    (「未能承担领导小组日常事务的扣0.25分」 -> 「未能承担领导小组日常事务」)."""
    text = re.sub(r"[，,。]?扣[\d.]+分.*$", "", rule_text)
    text = re.sub(r"[，,。]每[^，,。]*$", "", text)  # 「，每有一项」: how it is counted
    text = re.sub(r"[，,。]?不得分.*$", "", text).rstrip("，。；")
    if text.endswith("否则"):  # 「符合评估标准得分，否则不得分」
        text = "不" + text.split("，")[0].removesuffix("得分")
    return text.removesuffix("的") or rule_text


def counted(text: str, n: int) -> str:
    """A clause counted ``n`` times: 「每有一个成员单位未能……」 -> 「有2个成员单位未能……」."""
    if _EACH.search(text):
        return _EACH.sub(lambda m: f"{m.group(1) or '有'}{n}{m.group(2)}", text, count=1)
    return f"{text}（{n}项）"


def _found(rubric: Rubric, rs: RequirementScore) -> list[str]:
    """What the inspectors found, one phrase per clause that cost points."""
    index = rubric.rule_index()
    req = rubric.requirement_index()[rs.id]
    found: list[str] = []
    applied = {a.rule for a in rs.applied}
    for a in rs.applied:
        if a.delta >= 0 or a.rule is None:
            continue
        rule = index[a.rule][1]
        text = clause_text(rule.text)
        if isinstance(a.value, tuple) and a.value:
            found.append(f"{'、'.join(a.value)}方面存在不足（{text}）")
        elif isinstance(a.value, Decimal) and a.kind in ("tiers", "target"):
            found.append(f"实际为{percent(a.value)}，未达到满分要求")
        elif isinstance(a.value, int) and not isinstance(a.value, bool) and a.value > 0:
            found.append(counted(text, a.value))
        else:
            found.append(text)
    for rid in rs.short_rules:
        if rid in applied:
            continue
        rule = index[rid][1]
        if rule.kind in POSITIVE_KINDS:
            most = pts(rule_most(rule, req.weight))
            text = re.sub(r"[，,]?[得加][\d.]+分.*$", "", rule.text).rstrip("，。；")
            found.append(f"未能提供“{text}”的佐证（该项{most}未得）")
    return found


def finding_text(rubric: Rubric, rs: RequirementScore, comment: str | None) -> str:
    """The 问题 as found: the inspector's comment, else what the scoring shows."""
    if rs.missing:
        return MISSING_WORD
    if rs.status == "unassessed":
        return "尚未评定"
    if comment:
        return comment.rstrip("。")
    found = _found(rubric, rs)
    return "；".join(found) if found else "未达到评分要求"


def suggestion_text(
    rubric: Rubric,
    card: Scorecard,
    owners: Owners,
    req_id: str,
    comment: str | None,
    due: date | None,
) -> str:
    """整改建议 for one requirement: who, what to supply (the rubric's evidence list), by when."""
    req = rubric.requirement_index()[req_id]
    who = owners_for(owners, card, req_id)
    lead = [a.department for a in who if a.role == "牵头"] or [a.department for a in who[:1]]
    support = [a.department for a in who if a.department not in lead]
    if len(lead) > MANY:
        head = "由各成员单位分别"
    else:
        head = f"由{'、'.join(lead)}牵头" if lead else "由责任单位"
        if len(support) > MANY:
            head += "，其他成员单位配合"
        elif support:
            head += f"，{'、'.join(support)}配合"
    wanted = "、".join(req.evidence) if req.evidence else "能够证明达到创建要求的文件和资料"
    rs = card.requirement(req_id)
    if rs.status == "unassessed":
        act = f"整理{wanted}，提请考核组评定"
    else:
        act = f"对照评分办法查找差距，补充完善{wanted}"
        if comment:
            act = f"针对“{comment.rstrip('。')}”的问题，{act}"
    when = f"，于{cn_date(due)}前完成" if due else ""
    return f"{head}，{act}{when}。"


def forbidden_in(text: str, allow_ids: bool = False) -> list[str]:
    """The forbidden phrases, ISO dates and (unless allowed) raw rule ids found in ``text``."""
    found = [p for p in FORBIDDEN if p in text]
    found += ISO_DATE.findall(text)
    if not allow_ids:
        found += [m.group(0) for m in RULE_ID.finditer(text)]
    return found
