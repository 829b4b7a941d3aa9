"""Root of the ``pioneer`` command: registers each group of commands."""

from __future__ import annotations

import typer

from cli.demo_cmd import demo_command
from cli.evidence_cmd import evidence_app, init_command
from cli.ledger_cmd import indicators_command, ledger_app, sample_command
from cli.report_cmd import export_command, report_app
from cli.rubric_cmd import rubric_app, score_command

app = typer.Typer(
    help="创业型城市创建评估系统（pioneer）",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(rubric_app, name="rubric")
app.command("score")(score_command)
app.command("init")(init_command)
app.add_typer(evidence_app, name="evidence")
app.command("demo")(demo_command)
app.add_typer(report_app, name="report")
app.command("export")(export_command)
app.add_typer(ledger_app, name="ledger")
app.command("indicators")(indicators_command)
app.command("sample")(sample_command)
