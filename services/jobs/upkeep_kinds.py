"""The nightly kinds of the audit and backup domains, registered with services.jobs.kinds
(this package's __init__ imports this module, so every process that runs jobs knows them):
the audit check, the chain heads written to the anchor file, and the backup."""

from __future__ import annotations

import datetime as dt

from services.jobs.execute import JobContext, Permanent
from services.jobs.kinds import kind


def _day(ctx: JobContext) -> dt.date:
    return dt.date.fromisoformat(ctx.args["day"]) if "day" in ctx.args else dt.date.today()


@kind("audit_verify", "每日审计校验")
def _audit_verify(ctx: JobContext) -> str:
    from services.audit.checks import verify_audit

    report = verify_audit()
    line = (
        f"审计事件 {report.events} 条，审计链 {report.chains} 条，材料 {report.evidence} 份，"
        f"问题 {len(report.problems)} 处"
    )
    if not report.ok:
        more = f"（另有 {len(report.problems) - 20} 处）" if len(report.problems) > 20 else ""
        raise Permanent(f"{line}：{'；'.join(report.problems[:20])}{more}")
    return line


@kind("audit_anchor", "写出审计链头")
def _audit_anchor(ctx: JobContext) -> str:
    from services.audit.anchor import write_anchors

    return f"已写入 {write_anchors(_day(ctx))} 条审计链头"


@kind("backup", "每日备份")
def _backup(ctx: JobContext) -> str:
    from services.backup.nightly import nightly_backup

    return nightly_backup(_day(ctx))  # a failure is retried (a database briefly away)
