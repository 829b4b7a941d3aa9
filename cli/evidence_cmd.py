"""`pioneer init` and `pioneer evidence add|search|reindex|verify|ocr`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from cli.output import fail, print_json
from services.actor import CLI_ACTOR
from services.audit.checks import verify_store_and_audit
from services.errors import ServiceError
from services.evidence import intake as evidence_intake
from services.evidence import search as evidence_search
from services.evidence import upkeep as evidence_upkeep
from services.jobs import local
from services.org import setup
from services.org import units as org
from store.settings import load_settings

evidence_app = typer.Typer(help="证据材料：上传、检索、校验", no_args_is_help=True)


def init_command(
    unit: str = typer.Option(setup.DEFAULT_UNIT, "--unit", help="默认被考评单位名称"),
    rubric: str = typer.Option(None, "--rubric", help="评分细则编号"),
) -> None:
    """创建或升级数据库，按评分细则建立成员单位与责任分工。"""
    try:
        result = setup.initialise(unit, rubric)
    except ServiceError as exc:
        fail(str(exc))
    typer.echo(f"数据库已就绪：{result['database']}")
    typer.echo(
        f"被考评单位：{result['unit']}；新增成员单位 {result['departments']} 个，"
        f"新增责任分工 {result['assignments']} 条"
    )
    if result.get("admin_password"):
        typer.echo(
            f"已创建办公室管理员账号：admin，初始密码：{result['admin_password']}（只显示这一次）"
        )


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"成文日期格式不正确：{value}（应为 YYYY-MM-DD）")


@evidence_app.command("add")
def add(
    file: Path = typer.Argument(..., metavar="文件", help="材料文件（PDF、DOCX、XLSX、JPEG、PNG）"),
    requirement: list[str] = typer.Option(
        ..., "--requirement", "-r", help="证明的要求编号，可多次"
    ),
    department: str = typer.Option(..., "--department", help="提交单位名称"),
    unit: str = typer.Option(None, "--unit", help="被考评单位（只有一个时可省略）"),
    title: str = typer.Option(None, "--title", help="材料标题（默认取文件内标题）"),
    doc_number: str = typer.Option(None, "--doc-number", help="文号"),
    doc_date: str = typer.Option(None, "--doc-date", help="成文日期 YYYY-MM-DD"),
    password: str = typer.Option(None, "--password", help="PDF 打开密码"),
) -> None:
    """上传一份材料；成功时输出一行 JSON，拒收时输出中文原因并以 2 退出。"""
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"无法读取文件「{file}」：{exc.strerror}")
    date = _date(doc_date)
    try:
        summary = evidence_intake.add_evidence(
            CLI_ACTOR,
            data,
            file.name,
            requirements=list(requirement),
            department=department,
            unit=org.resolve_unit(unit).name,
            title=title,
            doc_number=doc_number,
            doc_date=date,
            password=password,
        )
        if summary["needs_ocr"] and load_settings().is_sqlite:
            local.run_due()  # on PostgreSQL the workers recognise it
    except ServiceError as exc:
        fail(str(exc))
    typer.echo(json.dumps(summary, ensure_ascii=False))


@evidence_app.command("search")
def search(
    query: str = typer.Argument(..., metavar="检索词", help="检索词，可用空格分隔多个词"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（含检索用时 took_ms）"),
    limit: int = typer.Option(30, "--limit", help="最多返回条数"),
    unit: list[str] = typer.Option(None, "--unit", help="被考评单位名称，可多次；默认全部单位"),
    department: str = typer.Option(None, "--department", help="提交单位名称"),
    requirement: list[str] = typer.Option(None, "--requirement", "-r", help="要求编号，可多次"),
    date_from: str = typer.Option(None, "--from", help="成文日期不早于 YYYY-MM-DD"),
    date_to: str = typer.Option(None, "--to", help="成文日期不晚于 YYYY-MM-DD"),
) -> None:
    """在材料全文中检索（含 OCR 识别的扫描件），按相关程度排序。"""
    start, end = _date(date_from), _date(date_to)
    query = evidence_search.clean_query(
        query
    )  # what is searched and echoed: no NUL, no lone surrogates
    unit = [evidence_search.clean_query(u) for u in unit or []]
    department = evidence_search.clean_query(department or "")
    try:
        units = [org.resolve_unit(u) for u in unit]
        dept_id = None
        if department:
            unit_id = (units[0] if units else org.resolve_unit(None)).id
            found = [d.id for d in org.list_departments(CLI_ACTOR, unit_id) if d.name == department]
            if not found:
                fail(f"成员单位「{department}」不存在")
            dept_id = found[0]
        result = evidence_search.search_evidence(
            CLI_ACTOR,
            query,
            unit_ids=[u.id for u in units] if units else None,
            department_id=dept_id,
            requirements=requirement or None,
            date_from=start,
            date_to=end,
            limit=limit,
        )
    except ServiceError as exc:
        fail(str(exc))
    hits = result.hits
    if as_json:
        print_json(
            {
                "took_ms": result.took_ms,
                "index": result.index,
                "total": len(hits),
                "hits": [h.__dict__ for h in hits],
            }
        )
        return
    if not hits:
        typer.echo(f"没有找到包含「{query}」的材料（用时 {result.took_ms} 毫秒）")
        return
    for h in hits:
        typer.echo(
            f"[{h.evidence_id}] {h.original_name}（{h.title}，{h.department}，第 {h.page} 页）"
        )
        typer.echo(f"    {h.snippet}")
    typer.echo(f"共 {len(hits)} 份，用时 {result.took_ms} 毫秒")


@evidence_app.command("reindex")
def reindex() -> None:
    """按已保存的页面文本重建全部检索索引（升级或恢复备份之后运行）。"""
    n = evidence_search.reindex(
        CLI_ACTOR, lambda d, t: typer.echo(f"  已处理 {d}/{t} 页") if d % 5000 == 0 else None
    )
    typer.echo(f"检索索引已重建：{n} 页")


@evidence_app.command("verify")
def verify() -> None:
    """校验存储与审计：每条记录的文件存在且哈希一致，没有无主文件；审计链完整，材料状态与审计记录一致。一致时退出码 0。"""
    report = verify_store_and_audit()
    for line in report.recovered:
        typer.echo(line)
    typer.echo(f"记录 {report.rows} 条，文件 {report.files} 个，问题 {len(report.problems)} 处")
    for p in report.problems:
        typer.echo(f"  {p}")
    if not report.ok:
        raise typer.Exit(1)


@evidence_app.command("ocr")
def ocr() -> None:
    """识别所有待 OCR 的扫描页。"""
    n = evidence_upkeep.run_pending_ocr(lambda d, t: typer.echo(f"  OCR {d}/{t}"))
    typer.echo(f"已识别 {n} 页")


__all__ = ["evidence_app", "init_command"]
