"""Several app servers on one PostgreSQL database and one file root (PIONEER_FILES_ROOT): a file
uploaded through one is seen, searchable and downloadable on the other, and the store checks
out from either. Once through two command-line environments, once through two real Streamlit
servers in a browser."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.actor import SYSTEM_ACTOR
from services.org import auth
from tests.services.helpers import PASSWORD, UNIT, docx_bytes, make_world

pytestmark = pytest.mark.pg

PYTHON = sys.executable
PIONEER = str(Path(PYTHON).parent / "pioneer")


def shared(files: Path) -> dict:
    """What every app server is given alike: the test's PostgreSQL database, the shared file
    root, and the one identity-number key (PIONEER_SECRET_FILE)."""
    return dict(
        PIONEER_DATABASE_URL=os.environ["PIONEER_DATABASE_URL"],
        PIONEER_FILES_ROOT=str(files),
        PIONEER_SECRET_FILE=str(files.parent / "keys" / "secret.key"),
    )


def server(home: Path, files: Path) -> dict:
    """The environment of one app server: its own home (logs, caches) and what is shared."""
    home.mkdir(parents=True, exist_ok=True)
    return dict(os.environ, PIONEER_HOME=str(home), **shared(files))


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


DOC = docx_bytes("关于成立创业型城市创建工作领导小组的通知", "各成员单位分工负责，按月报送进展。")
STORED = "「领导小组文件.docx」已提交（1.2.1），等待审核"


@pytest.mark.slow
def test_a_file_uploaded_in_the_browser_on_one_server_is_found_on_the_other(pioneer_home, tmp_path):
    """Two `streamlit run app.py` servers, each with its own home: 区人社局 uploads on server A's
    我的任务; on server B the office finds the file on 材料检索 by a word of its text and
    downloads the very bytes."""
    from playwright.sync_api import sync_playwright

    from tests.ui.browser import launch, log_in, open_page, serve

    make_world()
    for user in ("rsj", "office"):  # set up by the office: no first-login password change
        auth.reset_password(SYSTEM_ACTOR, user, PASSWORD, must_change=False)
    files = tmp_path / "shared-files"  # the network mount
    doc = tmp_path / "领导小组文件.docx"
    doc.write_bytes(DOC)
    sha = hashlib.sha256(DOC).hexdigest()
    home_a, home_b = tmp_path / "server-a", tmp_path / "server-b"
    home_a.mkdir()
    home_b.mkdir()
    env = shared(files)
    with (
        serve(home_a, demo=False, env=env) as a,
        serve(home_b, demo=False, env=env) as b,
        sync_playwright() as p,
    ):
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            log_in(page, a, "rsj", PASSWORD)
            open_page(page, "我的任务")
            page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(
                str(doc)
            )
            submit = page.get_by_role("button", name="提交 1 个文件")
            submit.wait_for(timeout=120000)  # read in the sandbox, requirements suggested
            submit.click()
            page.get_by_text(STORED).wait_for(timeout=120000)
            uploaded = page.inner_text("body")

            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            log_in(page, b, "office", PASSWORD)
            open_page(page, "材料检索")
            page.get_by_placeholder("例如：创业担保贷款 基金").fill("分工负责")
            page.get_by_role("button", name="检索").click()
            page.get_by_text("领导小组文件.docx · 区人社局").wait_for(timeout=60000)
            found = page.inner_text("body")
            with page.expect_download(timeout=60000) as download:
                page.locator("[data-testid='stDownloadButton'] button").first.click()
            fetched = Path(download.value.path()).read_bytes()
        finally:
            browser.close()
    assert STORED in uploaded and "Traceback" not in uploaded
    assert "找到 1 份材料" in found and "Traceback" not in found
    assert "关于成立创业型城市创建工作领导小组的通知" in found
    assert "领导小组文件.docx · 区人社局 · 第 1 页 · 证明要求 1.2.1" in found
    assert hashlib.sha256(fetched).hexdigest() == sha
    assert (files / "evidence" / sha[:2] / sha[2:4] / sha).is_file()  # in the shared root
    assert not (home_a / "evidence").exists() and not (home_b / "evidence").exists()
