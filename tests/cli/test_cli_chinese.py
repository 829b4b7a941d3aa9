"""Every help page and usage error of ``pioneer`` is Chinese (issue: English reached users)."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from cli import app

# Latin runs a person may see: option names, file kinds, formats, placeholders, proper nouns
ALLOWED = {
    "pioneer", "json", "JSON", "YAML", "yaml", "PDF", "pdf", "docx", "xlsx", "xls", "csv", "png",
    "jpg", "DOCX", "XLSX", "JPEG", "PNG", "Word", "Excel", "OCR", "SQLite", "PostgreSQL", "YYYY", "MM", "DD", "ID", "URL", "WAL",
    "HMAC", "CLI", "PIONEER_HOME", "PIONEER_DEMO", "PIONEER_DATABASE_URL", "true", "false",
    "training", "subsidy", "loan", "service", "registry", "gaps", "evidence", "scores",
    "yanzhou", "demo", "bonus", "mm", "rubric", "LibreOffice", "N", "K", "R", "S", "I", "x",
    "nosuch",  # the unknown command the test types, echoed back
    "CSV", "jining", "took_ms", "Ctrl",  # a file kind, an example id, a JSON field, a key
    "queued", "running", "retrying", "succeeded", "failed",  # values of jobs list --status
}  # fmt: skip
LATIN = re.compile(r"(?<![-\w])[A-Za-z][A-Za-z_]{1,}(?![\w])")


def commands(cmd, path=()):
    yield path
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from commands(sub, (*path, name))


def english(text: str) -> set[str]:
    text = re.sub(r"--?[\w-]+", "", text)  # option names
    text = re.sub(r"[\w./-]+\.(yaml|json|xlsx|docx|pdf|db)\b", "", text)  # file names
    return {w for w in LATIN.findall(text) if w not in ALLOWED}


ALL = list(commands(get_command(app)))
ALLOWED |= {name for path in ALL for name in path}  # the command names a person types


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "pioneer")
def test_help_pages_are_chinese(path, pioneer_home):
    out = CliRunner().invoke(app, [*path, "--help"], terminal_width=200, prog_name="pioneer")
    assert out.exit_code == 0, out.output
    assert "用法：" in out.output and "显示本帮助并退出" in out.output
    assert not english(out.output), out.output


@pytest.mark.parametrize(
    "args",
    [["gaps"], ["gaps", "--round", "x"], ["gaps", "--bogus"], ["nosuch"], ["export"]],
)
def test_usage_errors_are_chinese(args, pioneer_home):
    out = CliRunner().invoke(app, args, terminal_width=200, prog_name="pioneer")
    assert out.exit_code == 2
    assert "错误" in out.output and "查看帮助" in out.output
    assert not english(out.output), out.output
