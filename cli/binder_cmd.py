"""`pioneer binder`: 迎检材料汇编, one PDF per system and 材料目录.xlsx."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import fail
from services.actor import CLI_ACTOR
from services.documents.binder import build_binder
from services.errors import ServiceError


def binder_command(
    round_id: int = typer.Option(..., "--round", help="轮次编号（封面得分按此轮计算）"),
    out: Path = typer.Option(..., "--out", help="输出目录"),
) -> None:
    """生成迎检材料汇编：每个体系一份 PDF（封面、目录、分隔页、已审核通过的材料、缺失材料清单），
    以及材料目录.xlsx。"""

    def progress(done: int, total: int, step: str | None = None) -> None:
        if step:
            typer.echo(f"[{done}/{total}] {step}", err=True)

    try:
        summary = build_binder(CLI_ACTOR, round_id, out, progress=progress)
    except ServiceError as exc:
        fail(str(exc))
    for f in summary["files"]:
        typer.echo(
            f"{f['file']}：{f['pages']} 页，材料 {f['documents']} 份，缺失 {f['missing']} 项，"
            f"{fmt_size(f['bytes'])}"
        )
    typer.echo(
        f"已生成迎检材料汇编：{summary['folder']}（{len(summary['files'])} 册，共 {summary['pages']} 页，"
        f"材料目录见 {summary['index']}，用时 {summary['seconds']} 秒）"
    )


def fmt_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
