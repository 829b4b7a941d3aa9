"""The one rounding rule for ratios shown anywhere: pages, proposed findings, documents, exports.

A ratio is kept to four decimals, rounded half up (四舍五入), so a percentage has two; the
value a figure proposes is the value its formula line prints, and the two can never differ.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

RATIO_PLACES = Decimal("0.0001")
_HUNDRED = Decimal(100)


def round_ratio(value: Decimal | None) -> Decimal | None:
    """A ratio to four decimals, half up: 1368/1583 = 0.864182… -> 0.8642."""
    if value is None:
        return None
    return Decimal(value).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | float | None, places: int = 2) -> str:
    """A ratio as a percentage with ``places`` decimals, half up: 0.8642 -> 86.42%; None -> —."""
    if value is None:
        return "—"
    exact = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    pct = (exact * _HUNDRED).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{pct}%"


def threshold_text(value: Decimal) -> str:
    """A rubric threshold as written in the rubric, without trailing zeros: 0.15 -> 15%."""
    text = format((Decimal(value) * _HUNDRED).normalize(), "f")
    return f"{text}%"


def cn_date(d: dt.date) -> str:
    """The one way a date is written for people, pages and documents alike: 2026年11月30日
    (Arabic numerals without leading zeros, as 成文日期 in 公文); inputs take 2026-11-30."""
    return f"{d.year}年{d.month}月{d.day}日"
