"""What a department's daily reminder says, from its round's state (services.rounds.state).

The text is markdown for the group robots (企业微信 and 钉钉 both render a small subset); every
piece of data in it (names, requirement text) is cleaned first, so nothing a user typed becomes
markdown. Dates read as an office writes them: 2026年12月1日.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from services.rounds.state import Item, Owner, RoundState

MARKDOWN_CHARS = str.maketrans(
    {
        "*": "＊",
        "_": "＿",
        "#": "＃",
        "[": "［",
        "]": "］",
        "(": "（",
        ")": "）",
        "<": "＜",
        ">": "＞",
        "`": "｀",
        "~": "～",
        "|": "｜",
        "\\": "＼",
    }
)


def clean(text: str) -> str:
    """Data as plain text inside markdown: control characters dropped, markdown characters
    replaced by their full-width forms, one line."""
    return _clean(str(text))


@lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    """``clean`` of a string; a day's reminders repeat a few hundred requirement texts and
    department names thousands of times, each is cleaned once."""
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.translate(MARKDOWN_CHARS).split())


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class DepartmentReminder:
    unit: str
    department_id: int
    department: str
    today: dt.date
    days: int
    overdue: list[tuple[Item, Owner]] = field(default_factory=list)
    due_soon: list[tuple[Item, Owner]] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return f"整改事项提醒：{self.department}（{cn_date(self.today)}）"

    def markdown(self) -> str:
        lines = [
            f"### 整改事项提醒（{clean(self.unit)}）",
            f"**{clean(self.department)}**：截至{cn_date(self.today)}，",
        ]
        if self.overdue:
            lines.append(f"> 已逾期 {len(self.overdue)} 项（按部门）")
            for n, (item, owner) in enumerate(self.overdue, 1):
                lines.append(
                    f"{n}. {clean(item.text)}（{item.requirement}）：期限{cn_date(owner.due)}，"
                    f"已逾期{owner.overdue_days}天"
                )
        if self.due_soon:
            lines.append(f"> {self.days} 天内到期 {len(self.due_soon)} 项（按部门）")
            for n, (item, owner) in enumerate(self.due_soon, 1):
                left = (owner.due - self.today).days
                when = "今天到期" if left == 0 else f"还剩{left}天"
                lines.append(
                    f"{n}. {clean(item.text)}（{item.requirement}）：期限{cn_date(owner.due)}，{when}"
                )
        lines.append("请按期上传整改材料。")
        lines.append(f"{clean(self.unit)}创建工作领导小组办公室")
        return "\n".join(lines)

    def plain(self) -> str:
        """The e-mail body: the same lines without markdown marks."""
        out = []
        for line in self.markdown().splitlines():
            line = line.removeprefix("### ").removeprefix("> ").replace("**", "")
            out.append(line)
        return "\n".join(out)


def department_reminders(state: RoundState, days: int) -> list[DepartmentReminder]:
    """One reminder per member department with items overdue or due within ``days`` days."""
    found: dict[int, DepartmentReminder] = {}

    def get(owner: Owner) -> DepartmentReminder:
        if owner.department_id not in found:
            found[owner.department_id] = DepartmentReminder(
                state.unit, owner.department_id, owner.department, state.today, days
            )
        return found[owner.department_id]

    for item, owner in state.overdue_pairs():
        if owner.kind != "office":
            get(owner).overdue.append((item, owner))
    for item, owner in state.due_within(days):
        if owner.kind != "office":
            get(owner).due_soon.append((item, owner))
    return list(found.values())
