"""Several app servers on one PostgreSQL database and one file root (PIONEER_FILES_ROOT): a file
uploaded through one is seen, searchable and downloadable on the other, and the store checks
out from either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.helpers import UNIT, docx_bytes, make_world

pytestmark = pytest.mark.pg

PYTHON = sys.executable
PIONEER = str(Path(PYTHON).parent / "pioneer")


def server(home: Path, files: Path) -> dict:
    """The environment of one app server: its own home (logs, caches), the shared file root,
    and the one identity-number key every server is given (PIONEER_SECRET_FILE)."""
    home.mkdir(parents=True, exist_ok=True)
    return dict(
        os.environ,
        PIONEER_HOME=str(home),
        PIONEER_FILES_ROOT=str(files),
        PIONEER_SECRET_FILE=str(files.parent / "keys" / "secret.key"),
    )


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def test_an_upload_on_one_server_is_seen_and_found_on_the_other(pioneer_home, tmp_path):
    make_world()
    files = tmp_path / "shared-files"  # the network mount
    a = server(tmp_path / "server-a", files)
    b = server(tmp_path / "server-b", files)
    doc = tmp_path / "领导小组文件.docx"
    doc.write_bytes(docx_bytes("关于成立创业型城市创建工作领导小组的通知", "各成员单位分工负责。"))
    added = run(
        a,
        PIONEER,
        "evidence",
        "add",
        str(doc),
        "--requirement",
        "1.1.1",
        "--department",
        "区人社局",
        "--unit",
        UNIT,
    )
    assert added.returncode == 0, added.stderr
    sha = json.loads(added.stdout)["sha256"]
    assert (files / "evidence" / sha[:2] / sha[2:4] / sha).is_file()
    assert not (tmp_path / "server-a" / "evidence").exists()  # nothing under the server's home

    found = run(b, PIONEER, "evidence", "search", "领导小组", "--json")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    hits = hits["hits"] if isinstance(hits, dict) else hits
    assert [h["original_name"] for h in hits] == ["领导小组文件.docx"]
    fetched = run(
        b,
        PYTHON,
        "-c",
        "import sys, hashlib\n"
        "from services.actor import CLI_ACTOR\n"
        "from services.evidence.query import evidence_bytes\n"
        f"print(hashlib.sha256(evidence_bytes(CLI_ACTOR, {hits[0]['evidence_id']})[2]).hexdigest())",
    )
    assert fetched.stdout.strip() == sha, fetched.stderr
    verified = run(b, PIONEER, "evidence", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "问题 0 处" in verified.stdout
    keys = {
        run(
            env, PYTHON, "-c", "from services.ledgers.rows import secret_key; print(secret_key())"
        ).stdout.strip()
        for env in (a, b)
    }
    assert len(keys) == 1  # personal-number hashes agree across servers
