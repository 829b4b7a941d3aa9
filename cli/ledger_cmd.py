"""`pioneer ledger import|list`, `pioneer indicators` and `pioneer sample`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from cli.output import fail, print_json, write_file
from services.actor import CLI_ACTOR
from services.errors import ServiceError
from services.ledgers import imports as ledgers
from services.ledgers import indicators, samples
from services.ledgers.templates import kind_titles, ledger_template
from services.org import units as org
from store.ledger_tables import LEDGER_KINDS

ledger_app = typer.Typer(help="台账：导入与查看（身份证号一律脱敏显示）", no_args_is_help=True)
KINDS_HELP = "台账类型（取值见下方说明）"
KINDS_EPILOG = "台账类型：" + "；".join(f"{k} {t}" for k, t in kind_titles().items()) + "。"


def _unit_id(name: str | None) -> int:
    try:
        return org.resolve_unit(name).id
    except ServiceError as exc:
        fail(str(exc))


def _kind(kind: str) -> str:
    if kind not in LEDGER_KINDS:
        fail(f"台账类型应为 {'、'.join(LEDGER_KINDS)} 之一，而不是「{kind}」")
    return kind


@ledger_app.command("import", epilog=KINDS_EPILOG)
def import_command(
    file: Path = typer.Argument(..., metavar="台账文件", help="台账文件（.xlsx、.xls 或 .csv）"),
    kind: str = typer.Option(..., "--kind", help=KINDS_HELP),
    unit: str = typer.Option(None, "--unit", help="被考评单位（只有一个时可省略）"),
    department: str = typer.Option(None, "--department", help="报送台账的单位"),
    period: str = typer.Option(None, "--period", help="统计期，如 2020年（默认按日期推断）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """导入一份台账：逐行检查，合格行入库，问题行列出行号、列名和原因。

    退出码：0 文件已读取（即使有问题行）；2 文件无法读取或无法识别为该类台账。"""
    kind = _kind(kind)
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"无法读取文件「{file}」：{exc.strerror or exc}")
    unit_id = _unit_id(unit)
    try:
        result = ledgers.import_ledger(
            CLI_ACTOR,
            data,
            file.name,
            kind,
            unit_id=unit_id,
            department=department,
            period_label=period,
        )
    except ServiceError as exc:
        fail(str(exc))
    if as_json:
        print_json(
            {
                "import_id": result["import_id"],
                "kind": result["kind"],
                "file": result["file"],
                "rows": result["rows"],
                "imported": result["imported"],
                "rejected": result["rejected"],
                "outcome": result["outcome"],
                "rejections": [
                    {
                        "row": r["row"],
                        "name": r["name"],
                        "column": r["column"],
                        "reason": r["reason"],
                    }
                    for r in result["rejections"]
                ],
                "header_mapping": result["header_mapping"],
                "unsure": result["unsure"],
                "notes": result["notes"],
            }
        )
        return
    lead = {
        "ok": "",
        "warning": "注意：有行被退回。",
        "error": "错误：过半数据行被退回，请核对文件。",
    }
    typer.echo(f"{lead[result['outcome']]}{result['summary']}（导入批次 {result['import_id']}）")
    if result["unsure"]:
        typer.echo(f"按近似列名匹配，请核对：{'、'.join(result['unsure'])}")
        for name in result["unsure"]:
            typer.echo(f"  {name} ← “{result['header_mapping'][name]}”")
    for note in result["notes"]:
        typer.echo(note)
    for r in result["rejections"]:
        value = f"（“{r['value']}”）" if r["value"] else ""
        who = f" {r['name']}" if r["name"] else ""
        typer.echo(f"  第{r['row']}行{who} {r['column']}{value}：{r['reason']}")


@ledger_app.command("template", epilog=KINDS_EPILOG)
def template_command(
    kind: str = typer.Option(..., "--kind", help=KINDS_HELP),
    out: Path = typer.Option(..., "--out", help="输出 .xlsx 文件"),
) -> None:
    """生成台账填写模板：表头、列说明、数据有效性（日期、是/否、身份证号长度）和示例行。"""
    try:
        name, data = ledger_template(CLI_ACTOR, _kind(kind))
    except ServiceError as exc:
        fail(str(exc))
    write_file(out, data)
    typer.echo(
        f"已生成{name.removesuffix('.xlsx')}：{out}（填写“台账”工作表后用 pioneer ledger import 导入）"
    )


@ledger_app.command("list")
def list_command(
    unit: str = typer.Option(None, "--unit", help="被考评单位（只有一个时可省略）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """列出已导入的台账批次。"""
    items = ledgers.list_imports(CLI_ACTOR, _unit_id(unit))
    if as_json:
        print_json(items)
        return
    if not items:
        typer.echo("尚未导入任何台账")
    for d in items:
        typer.echo(
            f"[{d['id']}] {d['kind_title']}《{d['file']}》 {d['department'] or '办公室'} "
            f"共{d['rows']}行，导入{d['imported']}行，退回{d['rejected']}行"
        )


def indicators_command(
    round_id: int = typer.Option(..., "--round", help="考评轮次编号"),
    propose: bool = typer.Option(False, "--propose", help="同时把计算结果存为建议值，待考核组确认"),
    as_of: str = typer.Option(None, "--as-of", help="计算创业成功率的截止日期 YYYY-MM-DD"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """按台账、部门填报值和满意度调查计算数据指标，列出公式和来源。"""
    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            fail(f"日期格式不正确：{as_of}（应为 YYYY-MM-DD）")
    try:
        if propose:
            indicators.propose_findings(CLI_ACTOR, round_id, as_of=day)
        lines = indicators.indicator_lines(CLI_ACTOR, round_id, as_of=day)
        unit_id = _round_unit(round_id)
        figures = indicators.compute_figures(CLI_ACTOR, unit_id, as_of=day)
        service = indicators.service_summary(CLI_ACTOR, unit_id)
        proposals = indicators.list_proposals(CLI_ACTOR, round_id)
    except ServiceError as exc:
        fail(str(exc))
    if as_json:
        print_json(
            {
                "round": round_id,
                "indicators": [
                    {
                        "id": x.id,
                        "rule": x.rule_id,
                        "name": x.name,
                        "value": x.value,
                        "value_text": x.value_text,
                        "formula": x.formula,
                        "source": x.source,
                        "target": x.target,
                        "met": x.met,
                        "status": x.status,
                    }
                    for x in lines
                ],
                "figures": [
                    {
                        "key": f.key,
                        "rule": f.rule_id,
                        "name": f.figure.name,
                        "value": f.figure.value,
                        "value_text": f.value_text,
                        "proposed": f.proposed,
                        "formula": f.figure.formula,
                        "source": f.source,
                        "note": f.note,
                    }
                    for f in figures
                ],
                "service": service,
                "proposals": proposals,
            }
        )
        return
    typer.echo("数据指标（体系六）")
    for x in lines:
        met = {True: "达标", False: "未达标", None: "—"}[x.met]
        typer.echo(
            f"  {x.name}（{x.rule_id}）：{x.value_text}，目标{x.target_text}，{met}，{x.status_label}"
        )
        typer.echo(f"    公式：{x.formula}")
        if x.source:
            typer.echo(f"    来源：{x.source}")
    others = [f for f in figures if not f.rule_id.startswith("6.")]
    if others:
        typer.echo("台账比例")
        for f in others:
            typer.echo(
                f"  {f.figure.name}（{f.rule_id}）：{f.value_text}{'，' + f.note if f.note else ''}"
            )
            typer.echo(f"    公式：{f.figure.formula}")
            typer.echo(f"    来源：{f.source}")
    if service:
        items = "、".join(f"{k}{v}件" for k, v in service["per_item"].items())
        typer.echo(
            f"创业“一件事”办件：共{service['total']}件（{items}），已办结{service['done']}件，"
            f"办结天数中位数{service['median_days']}天，{service['formula']}"
        )


def _round_unit(round_id: int) -> int:
    from services.rounds.core import get_round

    return get_round(CLI_ACTOR, round_id).unit_id


def sample_command(
    ledger: str = typer.Option(None, "--ledger", help="台账类型：" + "、".join(kind_titles())),
    n: int = typer.Option(10, "--n", help="抽取条数"),
    seed: int = typer.Option(None, "--seed", help="随机种子（不填则随机生成并记录）"),
    unit: str = typer.Option(None, "--unit", help="被考评单位（只有一个时可省略）"),
    redraw: int = typer.Option(None, "--redraw", help="按抽样记录编号重新抽取，核验结果是否一致"),
    xlsx: Path = typer.Option(None, "--xlsx", help="把核查清单另存为 Excel 文件"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """随机抽查：按种子从台账中抽取 N 条记录，输出核查清单（身份证号脱敏）。"""
    try:
        if redraw is not None:
            result = samples.redraw(CLI_ACTOR, redraw)
        else:
            if not ledger:
                fail("请用 --ledger 指定台账类型，或用 --redraw 指定要核验的抽样记录")
            result = samples.draw_sample(CLI_ACTOR, _kind(ledger), n, seed, unit_id=_unit_id(unit))
    except ServiceError as exc:
        fail(str(exc))
    if xlsx is not None:
        try:
            xlsx.write_bytes(samples.checklist_xlsx(result))
        except OSError as exc:
            fail(f"无法写入「{xlsx}」：{exc.strerror or exc}")
    if as_json:
        print_json({k: v for k, v in result.items() if k != "headers"})
    else:
        typer.echo(f"抽样记录 {result['sample_id']}：{result['kind_title']}")
        typer.echo(result["description"])
        if redraw is not None:
            typer.echo(
                "核验结果：与原抽样一致" if result["matches"] else "核验结果：与原抽样不一致"
            )
        headers = [h for h in result["headers"] if h not in ("核查结果", "核查人", "备注")]
        typer.echo("  ".join(headers))
        for row in result["rows"]:
            typer.echo("  ".join(str(row[h]) for h in headers))
    if redraw is not None and not result["matches"]:
        raise typer.Exit(1)


__all__ = ["indicators_command", "ledger_app", "sample_command"]
