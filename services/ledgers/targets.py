"""Work-plan targets (e.g. 创业培训500人次) and the departments' monthly reports (按月调度).

``target_progress`` compares the share done with the share of the period elapsed and flags a
target as behind when it trails time by more than 10 percentage points.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from ledgers.figures import divide, to_decimal
from rubric.numbers import percent_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.ledgers.rows import department_names
from services.org.responsibility import get_department
from store.db import session_scope
from store.ledger_tables import TargetReport, WorkTarget

BEHIND_MARGIN = Decimal("0.10")

# name, unit of measure, value, responsible department, source
SEED_TARGETS = (
    ("创业培训", "人次", "500", "区就业创业促进中心", "县区创建实施方案：阶段创业培训人数达到500人次"),
    ("创业指导", "人次", "1000", "区就业创业促进中心", "县区创建实施方案：提供创业指导服务1000人次"),
    ("创业贷款", "人次", "500", "区就业创业促进中心", "县区创建实施方案：提供创业贷款500人次"),
    ("扶持创业", "人", "3000", "区人社局", "创业行动方案：扶持创业3000人以上"),
    ("带动就业", "人", "9000", "区人社局", "创业行动方案：带动就业9000人以上"),
    ("发放创业担保贷款", "亿元", "4", "区财政局", "创业行动方案：累计发放创业担保贷款4亿元以上"),
    ("组织创业培训", "人", "8000", "区就业创业促进中心", "创业行动方案：组织开展各类创业培训8000人以上"),
)  # fmt: skip


def _month(value: dt.date | str) -> dt.date:
    if isinstance(value, str):
        try:
            y, m = (int(x) for x in value.strip().replace("/", "-").split("-")[:2])
            return dt.date(y, m, 1)
        except ValueError:
            raise InvalidInput(f"月份格式不正确：{value}（应为 YYYY-MM）") from None
    return value.replace(day=1)


def add_target(
    actor: Actor,
    unit_id: int,
    *,
    name: str,
    measure: str,
    target_value: object,
    period_start: dt.date,
    period_end: dt.date,
    department: str,
    source: str | None = None,
) -> dict:
    actor.require("office", action="设定工作目标")
    name, measure = (name or "").strip(), (measure or "").strip()
    if not name or not measure:
        raise InvalidInput("目标名称和计量单位不能为空")
    try:
        value = to_decimal(target_value, "目标值")
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    if value <= 0:
        raise InvalidInput("目标值应大于0")
    if period_end < period_start:
        raise InvalidInput("目标期限的结束日期早于开始日期")
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        dept = get_department(session, unit_id, department)
        t = WorkTarget(
            unit_id=unit_id,
            name=name[:100],
            measure=measure[:20],
            target_value=str(value),
            period_start=period_start,
            period_end=period_end,
            department_id=dept.id,
            source=(source or "").strip()[:300] or None,
            created_by=actor.display_name[:100],
        )
        session.add(t)
        session.flush()
        audit.record(
            session,
            actor,
            "target.create",
            "work_target",
            t.id,
            after={"name": t.name, "value": t.target_value, "measure": t.measure,
                   "department": department, "start": period_start, "end": period_end},
        )  # fmt: skip
        return {"id": t.id, "name": t.name, "target": value, "measure": t.measure}


def add_seed_targets(
    actor: Actor, unit_id: int, period_start: dt.date, period_end: dt.date
) -> list[dict]:
    """The targets of the work plans in the seeds (seed 004 and seed 001)."""
    return [
        add_target(
            actor,
            unit_id,
            name=name,
            measure=measure,
            target_value=value,
            period_start=period_start,
            period_end=period_end,
            department=dept,
            source=source,
        )
        for name, measure, value, dept, source in SEED_TARGETS
    ]


def report_progress(
    actor: Actor, target_id: int, month: dt.date | str, value: object, note: str | None = None
) -> dict:
    """A department reports what it did in one month; a new report of the month replaces it."""
    actor.require("office", "department", action="报送目标进度")
    month = _month(month)
    try:
        amount = to_decimal(value, "完成数")
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc
    with session_scope() as session:
        t = session.get(WorkTarget, target_id)
        if t is None:
            raise NotFound(f"工作目标 {target_id} 不存在")
        access.require_write_unit(actor, t.unit_id, session)
        if actor.role == "department" and actor.department_id != t.department_id:
            raise PermissionDenied("只能报送本单位负责的目标")
        first = t.period_start.replace(day=1)
        if not first <= month <= t.period_end:
            raise InvalidInput(f"{month:%Y年%m月}不在目标期限内")
        r = session.exec(
            select(TargetReport).where(
                TargetReport.target_id == target_id, TargetReport.month == month
            )
        ).first()
        before = {"value": r.value} if r else None
        r = r or TargetReport(target_id=target_id, month=month, value="0", reported_by="")
        r.value = str(amount)
        r.note = (note or "").strip()[:500] or None
        r.reported_by_id = actor.id
        r.reported_by = actor.display_name[:100]
        session.add(r)
        session.flush()
        audit.record(
            session,
            actor,
            "target.report",
            "work_target",
            target_id,
            before=before,
            after={"month": month, "value": r.value},
        )
        return {"target_id": target_id, "month": month, "value": amount}


@dataclass(frozen=True)
class TargetProgress:
    id: int
    name: str
    measure: str
    department: str
    target: Decimal
    done: Decimal
    share_done: Decimal
    share_elapsed: Decimal
    behind: bool
    period_start: dt.date
    period_end: dt.date
    last_month: dt.date | None
    monthly: list[tuple[dt.date, Decimal]]
    source: str | None

    @property
    def text(self) -> str:
        return (
            f"{self.name}：完成{_num(self.done)}{self.measure}，目标{_num(self.target)}"
            f"{self.measure}，完成{_pct(self.share_done)}，时间进度{_pct(self.share_elapsed)}"
            + ("，进度滞后" if self.behind else "")
        )


def _num(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else str(d)


def _pct(d: Decimal) -> str:
    return percent_text(d, 1)


@functools.lru_cache(maxsize=256)  # pure; a province's targets share a few periods
def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    total = (end - start).days + 1
    passed = min(max((today - start).days + 1, 0), total)
    return divide(passed, total) or Decimal(0)


def target_progress(
    actor: Actor, unit_id: int, today: dt.date | None = None
) -> list[TargetProgress]:
    today = today or dt.date.today()
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        names = department_names(session)
        targets = list(
            session.exec(
                select(WorkTarget).where(WorkTarget.unit_id == unit_id).order_by(WorkTarget.id)
            )
        )
        reports: dict[int, list[TargetReport]] = {}
        if targets:
            for r in session.exec(
                select(TargetReport)
                .where(TargetReport.target_id.in_([t.id for t in targets]))  # type: ignore[attr-defined]
                .order_by(TargetReport.month)
            ):
                reports.setdefault(r.target_id, []).append(r)
    return progress_of(targets, reports, names, today)


def progress_of(
    targets: list[WorkTarget],
    reports: dict[int, list[TargetReport]],
    names: dict[int, str],
    today: dt.date,
) -> list[TargetProgress]:
    """Each target's progress from its rows (no database); reports by target id, by month."""
    out = []
    for t in targets:
        monthly = [(r.month, Decimal(r.value)) for r in reports.get(t.id, [])]
        done = sum((v for _, v in monthly), Decimal(0))
        target = Decimal(t.target_value)
        share = divide(done, target) or Decimal(0)
        elapsed = elapsed_share(t.period_start, t.period_end, today)
        out.append(
            TargetProgress(
                id=t.id,
                name=t.name,
                measure=t.measure,
                department=names.get(t.department_id, ""),
                target=target,
                done=done,
                share_done=share,
                share_elapsed=elapsed,
                behind=share < elapsed - BEHIND_MARGIN,
                period_start=t.period_start,
                period_end=t.period_end,
                last_month=monthly[-1][0] if monthly else None,
                monthly=monthly,
                source=t.source,
            )
        )
    return out
