"""Table rows -> a draft rubric (the YAML structure) and a report of what a person must check.

Columns are found by their header words. Merged 项目/指标 cells arrive filled in (tables.py),
so consecutive rows with the same 项目 and 指标 text form one indicator. Weights the table does
not give (several requirements under one indicator, no 分值 column) are split and marked
``inferred``. Every clause is typed by rubric.importer.clauses; those it could not type, or
typed with low confidence, carry ``review`` with the reason, and the original text stays in
``text``. Nothing is guessed silently.

Flat tables (项目 | 序号 | 创建标准 | 评分标准 | 分值) keep their own numbers (``no``); 小计/合计/总计
rows and a header repeated inside the table are skipped. A section whose 项目 cell states a
ceiling (「加分考核 累计不得超过10分」) gets that ``cap``, and is a bonus section when named 加分.
When the main sections add up to less than the table's 小计, the rest becomes a part marked
``missing`` (a table received in part), as does the rest of a section short of its points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from rubric.importer.clauses import Clause, parse_scoring

HEADERS = {
    "system": ("项目", "创建标准", "类别", "一级指标", "考核项目"),
    "indicator": ("指标", "二级指标", "考核指标"),
    "requirement": ("创建要求", "考核内容", "评估内容", "内容", "要求"),
    "scoring": ("评分办法", "评分标准", "评分细则", "考核办法", "计分办法"),
    "points": ("分值", "标准分", "分数"),
    "departments": ("责任部门", "责任单位", "牵头单位"),
    "no": ("序号", "编号"),
}
# 「全民创业成效明显\n16分」: a section's points on its last line, without brackets
POINTS_AT_END = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*$")
# 「加分考核 累计不得超过10分」, 「加分项（上限10分）」: what a section can count at most
SECTION_CAP = re.compile(
    r"(?:累计不得超过|累计不超过|不得超过|不超过|上限|最高)\s*(\d+(?:\.\d+)?)\s*分"
)
SUBTOTAL = ("小计", "合计", "总计")
WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*分?")
POINTS_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
LEAD_NUMBER = re.compile(r"^\s*([一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．\s])\s*")


@dataclass
class ImportReport:
    clauses: int = 0
    typed: int = 0
    review: list[dict] = field(default_factory=list)  # {rule, text, reason}
    problems: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return f"共 {self.clauses} 条评分条款：已识别 {self.typed} 条，待人工复核 {len(self.review)} 条"


def find_columns(row: list[str]) -> dict[str, int]:
    """Column index of each role from a header row; a 创建标准 spanning two columns gives both."""
    found: dict[str, int] = {}
    for n, cell in enumerate(row):
        text = cell.replace(" ", "").replace("\n", "")
        for role, words in HEADERS.items():
            if role in found:
                continue
            if any(w == text or (len(w) > 1 and w in text) for w in words):
                if role == "indicator" and "system" not in found:
                    continue
                found[role] = n
                break
        else:
            if text == "创建标准" and "system" in found and "indicator" not in found:
                found["indicator"] = n  # the merged 创建标准 header over 体系 and 指标
    standard = next((n for n, c in enumerate(row) if "".join(c.split()) == "创建标准"), None)
    if "requirement" not in found and standard is not None and found.get("indicator") == standard:
        # no 要求/内容 column: the 创建标准 column holds one requirement a row, under 项目
        found["requirement"] = found.pop("indicator")
    return found


def _is_subheader(row: list[str], cols: dict[str, int]) -> bool:
    """A header row inside the table (「加 分 项 目 | 加分标准和依据」): short label cells only."""
    cells = [
        row[n].replace(" ", "") for n in (cols["requirement"], cols["scoring"]) if n < len(row)
    ]
    return all(
        len(c) <= 10 and not re.search(r"\d", c) and c.endswith(("项目", "标准", "依据", "办法"))
        for c in cells
    )


def _name_points(text: str) -> tuple[str, Decimal | None]:
    m = POINTS_IN_NAME.search(text)
    points = Decimal(m.group(1)) if m else None
    if points is None and not SECTION_CAP.search(_flat(text)):
        m = POINTS_AT_END.search(text) if "\n" in text.strip() else None
        points = Decimal(m.group(1)) if m else None
    name = POINTS_IN_NAME.sub("", text)
    name = LEAD_NUMBER.sub("", name).strip(" ：:")
    return name.splitlines()[0].strip() if name else name, points


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _section_cap(text: str) -> Decimal | None:
    m = SECTION_CAP.search(_flat(text))
    return Decimal(m.group(1)) if m else None


def _split(total: Decimal, n: int) -> list[Decimal]:
    """``total`` over ``n`` requirements in halves, the remainder on the last; sums exactly."""
    share = (total / n / Decimal("0.5")).to_integral_value(rounding=ROUND_DOWN) * Decimal("0.5")
    return [share] * (n - 1) + [total - share * (n - 1)]


def _rule(rule_id: str, c: Clause, weight: Decimal) -> dict:
    out: dict = {"id": rule_id, "kind": c.kind}
    if c.kind in ("deduct", "deduct_each", "award", "award_each"):
        out["points"] = c.points
    if c.cap is not None:
        out["cap"] = c.cap
    if c.items:
        out["items"] = list(c.items)
    if c.kind == "tiers":
        out["tiers"] = [{"at": at, "points": p} for at, p in c.tiers or []]
    if c.kind == "grade":
        levels = [
            {"points": weight if p is None else p} | ({"label": label} if label else {})
            for p, label in c.levels or []
        ]
        seen: set = set()
        out["levels"] = [
            lv for lv in levels if not (lv["points"] in seen or seen.add(lv["points"]))
        ]
    if c.kind == "target":
        out["threshold"] = c.threshold
    if c.kind in ("target_each", "threshold_deduct"):
        out["points"] = c.points
        targets = c.extra.get("targets") or [("（请填写指标）", Decimal(1))]
        out["targets"] = [{"measure": m, "threshold": v} for m, v in targets]
    out["text"] = c.text
    if c.review:
        out["review"] = c.review
        out["confidence"] = c.confidence
    return out


def build_draft(
    rows: list[list[str]], rubric_id: str, title: str = ""
) -> tuple[dict, ImportReport]:
    report = ImportReport()
    header_at = next((n for n, r in enumerate(rows) if len(find_columns(r)) >= 3), None)
    if header_at is None:
        raise ValueError("没有找到表头：需要「项目/指标/创建要求/评分办法」等列名")
    cols = find_columns(rows[header_at])
    report.columns = cols
    if "scoring" not in cols or "requirement" not in cols:
        raise ValueError("表头中没有「评分办法」或「创建要求（内容）」列")
    header = rows[header_at]

    def cell(row: list[str], role: str) -> str:
        n = cols.get(role)
        return row[n].strip() if n is not None and n < len(row) else ""

    groups: list[tuple[str, str, list[list[str]]]] = []
    stated_total: Decimal | None = None
    for row in rows[header_at + 1 :]:
        if row == header or not cell(row, "requirement") and not cell(row, "scoring"):
            continue  # a header repeated on the next page, or an empty row
        if _is_subheader(row, cols):
            continue  # 「加 分 项 目 | 加分标准和依据」 over a section of its own
        if cell(row, "requirement").replace(" ", "") in SUBTOTAL:
            m = WEIGHT.fullmatch(cell(row, "points"))
            if m and stated_total is None and not (groups and "加分" in groups[-1][0]):
                stated_total = Decimal(m.group(1))  # 小计 of the main sections
            continue
        key = (cell(row, "system"), cell(row, "indicator") or cell(row, "system"))
        if groups and groups[-1][:2] == key:
            groups[-1][2].append(row)
        else:
            groups.append((key[0], key[1], [row]))

    systems: list[dict] = []
    for s_text, i_text, reqs in groups:
        s_name, s_points = _name_points(s_text)
        if not systems or systems[-1]["_text"] != s_text:
            systems.append(
                {
                    "_text": s_text,
                    "id": str(len(systems) + 1),
                    "name": s_name or "（未命名）",
                    "points": s_points,
                    "indicators": [],
                }
            )
            if (cap := _section_cap(s_text)) is not None:
                systems[-1]["cap"] = cap
                if "加分" in s_name:  # 加分考核 累计不得超过10分: counted on top, up to its cap
                    systems[-1]["bonus"] = True
        system = systems[-1]
        i_name, i_points = _name_points(i_text)
        ind_id = f"{system['id']}.{len(system['indicators']) + 1}"
        stated = [cell(r, "points") for r in reqs]
        weights = [Decimal(m.group(1)) if (m := WEIGHT.fullmatch(w)) else None for w in stated]
        inferred = any(w is None for w in weights)
        if inferred and system.get("bonus") and system.get("cap") and i_points is None:
            # a capped 加分 item without points of its own can count up to the section's cap
            weights = [system["cap"]] * len(reqs)
        elif inferred:
            base_total = i_points if i_points is not None else Decimal(len(reqs))
            weights = _split(base_total, len(reqs))
            if i_points is None:
                report.problems.append(f"指标「{i_name}」未写分值，按每条要求 1 分暂定")
        if i_points is None:
            i_points = sum(weights, Decimal(0))
        indicator = {"id": ind_id, "name": i_name or s_name, "points": i_points, "requirements": []}
        for n, (row, weight) in enumerate(zip(reqs, weights, strict=True)):
            req_id = f"{ind_id}.{n + 1}"
            scoring = cell(row, "scoring")
            clauses, info = parse_scoring(scoring, cell(row, "requirement"))
            caps = [c.cap for c in clauses if c.cap is not None]
            if inferred and system.get("bonus") and len(clauses) == 1 and caps:
                weight = min(weight, caps[0])  # 有一篇加0.1分,但累计不超过2分: the item's own cap
            rules = [_rule(req_id + chr(ord("a") + k), c, weight) for k, c in enumerate(clauses)]
            if not rules:
                rules = [
                    {
                        "id": req_id + "a",
                        "kind": "review",
                        "text": scoring or "（空）",
                        "review": "评分办法中没有找到评分条款",
                    }
                ]
            positive = any(
                r["kind"] in ("award", "award_each", "tiers", "grade", "target") for r in rules
            )
            negative = any(r["kind"] in ("deduct", "deduct_each") for r in rules)
            req: dict = {
                "id": req_id,
                "requirement": cell(row, "requirement") or "（空）",
                "scoring": scoring or "（空）",
                "weight": weight,
            }
            if no := cell(row, "no"):
                req["no"] = no  # the table's own number (flat tables number 1..40 throughout)
            depts = [d for d in re.split(r"[、，,；;\s]+", cell(row, "departments")) if d]
            if depts:
                req["departments"] = depts
            if info.get("base_text") and (
                m := re.search(r"得(\d+(?:\.\d+)?)分", info["base_text"])
            ):
                req["base"] = Decimal(m.group(1))
            elif positive and not negative:
                req["base"] = Decimal(0)
            if inferred:
                req["inferred"] = {"weight": True}
            req["rules"] = rules
            indicator["requirements"].append(req)
            if inferred and system.get("bonus"):
                indicator["points"] = sum(
                    (q["weight"] for q in indicator["requirements"]), Decimal(0)
                )
            for r in rules:
                report.clauses += 1
                if r["kind"] == "review" or r.get("review"):
                    report.review.append(
                        {"rule": r["id"], "text": r["text"], "reason": r.get("review", "")}
                    )
                else:
                    report.typed += 1
        gap = indicator["points"] - sum(
            (q["weight"] for q in indicator["requirements"]), Decimal(0)
        )
        if gap > 0:  # a table received in part: the remainder waits as 待补充细则
            indicator["requirements"].append(
                {
                    "id": f"{ind_id}.{len(reqs) + 1}",
                    "requirement": "（原表缺少的条目）",
                    "weight": gap,
                    "status": "missing",
                }
            )
            report.problems.append(
                f"「{i_name}」各条分值之和比 {indicator['points']} 分少 {gap} 分，已加一条待补充细则"
            )
        system["indicators"].append(indicator)
    for s in systems:
        s.pop("_text")
        i_sum = sum((i["points"] for i in s["indicators"]), Decimal(0))
        if s["points"] is None:
            s["points"] = i_sum
        elif s["points"] != i_sum:
            report.problems.append(f"「{s['name']}」分值 {s['points']} 与下属指标之和 {i_sum} 不符")
    total = sum((s["points"] for s in systems if not s.get("bonus")), Decimal(0))
    if stated_total is not None and stated_total > total:  # parts of the table not received
        missing = {"id": "0", "name": "（原表缺少的部分）", "status": "missing"}
        systems.insert(0, missing | {"points": stated_total - total})
        report.problems.append(
            f"各部分分值之和 {total} 分比小计 {stated_total} 分少 {stated_total - total} 分，"
            "已加一个待补充细则的部分"
        )
        total = stated_total
    draft = {
        "schema_version": 2,
        "id": rubric_id,
        "title": title or rubric_id,
        "version": "草稿",
        "source": "由表格导入的草稿，待人工复核",
        "total": total,
        "systems": systems,
    }
    return draft, report
