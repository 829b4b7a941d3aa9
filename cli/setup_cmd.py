"""`pioneer setup --from F.yaml`: the first setup of a real county, without questions."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.output import fail, write_file
from reports.credentials import sealed_credentials
from services.actor import CLI_ACTOR
from services.errors import ServiceError
from services.setup.apply import apply_setup
from services.setup.plan import draft, plan_from_yaml
from services.setup.summary import draft_lines, result_lines

DEFAULT_PASSWORDS = "初始账号.xlsx"


def _free(path: Path) -> Path:
    """``path``, or 初始账号（2）.xlsx … when it exists: an earlier export is never overwritten."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        n += 1
    return candidate


def setup_command(
    source: Path = typer.Option(
        ..., "--from", help="设置文件（YAML），见 examples/setup-yanzhou.yaml"
    ),
    passwords: Path = typer.Option(
        None, "--passwords", help="初始账号与一次性密码导出到此 Excel（加密），默认 初始账号.xlsx"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将要建立的内容，不写入"),
) -> None:
    """首次设置被考评单位：单位与层级、评分细则、按领导小组成员名单建立成员单位和责任分工、
    各单位账号（一次性密码导出为加密 Excel）、第一轮及四个阶段的日期。"""
    try:
        plan, extra = plan_from_yaml(source)
        for line in draft_lines(plan, draft(plan)):
            typer.echo(line)
        if dry_run:
            typer.echo("（试运行：未写入任何内容）")
            return
        result = apply_setup(CLI_ACTOR, plan)
    except ServiceError as exc:
        fail(str(exc))
    typer.echo("—— 已完成 ——")
    for line in result_lines(result):
        typer.echo(line)
    if not result.accounts:
        typer.echo("没有新建账号，未导出密码表。")
        return
    out = _free(passwords or Path(extra.get("passwords") or DEFAULT_PASSWORDS))
    data, seal = sealed_credentials(result.accounts, result.unit)
    write_file(out, data)
    typer.echo(
        f"初始账号与一次性密码已导出：{out}（已加密，打开密码：{seal}）。"
        "请把文件和打开密码分开交给经办人；首次登录时每个账号都须修改密码。"
    )
