"""Which pages each role sees, in order; the first page of a role is its landing page.

Each page is a module ui/pages/<name>.py with a ``render()`` function, run through the thin
script ui/views/<name>.py (file-based pages, so AppTest can switch to them).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

VIEWS = Path(__file__).resolve().parent.parent / "views"

# name -> (title, icon)
PAGES = {
    "overview": ("总览", ":material/dashboard:"),
    "rollup": ("全市总览", ":material/account_tree:"),
    "gaps": ("整改清单", ":material/checklist:"),
    "selfcheck": ("自查预评", ":material/task_alt:"),
    "rounds": ("轮次", ":material/event:"),
    "settings": ("设置", ":material/settings:"),
    "tasks": ("我的任务", ":material/assignment:"),
    "assess": ("模拟考评", ":material/fact_check:"),
    "review": ("材料审核", ":material/rule:"),
    "disagreements": ("分歧", ":material/balance:"),
    "search": ("材料检索", ":material/search:"),
    "ledgers": ("台账与数据", ":material/table_view:"),
    "indicators": ("数据指标确认", ":material/analytics:"),
    "targets": ("工作目标", ":material/flag:"),
    "jobs": ("后台任务", ":material/pending_actions:"),
    "audit": ("审计日志", ":material/policy:"),
}

ROLE_PAGES = {
    "office": (
        "领导小组办公室",
        [
            "overview",
            "rollup",
            "gaps",
            "selfcheck",
            "ledgers",
            "indicators",
            "targets",
            "rounds",
            "search",
            "settings",
            "jobs",
            "audit",
        ],
    ),
    "department": ("成员单位", ["tasks", "selfcheck", "ledgers", "targets", "search"]),
    "inspector": (
        "考核组",
        ["assess", "review", "disagreements", "indicators", "overview", "search"],
    ),
    "viewer": ("领导", ["overview", "rollup"]),
}


def view_path(name: str) -> str:
    return str(VIEWS / f"{name}.py")


def title_of(name: str, area: str | None = None) -> str:
    """A page's title; the roll-up is named after the area it covers (全市总览, 全区总览)."""
    if name == "rollup" and area:
        return f"{area}总览"
    return PAGES[name][0]


def pages_for(role: str, area: str | None = None) -> dict[str, list[st.Page]]:
    """The role's navigation; ``area`` (全市, 全区) names the roll-up as its page heading does."""
    section, names = ROLE_PAGES[role]
    return {
        section: [
            st.Page(
                view_path(n),
                title=title_of(n, area),
                icon=PAGES[n][1],
                url_path=n,
                default=(i == 0),
            )
            for i, n in enumerate(names)
        ]
    }
