"""Table helpers for the pages: the 整改清单 rows (screen and Excel), deltas, text escaping."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from reports.xlsx import table_xlsx
from ui.components.fmt import day, pts

GAP_COLUMNS = (  # scores first, so that they show without scrolling sideways
    "要求",
    "创建要求",
    "可挽回分",
    "失分",
    "待评",
    "材料状态",
    "整改期限",
    "逾期",
    "责任单位",
    "失分条款",
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def md_escape(text: str) -> str:
    """Text shown through st.markdown exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def shorten(text: str, n: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def mark_snippet(snippet: str) -> str:
    """A search snippet for st.markdown: the words marked 【】 in bold, as 【**词**】.

    The brackets stay outside the ** so that CommonMark's flanking rules see the emphasis
    next to CJK text (「性**【」 would not open bold).
    """
    return re.sub(r"【([^】]*)】", r"【**\1**】", md_escape(snippet))


def delta_text(delta: Decimal) -> str:
    """↑ / ↓ with the exact change in points; — when unchanged."""
    if delta > 0:
        return f"↑ +{pts(delta)}"
    if delta < 0:
        return f"↓ {pts(delta)}"
    return "—"


def sort_gaps(gaps: Sequence[dict]) -> list[dict]:
    """Largest what-if gain first; ties keep the rubric order."""
    return sorted(gaps, key=lambda g: -g["gain"])


def filter_gaps(
    gaps: Sequence[dict],
    *,
    departments: Sequence[str] = (),
    statuses: Sequence[str] = (),
    only_overdue: bool = False,
    kind: str = "全部",
) -> list[dict]:
    out = []
    for g in gaps:
        if departments and not set(departments) & set(g["departments"].split("、")):
            continue
        if statuses and g["status"] not in statuses:
            continue
        if only_overdue and not g["overdue"]:
            continue
        if kind == "失分" and not g["lost"] > 0:
            continue
        if kind == "待评" and not g["pending"] > 0:
            continue
        out.append(g)
    return out


def _gap_values(g: dict) -> dict:
    return {
        "要求": g["requirement"],
        "创建要求": g["text"],
        "可挽回分": g["gain"],
        "失分": g["lost"],
        "待评": g["pending"],
        "材料状态": g["status"],
        "整改期限": g["due"],
        "逾期": g["overdue"],
        "责任单位": g["departments"],
        "失分条款": g["rules"],
    }


def gap_display_rows(gaps: Sequence[dict]) -> list[dict]:
    """整改清单 as shown on screen: exact scores as text ("1.5 分")."""
    rows = []
    for g in gaps:
        row = _gap_values(g)
        row["可挽回分"] = pts(g["gain"])
        row["失分"] = pts(g["lost"]) if g["lost"] else ""
        row["待评"] = pts(g["pending"]) if g["pending"] else ""
        row["整改期限"] = day(g["due"]) if g["due"] else ""
        row["逾期"] = "是" if g["overdue"] else ""
        rows.append(row)
    return rows


def gaps_xlsx(gaps: Sequence[dict]) -> bytes:
    """The same rows and columns as the screen; scores as exact numbers, dates as dates."""
    rows = []
    for g in gaps:
        row = _gap_values(g)
        row["逾期"] = "是" if g["overdue"] else "否"
        rows.append([row[c] for c in GAP_COLUMNS])
    return table_xlsx("整改清单", GAP_COLUMNS, rows)
