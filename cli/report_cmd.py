"""`pioneer report assessment|notices|bulletin` and `pioneer export gaps|evidence|scores`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from cli.output import fail
from cli.output import write_file as _write
from scoring import FindingsError, fmt
from services.actor import CLI_ACTOR
from services.documents import core as documents
from services.errors import ServiceError
from services.rubrics import RubricError

report_app = typer.Typer(help="公文格式报告（Word）", no_args_is_help=True)


@report_app.command("assessment")
def assessment(
    out: Path = typer.Option(..., "--out", help="输出 .docx 文件"),
    round_id: int = typer.Option(None, "--round", help="轮次编号"),
    findings: Path = typer.Option(None, "--findings", help="或：评分结果文件"),
) -> None:
    """生成模拟考评报告 / 自评报告。"""
    if (round_id is None) == (findings is None):
        fail("请在 --round 和 --findings 中指定且只指定一个")
    try:
        if findings is not None:
            data, card = documents.assessment_report_from_file(CLI_ACTOR, findings)
            total = card.total
        else:
            data = documents.assessment_report(CLI_ACTOR, round_id)
            total = None
    except (ServiceError, FindingsError, RubricError) as exc:
        fail(str(exc))
    _write(out, data)
    extra = f"，总分 {fmt(total)} 分" if total is not None else ""
    typer.echo(f"已生成考评报告：{out}{extra}")


@report_app.command("notices")
def notices(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    out: Path = typer.Option(..., "--out", help="输出目录"),
) -> None:
    """为每个有失分或待评项的责任单位生成整改通知书。"""
    try:
        docs = documents.notices(CLI_ACTOR, round_id)
    except ServiceError as exc:
        fail(str(exc))
    for dept, data in docs.items():
        _write(out / f"整改通知书-{dept}.docx", data)
    typer.echo(f"已生成 {len(docs)} 份整改通知书：{out}")


@report_app.command("bulletin")
def bulletin(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    since: str = typer.Option(..., "--since", help="统计起始日期 YYYY-MM-DD"),
    out: Path = typer.Option(..., "--out", help="输出 .docx 文件"),
) -> None:
    """生成一期工作简报（起始日期至今）。"""
    try:
        start = dt.date.fromisoformat(since)
    except ValueError:
        fail(f"日期格式不正确：{since}（应为 YYYY-MM-DD）")
    try:
        data = documents.bulletin(CLI_ACTOR, round_id, start)
    except ServiceError as exc:
        fail(str(exc))
    _write(out, data)
    typer.echo(f"已生成工作简报：{out}")


def export_command(
    what: str = typer.Argument(
        ..., metavar="类别", help="gaps（整改清单）、evidence（材料清单）或 scores（得分表）"
    ),
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    out: Path = typer.Option(..., "--out", help="输出 .xlsx 文件"),
) -> None:
    """导出 Excel：整改清单、材料清单或得分表。"""
    try:
        data = documents.export(CLI_ACTOR, what, round_id)
    except ServiceError as exc:
        fail(str(exc))
    _write(out, data)
    typer.echo(f"已导出：{out}")
