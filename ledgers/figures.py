"""Indicator figures computed from validated ledger rows, each with its formula in Chinese."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from ledgers.errors import MappingError
from ledgers.kinds import get_kind
from ledgers.validate import LedgerRow
from ledgers.values import format_value
from rubric.numbers import percent_text

PRECISION = 28


@dataclass(frozen=True)
class Period:
    """An inclusive date range."""

    start: dt.date
    end: dt.date
    label: str = ""

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def text(self) -> str:
        return self.label or f"{self.start.isoformat()}至{self.end.isoformat()}"


@dataclass(frozen=True)
class Figure:
    name: str
    value: Decimal | None  # ratio 0..1, None when the denominator is 0
    numerator: int | Decimal
    denominator: int | Decimal
    formula: str
    source: str
    rule: str | None = None

    @property
    def percent(self) -> str:
        return percent(self.value)


def percent(value: Decimal | None) -> str:
    return percent_text(value)


def divide(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """Exact where the quotient terminates (40 / 50 == Decimal('0.8')), else 28 digits."""
    if not denominator:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return Decimal(numerator) / Decimal(denominator)


def make_figure(
    name: str,
    numerator: int | Decimal,
    denominator: int | Decimal,
    num_label: str,
    den_label: str,
    source: str,
    rule: str | None = None,
) -> Figure:
    value = divide(numerator, denominator)
    n, d = format_value(numerator), format_value(denominator)
    if value is None:
        formula = f"{num_label} ÷ {den_label} = {n} ÷ {d}，分母为0，无法计算"
    else:
        formula = f"{num_label} ÷ {den_label} = {n} ÷ {d} = {percent(value)}"
    return Figure(name, value, numerator, denominator, formula, source, rule)


def _rows_of(rows: Iterable[LedgerRow], code: str) -> list[LedgerRow]:
    rows = list(rows)
    kind = get_kind(code)
    if any(r.kind != code for r in rows):
        raise MappingError(f"计算该指标需要{kind.title}的记录")
    return rows


def _person(row: LedgerRow) -> str:
    return row.person_id or row.key


def _label(period_label: str | None) -> str:
    return f"（{period_label}）" if period_label else ""


def _eligible_ratio(
    rows: Iterable[LedgerRow],
    code: str,
    got: str,
    *,
    name: str,
    rule: str,
    num_label: str,
    period_label: str | None,
) -> Figure:
    rows = _rows_of(rows, code)
    eligible = {_person(r) for r in rows if r["是否符合条件"]}
    granted = {_person(r) for r in rows if r["是否符合条件"] and r[got]}
    odd = {_person(r) for r in rows if r[got]} - eligible
    people = len({_person(r) for r in rows})
    source = (
        f"{get_kind(code).title}{_label(period_label)}，有效记录{len(rows)}行，"
        f"涉及{people}人（按身份证号去重）"
    )
    if odd:
        source += f"；另有{len(odd)}人未标为符合条件但标为{got[2:]}，未计入，请核对"
    return make_figure(
        name, len(granted), len(eligible), num_label, "符合条件申请人数", source, rule
    )


def subsidy_ratio(rows: Iterable[LedgerRow], *, period_label: str | None = None) -> Figure:
    """Rule 2.2.1a: people who received the 一次性创业补贴 among eligible applicants."""
    return _eligible_ratio(
        rows,
        "subsidy",
        "是否享受",
        name="一次性创业补贴享受比例",
        rule="2.2.1a",
        num_label="享受补贴人数",
        period_label=period_label,
    )


def loan_ratio(rows: Iterable[LedgerRow], *, period_label: str | None = None) -> Figure:
    """Rule 2.2.2a: eligible applicants who obtained a 创业担保贷款."""
    return _eligible_ratio(
        rows,
        "loan",
        "是否获贷",
        name="创业担保贷款获贷比例",
        rule="2.2.2a",
        num_label="获得贷款人数",
        period_label=period_label,
    )


def training_pass_rate(rows: Iterable[LedgerRow], period: Period | None = None) -> Figure:
    """Rule 3.5.1 (合格率达到90%): passed / trainings finished (结业日期) in the period."""
    rows = _rows_of(rows, "training")
    trained = [r for r in rows if period is None or r["结业日期"] in period]
    passed = sum(1 for r in trained if r["是否合格"])
    when = f"结业日期在{period.text}的" if period else ""
    source = f"创业培训实名制台账，{when}有效记录{len(trained)}行（共{len(rows)}行）"
    return make_figure(
        "创业培训合格率", passed, len(trained), "合格人次", "培训人次", source, "3.5.1a"
    )


def anniversary(day: dt.date, years: int = 1) -> dt.date:
    """Same day `years` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def success_rate(rows: Iterable[LedgerRow], period: Period, as_of: dt.date) -> Figure:
    """Rule 6.2.1a 创业成功率: entities registered in the period and still operating one year
    after registration (no 注销日期, or 注销日期 after the first anniversary) / entities
    registered in the period whose first anniversary is on or before `as_of`."""
    rows = _rows_of(rows, "registry")
    registered = [r for r in rows if r["登记日期"] in period]
    mature = [r for r in registered if anniversary(r["登记日期"]) <= as_of]
    alive = 0
    for r in mature:
        closed = r["注销日期"]
        if closed is None or closed > anniversary(r["登记日期"]):
            alive += 1
    young = len(registered) - len(mature)
    source = (
        f"市场主体登记，登记日期在{period.text}的{len(registered)}户，"
        f"截至{as_of.isoformat()}已满一年的{len(mature)}户"
    )
    if young:
        source += f"；另有{young}户登记未满一年，未计入"
    return make_figure(
        "创业成功率", alive, len(mature), "存活1年以上户数", "登记满1年户数", source, "6.2.1a"
    )


