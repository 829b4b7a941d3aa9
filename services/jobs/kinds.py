"""The kinds of background work and their handlers.

A handler takes a ``JobContext`` (its arguments, ``progress``, ``final``) and returns a short
Chinese line for 后台任务. It raises to fail the attempt; the job is retried with backoff until
its last attempt (services.jobs.execute). Handlers must be safe to run twice: a worker killed
mid-job means the job runs again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from services.jobs.execute import JobContext, Permanent


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    handler: Callable[[JobContext], str | None]


KINDS: dict[str, Kind] = {}


def kind(name: str, label: str):
    def register(fn: Callable[[JobContext], str | None]):
        KINDS[name] = Kind(name, label, fn)
        return fn

    return register


@kind("ocr", "识别扫描件文字")
def _ocr(ctx: JobContext) -> str:
    from services.evidence.upkeep import ocr_revision

    def progress(done: int, total: int) -> None:
        ctx.progress(done, total, f"已识别 {done}/{total} 页")

    pages, error = ocr_revision(ctx.args["revision_id"], progress, keep_pending=not ctx.final)
    if error:
        raise Permanent(f"扫描件文字识别失败：{error}")
    return f"已识别 {pages} 页"


@kind("precheck", "自查预评重新预评")
def _precheck(ctx: JobContext) -> str:
    from services.precheck.follow import recheck

    return f"已重新预评 {recheck(list(ctx.args.get('evidence_ids', [])))} 条规则"


@kind("verify", "每日存储一致性检查")
def _verify(ctx: JobContext) -> str:
    from services.evidence.upkeep import verify

    report = verify()
    line = f"记录 {report.rows} 条，文件 {report.files} 个，问题 {len(report.problems)} 处"
    if not report.ok:
        shown = "；".join(report.problems[:20])
        more = f"（另有 {len(report.problems) - 20} 处）" if len(report.problems) > 20 else ""
        raise Permanent(f"{line}：{shown}{more}")
    return line + ("；" + "；".join(report.recovered) if report.recovered else "")


def reminder_days() -> int:
    """Items due within this many days are announced (PIONEER_REMINDER_DAYS, default 3)."""
    import os

    return int(os.environ.get("PIONEER_REMINDER_DAYS", "3"))


def _deliver(ctx: JobContext, queued: int | None = None) -> str:
    import datetime as dt

    from services.jobs.queue import submit, waiting
    from services.reminders import outbox
    from store.base import utcnow

    done = outbox.deliver_due(lambda d, t: ctx.progress(d, t, f"已发送 {d} 条"))
    pending = outbox.next_due()
    if pending is not None and not waiting("outbox"):  # one retry job, when the next is due
        at = pending if pending.tzinfo else pending.replace(tzinfo=dt.UTC)
        submit("outbox", delay=max((at - utcnow()).total_seconds(), 0))
    head = f"已生成 {queued} 条提醒，" if queued is not None else ""
    return f"{head}发送成功 {done.sent} 条，待重试 {done.retry} 条，失败 {done.failed} 条"


@kind("reminders", "每日整改提醒")
def _reminders(ctx: JobContext) -> str:
    import datetime as dt

    from services.reminders import outbox

    day = dt.date.fromisoformat(ctx.args["day"]) if "day" in ctx.args else dt.date.today()
    queued = outbox.queue_reminders(day, int(ctx.args.get("days", reminder_days())))
    return _deliver(ctx, queued)


@kind("outbox", "重试发送提醒")
def _outbox(ctx: JobContext) -> str:
    return _deliver(ctx)
