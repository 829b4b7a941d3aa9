"""A test that needs a system tool (LibreOffice, pdftotext, fontconfig) skips without it on a
developer's machine and fails on CI (``CI`` set, as .ci/run does), so CI never passes by
skipping: it goes through ``tests.tools.require``, never a skip of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import tools

ROOT = Path(__file__).resolve().parents[1]
_LOOKS_FOR_A_TOOL = re.compile(r"\bwhich\(|\bneeds\(")


def test_no_test_skips_for_a_missing_tool_by_itself():
    own = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path == ROOT / "tests" / "tools.py":
            continue
        src = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = ast.get_source_segment(src, node) or ""
                if _LOOKS_FOR_A_TOOL.search(body) and "pytest.skip(" in body:
                    own.append(f"{path.relative_to(ROOT).as_posix()}::{node.name}")
    assert own == []


def test_a_missing_tool_fails_on_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setattr(tools.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI 上缺少 soffice、pdftotext"):
        tools.require("soffice", "pdftotext")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="soffice"):
        tools.require("soffice", "pdftotext")
    monkeypatch.setattr(tools.shutil, "which", lambda name: f"/usr/bin/{name}")
    tools.require("soffice", "pdftotext")  # present: neither