def working_days(
    start: dt.date,
    end: dt.date,
    holidays: Iterable[dt.date] = (),
    workdays: Iterable[dt.date] = (),
) -> int:
    """Working days after `start` up to and including `end` (same day = 0): Monday to Friday,
    minus `holidays`, plus `workdays` (weekend days made working days, 调休)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    for i in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    off = {h for h in holidays if start < h <= end and h.weekday() < 5}
    extra = {w for w in workdays if start < w <= end and w.weekday() >= 5 and w not in off}
    return count - len(off) + len(extra)


@dataclass(frozen=True)
class ServiceStats:
    total: int
    per_item: dict[str, int]  # 事项 -> cases, most frequent first
    done: int
    pending: int
    median_days: Decimal | None  # calendar days 办结 - 受理
    within_limit: Figure  # share of finished cases done within `limit` working days
    source: str


def median(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    if len(s) % 2:
        return Decimal(s[mid])
    return (Decimal(s[mid - 1]) + Decimal(s[mid])) / 2


def service_stats(
    rows: Iterable[LedgerRow],
    *,
    period: Period | None = None,
    holidays: Iterable[dt.date] = (),
    workdays: Iterable[dt.date] = (),
    limit: int = 20,
) -> ServiceStats:
    """Statistics of the 创业"一件事" service ledger (cases accepted in `period`)."""
    rows = _rows_of(rows, "service")
    cases = [r for r in rows if period is None or r["受理日期"] in period]
    holidays, workdays = frozenset(holidays), frozenset(workdays)
    per_item = dict(sorted(Counter(r["事项"] for r in cases).items(), key=lambda kv: -kv[1]))
    done = [r for r in cases if r["办结日期"] is not None]
    days = [(r["办结日期"] - r["受理日期"]).days for r in done]
    fast = sum(
        1 for r in done if working_days(r["受理日期"], r["办结日期"], holidays, workdays) <= limit
    )
    when = f"受理日期在{period.text}的" if period else ""
    source = f"创业“一件事”办件台账，{when}办件{len(cases)}件，已办结{len(done)}件"
    if len(cases) > len(done):
        source += f"，未办结{len(cases) - len(done)}件不计入时限统计"
    figure = make_figure(
        f"{limit}个工作日内办结比例",
        fast,
        len(done),
        f"{limit}个工作日内办结件数",
        "已办结件数",
        source,
    )
    return ServiceStats(
        total=len(cases),
        per_item=per_item,
        done=len(done),
        pending=len(cases) - len(done),
        median_days=median(days),
        within_limit=figure,
        source=source,
    )


def to_decimal(value: object, what: str = "数值") -> Decimal:
    """A department-entered non-negative number as Decimal (int, Decimal, str or float)."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{what}不是有效数字：{value}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{what}不是有效数字：{value}") from None
    if not number.is_finite():
        raise ValueError(f"{what}不是有效数字：{value}")
    if number < 0:
        raise ValueError(f"{what}不能为负数：{value}")
    return number


def ratio(
    numerator: object,
    denominator: object,
    formula_label: str,
    *,
    name: str = "",
    rule: str | None = None,
    source: str = "部门填报",
) -> Figure:
    """A ratio from department-entered values, e.g. 创业活跃度, 创业服务率, 就业贡献率.

    formula_label names numerator and denominator: "参与创业活动人数 ÷ 城镇劳动者人数".
    """
    num, den = to_decimal(numerator, "分子"), to_decimal(denominator, "分母")
    if num > den:
        raise ValueError(
            f"分子（{format_value(num)}）大于分母（{format_value(den)}），比率不能超过100%"
        )
    num_label, _, den_label = formula_label.partition("÷")
    return make_figure(
        name or formula_label,
        num,
        den,
        num_label.strip() or "分子",
        den_label.strip() or "分母",
        source,
        rule,
    )


def yearly_average(figures: Sequence[Figure], *, name: str, rule: str | None = None) -> Figure:
    """Mean of yearly ratios (就业贡献率（年均）); years without a value are left out and said so."""
    known = [f for f in figures if f.value is not None]
    total = sum((f.value for f in known), Decimal(0))
    value = divide(total, len(known))
    terms = " + ".join(f.percent for f in known)
    if value is None:
        formula = "没有可用的年度数值，无法计算年均值"
    else:
        formula = f"（{terms}）÷ {len(known)} = {percent(value)}"
    source = "；".join(f"{f.name}：{f.formula}" for f in figures)
    if len(known) < len(figures):
        source += f"；{len(figures) - len(known)}个年度分母为0，未计入"
    return Figure(name, value, total, len(known), formula, source, rule)
