"""`pioneer backup OUT.tar` and `pioneer restore IN.tar`."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import fail
from services.backup.manifest import BackupError
from services.backup.restore import restore_backup
from services.backup.snapshot import create_backup


def backup_command(
    out: Path = typer.Argument(..., metavar="备份文件", help="写入的备份文件"),
) -> None:
    """在系统运行中做一致的在线备份：数据库快照、全部材料文件和带哈希的清单，写入一个归档文件。"""
    try:
        manifest = create_backup(out)
    except BackupError as exc:
        fail(str(exc), 1)
    n = sum(1 for name in manifest.files if name.startswith("evidence/"))
    c = manifest.counts
    typer.echo(
        f"已备份到 {out}：材料 {c.get('evidence', 0)} 份、文件 {n} 个、"
        f"审计事件 {c.get('audit_events', 0)} 条"
    )


def restore_command(
    src: Path = typer.Argument(..., metavar="备份文件", help="pioneer backup 生成的备份文件"),
) -> None:
    """从备份恢复：先按清单核对每个文件的哈希，只恢复到空的数据目录（和空数据库），恢复后运行校验。"""
    try:
        result = restore_backup(src)
    except BackupError as exc:
        fail(str(exc), 2)
    report = result.report
    typer.echo(f"已恢复（备份时间 {result.manifest.created_at[:19].replace('T', ' ')} UTC）")
    typer.echo(
        f"校验：记录 {report.rows} 条，文件 {report.files} 个，问题 {len(report.problems)} 处"
    )
    for p in report.problems:
        typer.echo(f"  {p}")
    for note in result.notes:
        typer.echo(note)
    if not report.ok:
        raise typer.Exit(1)


__all__ = ["backup_command", "restore_command"]
