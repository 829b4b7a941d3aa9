"""UI fixtures: a demo county built once (SQLite), copied into a fresh home for each test."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.jobs import local as jobs_local
from services.org import auth
from store.db import reset_engines

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo-template")
    mp = pytest.MonkeyPatch()
    mp.setenv("PIONEER_HOME", str(home))
    mp.delenv("PIONEER_DATABASE_URL", raising=False)
    reset_engines()
    from services.demo.build import create_demo

    create_demo()
    reset_engines()
    mp.undo()
    return home


@pytest.fixture
def demo_home(tmp_path, monkeypatch, demo_template) -> Path:
    home = tmp_path / "home"
    shutil.copytree(demo_template, home)
    monkeypatch.setenv("PIONEER_HOME", str(home))
    monkeypatch.setenv("PIONEER_DEMO", "1")
    monkeypatch.delenv("PIONEER_DATABASE_URL", raising=False)
    reset_engines()
    yield home
    # a job a test left running (a binder build, say) must end before the next test's
    # database is set up: it would write its status there
    jobs_local.stop(timeout=300)
    reset_engines()


def password_of(home: Path, username: str) -> str:
    creds = json.loads((home / "demo-credentials.json").read_text(encoding="utf-8"))
    return next(c["password"] for c in creds if c["username"] == username)


def app_as(home: Path, username: str, page: str | None = None) -> AppTest:
    """An AppTest logged in as a demo user (through the real login service), on a page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["actor"] = auth.login(username, password_of(home, username))
    at.session_state["last_seen"] = time.time()
    at.run()
    if page:
        at.switch_page(f"ui/views/{page}.py").run()
    return at


def texts(at: AppTest) -> str:
    """Everything visible as text: titles, markdown, captions, metrics, alerts."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


@contextmanager
def demo_copy(tmp_path_factory, demo_template: Path, name: str) -> Iterator[Path]:
    """A module's own copy of the demo county as the current home (for module fixtures)."""
    home = tmp_path_factory.mktemp(name) / "home"
    shutil.copytree(demo_template, home)
    mp = pytest.MonkeyPatch()
    mp.setenv("PIONEER_HOME", str(home))
    mp.setenv("PIONEER_DEMO", "1")
    mp.delenv("PIONEER_DATABASE_URL", raising=False)
    reset_engines()
    try:
        yield home
    finally:
        mp.undo()
        reset_engines()
