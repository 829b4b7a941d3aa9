"""`pioneer unit add|list|import`: units in a hierarchy (省 > 市 > 县区 > 街道乡镇 > 社区)."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import fail, print_json
from services.actor import CLI_ACTOR
from services.errors import ServiceError
from services.org import hierarchy
from store.org import UNIT_LEVELS

unit_app = typer.Typer(help="被考评单位：添加、列出、从 Excel 批量导入", no_args_is_help=True)


@unit_app.command("add")
def add_command(
    name: str = typer.Argument(..., metavar="名称", help="单位名称"),
    level: str = typer.Option("县区", "--level", metavar="层级", help="、".join(UNIT_LEVELS)),
    parent: str = typer.Option(
        None, "--parent", metavar="上级", help="上级单位名称，重名时写路径：济宁市/兖州区"
    ),
    rubric: str = typer.Option(None, "--rubric", metavar="细则", help="评分细则（默认当前细则）"),
) -> None:
    """添加一个被考评单位（同时按评分细则建立成员单位和责任分工）。"""
    try:
        result = hierarchy.add_unit(CLI_ACTOR, name, level, parent, rubric)
    except ServiceError as exc:
        fail(str(exc))
    typer.echo(
        f"已添加{result['level']}「{result['unit']}」，成员单位 {result['departments']} 个，"
        f"责任分工 {result['assignments']} 条。"
    )


@unit_app.command("list")
def list_command(as_json: bool = typer.Option(False, "--json", help="以 JSON 输出")) -> None:
    """按层级列出被考评单位。"""
    lines = hierarchy.unit_lines(CLI_ACTOR)
    if as_json:
        print_json(
            [
                {"id": u.id, "name": u.name, "level": u.level, "parent": u.parent, "path": u.path}
                for u in lines
            ]
        )
        return
    if not lines:
        typer.echo("尚未建立被考评单位。")
    for u in lines:
        typer.echo(f"{'  ' * u.depth}{u.name}（{u.level}）")


@unit_app.command("import")
def import_command(
    path: Path = typer.Argument(..., metavar="文件", help="Excel 或 CSV：单位名称、层级、上级单位"),
    parent: str = typer.Option(None, "--parent", metavar="上级", help="未写上级单位的行归于此单位"),
) -> None:
    """从 Excel 单位清单批量建立被考评单位（已存在的跳过）。"""
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"无法读取「{path}」：{exc.strerror}")
    try:
        result = hierarchy.import_units(CLI_ACTOR, data, path.name, parent=parent)
    except ServiceError as exc:
        fail(str(exc))
    for line in result["errors"]:
        typer.echo(line, err=True)
    typer.echo(
        f"已建立 {len(result['created'])} 个单位，跳过已存在的 {len(result['skipped'])} 个，"
        f"有误 {len(result['errors'])} 行。"
    )
    if result["errors"]:
        raise typer.Exit(2)
