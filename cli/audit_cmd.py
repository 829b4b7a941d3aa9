"""`pioneer audit verify|anchor`: check the tamper-evident audit trail."""

from __future__ import annotations

import typer

from cli.output import print_json
from services.audit.anchor import anchor_path, write_anchors
from services.audit.checks import verify_audit

audit_app = typer.Typer(help="审计日志：校验审计链、写出链头锚点", no_args_is_help=True)


@audit_app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """校验审计日志：逐条核对每个单位的审计链（内容被改动、事件被删除或插入都会指出第一条有问题的事件），
    并核对每份材料的状态与审计记录一致。一致时退出码 0，有问题时 1。"""
    report = verify_audit()
    if as_json:
        print_json(
            {
                "events": report.events,
                "chains": report.chains,
                "evidence": report.evidence,
                "problems": report.problems,
            }
        )
    else:
        typer.echo(
            f"审计事件 {report.events} 条，审计链 {report.chains} 条，"
            f"材料 {report.evidence} 份，问题 {len(report.problems)} 处"
        )
        for p in report.problems:
            typer.echo(f"  {p}")
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("anchor")
def anchor() -> None:
    """把每条审计链当前的链头追加写入锚点文件（每日任务也会写；文件位置见运维说明）。"""
    n = write_anchors()
    typer.echo(f"已写入 {n} 条链头：{anchor_path()}")


__all__ = ["audit_app"]
