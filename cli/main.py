"""Root of the ``pioneer`` command: registers each group of commands."""

from __future__ import annotations

import sys

import typer

from cli.audit_cmd import audit_app
from cli.backup_cmd import backup_command, restore_command
from cli.binder_cmd import binder_command
from cli.demo_cmd import demo_command
from cli.evidence_cmd import evidence_app, init_command
from cli.gaps_cmd import gaps_command
from cli.jobs_cmd import jobs_app, worker_command
from cli.ledger_cmd import indicators_command, ledger_app, sample_command
from cli.precheck_cmd import precheck_command
from cli.report_cmd import export_command, report_app
from cli.rubric_cmd import rubric_app, score_command
from cli.setup_cmd import setup_command
from cli.unit_cmd import unit_app
from store.migrate import ensure_current

app = typer.Typer(
    help="创业型城市创建评估系统（pioneer）",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# commands that work without a database, or that create and upgrade it themselves
NO_SCHEMA_CHECK = {"rubric", "score", "init", "demo", "setup", "restore", None}


def _wants_help() -> bool:
    """A help page never touches the database (the group callback cannot see the sub-args)."""
    return any(a in ("--help", "-h") for a in sys.argv[1:])


@app.callback()
def _root(ctx: typer.Context) -> None:
    """创业型城市创建评估系统（pioneer）"""
    if _wants_help():
        return  # a help page never touches the database
    if ctx.invoked_subcommand not in NO_SCHEMA_CHECK and ensure_current():
        typer.echo("数据库结构已升级到当前版本。", err=True)


app.add_typer(rubric_app, name="rubric")
app.command("score")(score_command)
app.command("init")(init_command)
app.command("setup")(setup_command)
app.add_typer(evidence_app, name="evidence")
app.command("demo")(demo_command)
app.add_typer(report_app, name="report")
app.command("export")(export_command)
app.command("gaps")(gaps_command)
app.command("precheck")(precheck_command)
app.add_typer(ledger_app, name="ledger")
app.command("indicators")(indicators_command)
app.command("sample")(sample_command)
app.command("binder")(binder_command)
app.add_typer(unit_app, name="unit")
app.command("worker")(worker_command)
app.add_typer(jobs_app, name="jobs")
app.add_typer(audit_app, name="audit")
app.command("backup")(backup_command)
app.command("restore")(restore_command)
