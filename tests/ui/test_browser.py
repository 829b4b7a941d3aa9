"""A real browser: headless Chromium logs in as the office and sees the 总览 with its score."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.rounds import core as rounds
from tests.ui.conftest import ROOT, password_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(demo_home):
    port = _free_port()
    env = dict(os.environ, PIONEER_HOME=str(demo_home), PIONEER_DEMO="1")
    env.pop("PIONEER_DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("Streamlit 服务未能在 60 秒内启动")
    yield url
    proc.terminate()
    proc.wait(10)


def test_office_logs_in_and_sees_the_overview_score(server, demo_home):
    from playwright.sync_api import sync_playwright

    rid = rounds.list_rounds(SYSTEM_ACTOR, demo.get_demo_unit_id())[-1].id
    expected = f"{fmt(rounds.round_scorecard(SYSTEM_ACTOR, rid).total)} 分"
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        page.get_by_label("用户名").fill("bangongshi")
        page.get_by_label("密码").fill(password_of(demo_home, "bangongshi"))
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector("h1:has-text('总览')", timeout=60000)
        page.wait_for_selector(f"text={expected}", timeout=30000)
        body = page.inner_text("body")
        browser.close()
    assert "已确认得分" in body
    assert expected in body
    assert "王主任" in body
    assert "Traceback" not in body


def _browser(p):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI 上缺少 chromium：.ci/run 应当安装它")
        pytest.skip("未安装 chromium")
    return p.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def test_an_inspector_moves_away_and_back_and_the_edits_are_still_there(server, demo_home):
    from playwright.sync_api import sync_playwright

    from services.org import auth
    from services.rounds import sheets

    rule = "未能创造性开展工作的，不得分"  # 1.3.4a, the first requirement the lead has not reviewed
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        page.get_by_label("用户名").fill("kaohe1")
        page.get_by_label("密码").fill(password_of(demo_home, "kaohe1"))
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector("h1:has-text('模拟考评')", timeout=60000)
        box = page.get_by_role("checkbox", name=rule)
        box.check(force=True)
        page.wait_for_selector("text=草稿，尚未保存", timeout=30000)
        page.get_by_role("button", name="下一条 1.4.1").click()
        page.wait_for_selector("text=第 10 / 47 条", timeout=30000)
        page.get_by_role("button", name="上一条 1.3.4").click()
        page.wait_for_selector("text=第 9 / 47 条", timeout=30000)
        checked = page.get_by_role("checkbox", name=rule).is_checked()
        body = page.inner_text("body")
        browser.close()
    assert checked
    assert "草稿，尚未保存" in body and "Traceback" not in body
    lead = auth.login("kaohe1", password_of(demo_home, "kaohe1"))
    rid = rounds.list_rounds(SYSTEM_ACTOR, demo.get_demo_unit_id())[-1].id
    assert sheets.drafts(lead, rid)["1.3.4"].values == {"1.3.4a": True}
