"""`pioneer report assessment|notices|bulletin|rollup` and `pioneer export gaps|evidence|scores`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from cli.output import fail, pdf_option, write_document
from scoring import FindingsError, fmt
from services.actor import CLI_ACTOR
from services.documents import core as documents
from services.documents.bulletin import issued_bulletin
from services.errors import ServiceError
from services.rubrics import RubricError

report_app = typer.Typer(help="公文格式报告（Word，可同时生成 PDF）", no_args_is_help=True)


NUMBER_HELP = "发文字号的序号（默认取本单位本年度的下一个号；已用于其他文件的号不能再用）"


def _echo_pdf(pdf_path: Path | None) -> None:
    if pdf_path is not None:
        typer.echo(f"已生成 PDF：{pdf_path}")


@report_app.command("assessment")
def assessment(
    out: Path = typer.Option(..., "--out", help="输出 .docx 文件"),
    round_id: int = typer.Option(None, "--round", help="轮次编号"),
    findings: Path = typer.Option(None, "--findings", help="或：评分结果文件"),
    number: int = typer.Option(None, "--number", help=NUMBER_HELP),
    pdf: bool = pdf_option(),
) -> None:
    """生成模拟考评报告 / 自评报告（带发文字号，如「兖创办发〔2026〕3号」）。"""
    if (round_id is None) == (findings is None):
        fail("请在 --round 和 --findings 中指定且只指定一个")
    if findings is not None and number is not None:
        fail("按评分结果文件生成的报告不编发文字号，请去掉 --number")
    try:
        if findings is not None:
            data, card = documents.assessment_report_from_file(CLI_ACTOR, findings)
            extra = f"，总分 {fmt(card.total)} 分"
        else:
            data, doc_no = documents.issued_assessment(CLI_ACTOR, round_id, number=number)
            extra = f"，发文字号：{doc_no}"
    except (ServiceError, FindingsError, RubricError) as exc:
        fail(str(exc))
    made = write_document(out, data, pdf=pdf)
    typer.echo(f"已生成考评报告：{out}{extra}")
    _echo_pdf(made)


@report_app.command("batch")
def batch(
    out: Path = typer.Option(..., "--out", help="输出的压缩文件"),
    unit: str = typer.Option(None, "--unit", help="上级单位：其本身及所有下级单位的当前轮次"),
    pdf: bool = typer.Option(False, "--pdf", help="报告同时转换为 PDF（压缩文件中为 PDF 文件）"),
) -> None:
    """批量生成多个单位当前轮次的考评报告（后台任务；打包为一个压缩文件）。"""
    from cli.jobs_cmd import wait_for_job
    from services.jobs import requests as job_requests
    from services.org import units as org

    try:
        root = org.resolve_unit(unit).id
        job_id = job_requests.start_report_batch(
            CLI_ACTOR, job_requests.batch_rounds(CLI_ACTOR, root), pdf=pdf
        )
    except ServiceError as exc:
        fail(str(exc))
    job = wait_for_job(job_id)
    if job["status"] != "succeeded":
        fail(f"批量生成失败：{job['error']}", 1)
    write_document(out, job_requests.job_output(CLI_ACTOR, job_id)[1])
    typer.echo(f"{job['message']}：{out}")
    for line in (job["result"] or {}).get("refused", []):
        typer.echo(f"  未生成：{line}", err=True)


@report_app.command("notices")
def notices(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    out: Path = typer.Option(..., "--out", help="输出目录"),
    department: str = typer.Option(None, "--department", help="只给这一个责任单位发通知书"),
    number: int = typer.Option(None, "--number", help=NUMBER_HELP + "；须同时指定 --department"),
    pdf: bool = pdf_option(),
) -> None:
    """为每个有失分或待评项的责任单位生成整改通知书（每份一个发文字号）。"""
    try:
        docs = documents.issued_notices(CLI_ACTOR, round_id, department=department, number=number)
    except ServiceError as exc:
        fail(str(exc))
    for dept, (data, doc_no) in docs.items():
        target = out / f"整改通知书-{dept}.docx"
        made = write_document(target, data, pdf=pdf)
        typer.echo(f"{doc_no}　{dept}：{target}")
        _echo_pdf(made)
    typer.echo(f"已生成 {len(docs)} 份整改通知书：{out}")


@report_app.command("bulletin")
def bulletin(
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    out: Path = typer.Option(..., "--out", help="输出 .docx 文件"),
    since: str = typer.Option(
        None, "--since", help="统计起始日期 YYYY-MM-DD（默认自上一期简报起，首期自本轮开始）"
    ),
    number: int = typer.Option(
        None, "--number", help="期号（默认取本单位本年度的下一期；同一期号可重印）"
    ),
    pdf: bool = pdf_option(),
) -> None:
    """生成一期工作简报（期号按本单位每年连续编号）。"""
    start = None
    if since is not None:
        try:
            start = dt.date.fromisoformat(since)
        except ValueError:
            fail(f"日期格式不正确：{since}（应为 YYYY-MM-DD）")
    try:
        data, issue_no = issued_bulletin(CLI_ACTOR, round_id, start, issue_no=number)
    except ServiceError as exc:
        fail(str(exc))
    made = write_document(out, data, pdf=pdf)
    typer.echo(f"已生成工作简报第{issue_no}期：{out}")
    _echo_pdf(made)


@report_app.command("rollup")
def rollup(
    out: Path = typer.Option(..., "--out", help="输出 .docx 文件"),
    unit: str = typer.Option(None, "--unit", help="上级单位（市或省）：通报其所有下级单位"),
    pdf: bool = pdf_option(),
) -> None:
    """生成全市（全省）创建工作进展通报（带发文字号，发往下级单位）。"""
    from services.org import units as org
    from services.rollup.documents import rollup_notice

    try:
        data = rollup_notice(CLI_ACTOR, org.resolve_unit(unit).id)
    except ServiceError as exc:
        fail(str(exc))
    made = write_document(out, data, pdf=pdf)
    typer.echo(f"已生成创建工作进展通报：{out}")
    _echo_pdf(made)


def export_command(
    what: str = typer.Argument(
        ..., metavar="类别", help="gaps（整改清单）、evidence（材料清单）或 scores（得分表）"
    ),
    round_id: int = typer.Option(..., "--round", help="轮次编号"),
    out: Path = typer.Option(..., "--out", help="输出 .xlsx 文件"),
    pdf: bool = pdf_option(),
) -> None:
    """导出 Excel：整改清单、材料清单或得分表。"""
    try:
        data = documents.export(CLI_ACTOR, what, round_id)
    except ServiceError as exc:
        fail(str(exc))
    made = write_document(out, data, pdf=pdf, kind="xlsx")
    typer.echo(f"已导出：{out}")
    _echo_pdf(made)
