"""Formatting for the UI: exact scores with units, dates, percentages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rubric.numbers import cn_date, percent_text
from scoring import fmt


def pts(value: Decimal | int | float | None) -> str:
    if value is None:
        return "—"
    return f"{fmt(Decimal(str(value)))} 分"


def pct(value: float | Decimal | None, digits: int = 1) -> str:
    return percent_text(value, digits)


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        local = value.astimezone()
        return f"{cn_date(local)} {local:%H:%M}"
    return cn_date(value)


def month_text(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
