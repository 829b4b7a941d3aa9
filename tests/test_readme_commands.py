"""README's commands name scripts that exist, run, and do what the README says they do."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_script_the_readme_names_exists_and_is_executable():
    named = set(re.findall(r"\bscripts/[\w.-]*\w", README))
    assert {"scripts/run", "scripts/test", "scripts/run-city"} <= named
    for script in named:
        path = ROOT / script
        assert path.is_file(), script
        if path.suffix != ".py":  # a .py is run by the venv's python
            assert os.access(path, os.X_OK), script


def test_the_city_command_starts_a_worker_with_the_app_on_postgresql():
    body = (ROOT / "scripts" / "run-city").read_text(encoding="utf-8")
    assert "postgresql://" in body
    assert "pioneer demo --city" in body
    assert re.search(r"pioneer worker\b.*&", body)  # in the background, beside the app
    assert "streamlit run app.py" in body
    assert "kill" in body  # stopped with the app


def test_ci_runs_the_readme_test_command():
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
