"""Figures behind the data findings: computed from the ledgers, from values the departments
enter (with period, source and who) and from the satisfaction survey.

Every figure carries its formula (numbers filled in) and its source: which import or entry,
how many rows, who supplied it and for which period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from ledgers import (
    Figure,
    Period,
    loan_ratio,
    ratio,
    service_stats,
    subsidy_ratio,
    success_rate,
    training_pass_rate,
    yearly_average,
)
from ledgers.figures import make_figure, percent, to_decimal
from rubric.numbers import round_ratio
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.ledgers import figure_cache
from services.ledgers.rows import (
    acting_department,
    department_names,
    describe_import,
    load_rows,
    unit_select,
)
from services.ledgers.surveys import latest_survey
from store.db import session_scope
from store.ledger_tables import FIGURE_INDICATORS, EnteredFigure
from store.org import Department, Unit

PASS_RATE = Decimal("0.9")  # 3.5.1: 合格率达到90%

# indicator id -> (name, rule, "numerator ÷ denominator")
ENTERED = {
    "activity": ("创业活跃度", "6.1.1a", "参与创业活动人数 ÷ 城镇劳动者人数"),
    "success": ("创业成功率", "6.2.1a", "存活1年以上户数 ÷ 登记满1年户数"),
    "service": ("创业服务率", "6.3.1a", "获得政策扶持或创业服务的创业者人数 ÷ 创业者总人数"),
    "contribution": ("就业贡献率", "6.5.1a", "新增创业人数及其带动就业人数之和 ÷ 新增就业人数"),
}
INDICATOR_RULES = {
    "activity": "6.1.1a",
    "success": "6.2.1a",
    "service": "6.3.1a",
    "satisfaction": "6.4.1a",
    "contribution": "6.5.1a",
}


@dataclass(frozen=True)
class ComputedFigure:
    key: str  # subsidy | loan | training | activity | success | service | satisfaction | ...
    rule_id: str
    figure: Figure
    proposed: Any  # the finding value to propose (ratio or, for 3.5.1a, true/false); or None
    source: str  # the figure's own source and who supplied the data
    inputs: dict = field(default_factory=dict)
    note: str | None = None

    @property
    def value_text(self) -> str:
        return self.figure.percent


def proposed_ratio(value: Decimal | None) -> Decimal | None:
    """The value a figure proposes: the rounded ratio its formula line prints (rubric.numbers)."""
    return round_ratio(value)


# ---------------------------------------------------------------- entered values


def enter_figure(
    actor: Actor,
    unit_id: int,
    indicator: str,
    numerator: object,
    denominator: object,
    *,
    period_start: dt.date,
    period_end: dt.date,
    source: str,
    period_label: str | None = None,
    department: str | None = None,
) -> dict:
    """A department (or the office) enters a numerator and denominator for a period."""
    if indicator not in ENTERED:
        raise InvalidInput(f"数据指标应为 {'、'.join(FIGURE_INDICATORS)} 之一")
    if period_end < period_start:
        raise InvalidInput("统计期的结束日期早于开始日期")
    if not (source or "").strip():
        raise InvalidInput("请填写数据来源（如统计年报、部门报表名称）")
    name, rule, label = ENTERED[indicator]
    try:
        fig = ratio(numerator, denominator, label, name=name, rule=rule)
    except ValueError as exc:
        raise InvalidInput(f"{name}：{exc}") from exc
    num, den = to_decimal(numerator), to_decimal(denominator)
    period = (period_label or "").strip() or f"{period_start.isoformat()}至{period_end.isoformat()}"
    with session_scope() as session:
        dept = acting_department(session, actor, unit_id, department, "填报数据指标")
        if session.get(Unit, unit_id) is None:
            raise NotFound("被考评单位不存在")
        _require_figure_owner(session, actor, unit_id, indicator, dept)
        row = EnteredFigure(
            unit_id=unit_id,
            indicator=indicator,
            numerator=str(num),
            denominator=str(den),
            period_start=period_start,
            period_end=period_end,
            period_label=period[:60],
            source=source.strip()[:500],
            department_id=dept.id if dept else None,
            entered_by_id=actor.id,
            entered_by=actor.display_name[:100],
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "figure.enter",
            "entered_figure",
            row.id,
            after={
                "indicator": indicator,
                "numerator": num,
                "denominator": den,
                "period": period,
                "source": row.source,
            },
        )
    return {"id": row.id, "indicator": indicator, "value": fig.value, "formula": fig.formula}


def _require_figure_owner(
    session: Session, actor: Actor, unit_id: int, indicator: str, dept: Department | None
) -> None:
    """An indicator's figures belong to the department that entered them first: another
    department may not replace them (the office may correct any)."""
    if actor.role != "department":
        return
    first = session.exec(
        select(EnteredFigure)
        .where(
            EnteredFigure.unit_id == unit_id,
            EnteredFigure.indicator == indicator,
            EnteredFigure.department_id.is_not(None),  # type: ignore[union-attr]
        )
        .order_by(EnteredFigure.id)
    ).first()
    if first is not None and (dept is None or first.department_id != dept.id):
        owner = session.get(Department, first.department_id)
        name = ENTERED[indicator][0]
        raise PermissionDenied(
            f"「{name}」由{owner.name if owner else '其他部门'}填报，"
            "只能由该单位或领导小组办公室更正"
        )


def _latest_per_period(rows: list[EnteredFigure]) -> list[EnteredFigure]:
    """The last entry of each period (later entries correct earlier ones), by period."""
    best: dict[tuple, EnteredFigure] = {}
    for r in sorted(rows, key=lambda r: r.id or 0):
        best[(r.period_start, r.period_end)] = r
    return sorted(best.values(), key=lambda r: (r.period_start, r.period_end))


def list_entered(actor: Actor, unit_id: int, indicator: str | None = None) -> list[dict]:
    """Entered figures of a unit; a department user sees only its own entries."""
    with session_scope() as session:
        q = unit_select(actor, EnteredFigure, unit_id)
        if indicator:
            q = q.where(EnteredFigure.indicator == indicator)
        names = department_names(session)
        return [
            {
                "id": r.id,
                "indicator": r.indicator,
                "name": ENTERED[r.indicator][0],
                "numerator": Decimal(r.numerator),
                "denominator": Decimal(r.denominator),
                "period": r.period_label,
                "source": r.source,
                "department": names.get(r.department_id, "") if r.department_id else "",
                "entered_by": r.entered_by,
                "entered_at": r.entered_at,
            }
            for r in session.exec(q.order_by(EnteredFigure.id))
        ]


def _entered_source(r: EnteredFigure, names: dict[int, str]) -> str:
    who = names.get(r.department_id, "") if r.department_id else "领导小组办公室"
    return (
        f"{who}填报（{r.entered_by}，{r.entered_at.date().isoformat()}），"
        f"统计期{r.period_label}，依据：{r.source}"
    )


def _entered_figures(session: Session, unit_id: int) -> list[ComputedFigure]:
    rows = list(session.exec(select(EnteredFigure).where(EnteredFigure.unit_id == unit_id)))
    names = department_names(session)
    out = []
    for ind, (name, rule, label) in ENTERED.items():
        latest = _latest_per_period([r for r in rows if r.indicator == ind])
        if not latest:
            continue
        if ind == "contribution":
            yearly = [
                ratio(r.numerator, r.denominator, label, name=f"{r.period_label}{name}", rule=rule)
                for r in latest
            ]
            fig = yearly_average(yearly, name=f"{name}（年均）", rule=rule)
            source = "；".join(_entered_source(r, names) for r in latest)
            inputs = {
                "entries": [r.id for r in latest],
                "years": [
                    {"period": r.period_label, "numerator": r.numerator, "den": r.denominator}
                    for r in latest
                ],
            }
        else:
            r = latest[-1]
            fig = ratio(r.numerator, r.denominator, label, name=name, rule=rule)
            source = _entered_source(r, names)
            inputs = {"entries": [r.id], "numerator": r.numerator, "denominator": r.denominator}
        fig = Figure(fig.name, fig.value, fig.numerator, fig.denominator, fig.formula, source, rule)
        out.append(ComputedFigure(ind, rule, fig, proposed_ratio(fig.value), source, inputs))
    return out


# ---------------------------------------------------------------- ledgers and survey


def _with_imports(fig: Figure, imports: list[dict]) -> str:
    return f"{fig.source}。数据来源：" + "；".join(describe_import(d) for d in imports)


def _ratio_figure(session: Session, unit_id: int, kind: str, fn) -> ComputedFigure | None:
    stored = load_rows(session, unit_id, kind)
    if not stored.rows:
        return None
    labels = sorted({d["period"] for d in stored.imports if d["period"]})
    fig = fn(stored.rows, period_label="、".join(labels) or None)
    source = _with_imports(fig, stored.imports)
    inputs = _inputs(fig, stored.imports)
    return ComputedFigure(kind, fig.rule or "", fig, proposed_ratio(fig.value), source, inputs)


def _training_figure(session: Session, unit_id: int) -> ComputedFigure | None:
    stored = load_rows(session, unit_id, "training")
    if not stored.rows:
        return None
    fig = training_pass_rate(stored.rows)
    source = _with_imports(fig, stored.imports)
    proposed = None if fig.value is None else fig.value < PASS_RATE
    note = None
    if proposed is not None:
        note = "合格率未达到90%，建议扣1分" if proposed else "合格率达到90%以上，不扣分"
    return ComputedFigure(
        "training", "3.5.1a", fig, proposed, source, _inputs(fig, stored.imports), note
    )


def _success_figure(session: Session, unit_id: int, as_of: dt.date) -> ComputedFigure | None:
    stored = load_rows(session, unit_id, "registry")
    if not stored.rows:
        return None
    days = [r["登记日期"] for r in stored.rows]
    first, last = min(days), max(days)
    label = f"{first.year}年" if first.year == last.year else f"{first.year}—{last.year}年"
    fig = success_rate(stored.rows, Period(first, last, label), as_of)
    source = _with_imports(fig, stored.imports)
    return ComputedFigure(
        "success", "6.2.1a", fig, proposed_ratio(fig.value), source, _inputs(fig, stored.imports)
    )


def _ledger_figures(session: Session, unit_id: int, as_of: dt.date) -> list[ComputedFigure]:
    """One figure per ledger kind that has rows; each is computed once per set of import
    batches (``figure_cache``), not on every render."""
    makers = (
        ("subsidy", (), lambda: _ratio_figure(session, unit_id, "subsidy", subsidy_ratio)),
        ("loan", (), lambda: _ratio_figure(session, unit_id, "loan", loan_ratio)),
        ("training", (), lambda: _training_figure(session, unit_id)),
        ("registry", (as_of,), lambda: _success_figure(session, unit_id, as_of)),
    )
    out = [figure_cache.cached(session, unit_id, kind, extra, make) for kind, extra, make in makers]
    return [f for f in out if f is not None]


def _inputs(fig: Figure, imports: list[dict]) -> dict:
    return {
        "numerator": str(fig.numerator),
        "denominator": str(fig.denominator),
        "imports": [d["id"] for d in imports],
    }


def _survey_figure(session: Session, unit_id: int) -> ComputedFigure | None:
    found = latest_survey(session, unit_id)
    if found is None:
        return None
    imp, res = found
    fig = make_figure(
        "创业环境满意率",
        res.satisfied,
        res.valid,
        "（满意 + 基本满意）答案数",
        "有效答案数",
        "",
        "6.4.1a",
    )
    names = department_names(session)
    who = names.get(imp.department_id, "") if imp.department_id else "领导小组办公室"
    period = f"，{imp.period_label}" if imp.period_label else ""
    interval = ""
    if res.low and res.high:
        interval = f"，95%置信区间{percent(Decimal(res.low))}～{percent(Decimal(res.high))}"
    source = (
        f"抽样调查：{who}《{imp.file_name}》（第{imp.id}批{period}，{imp.imported_by}于"
        f"{imp.imported_at.date().isoformat()}导入），受访{imp.respondents}人，"
        f"有效答案{res.valid}个{interval}"
    )
    fig = Figure(fig.name, fig.value, fig.numerator, fig.denominator, fig.formula, source, "6.4.1a")
    inputs = {"survey": imp.id, "satisfied": res.satisfied, "valid": res.valid}
    return ComputedFigure(
        "satisfaction", "6.4.1a", fig, proposed_ratio(fig.value), source, inputs, res.warning
    )


def compute_figures(
    actor: Actor, unit_id: int, *, as_of: dt.date | None = None
) -> list[ComputedFigure]:
    """Every figure the unit's data supports: 2.2.1a, 2.2.2a, 3.5.1a and the 6.x.1a indicators.
    A registry ledger gives 创业成功率; without one, an entered value is used."""
    as_of = as_of or dt.date.today()
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        out = _ledger_figures(session, unit_id, as_of)
        have = {f.key for f in out}
        out += [f for f in _entered_figures(session, unit_id) if f.key not in have]
        survey = _survey_figure(session, unit_id)
        if survey:
            out.append(survey)
    return out


def service_summary(actor: Actor, unit_id: int) -> dict | None:
    """创业"一件事" service records: cases per 事项, median days, share done in 20 working days."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        return figure_cache.cached(
            session, unit_id, "service", (), lambda: _service_summary(session, unit_id)
        )


def _service_summary(session: Session, unit_id: int) -> dict | None:
    stored = load_rows(session, unit_id, "service")
    if not stored.rows:
        return None
    stats = service_stats(stored.rows)
    return {
        "total": stats.total,
        "per_item": stats.per_item,
        "done": stats.done,
        "pending": stats.pending,
        "median_days": stats.median_days,
        "within_limit": stats.within_limit.value,
        "within_limit_text": stats.within_limit.percent,
        "formula": stats.within_limit.formula,
        "source": _with_imports(stats.within_limit, stored.imports),
    }
