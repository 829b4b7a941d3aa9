"""Headless Chromium against a real Streamlit server: serve a demo home, launch, log in."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(home: Path, *, demo: bool = True, env: Mapping[str, str] | None = None):
    """Streamlit serving app.py on ``home`` (a demo home unless ``demo`` is False); yields the
    base URL. The server's database is the SQLite file in ``home`` unless ``env`` (set last)
    names one: ``PIONEER_DATABASE_URL`` (and ``PIONEER_FILES_ROOT``) for servers sharing a
    PostgreSQL database and a file root."""
    port = _free_port()
    environ = dict(os.environ, PIONEER_HOME=str(home), PIONEER_DEMO="1")
    environ.pop("PIONEER_DATABASE_URL", None)
    if not demo:
        environ.pop("PIONEER_DEMO")
    environ.update(env or {})
    with tempfile.TemporaryFile() as log:  # the server's output, shown if it does not start
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
             "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield _started(proc, f"http://127.0.0.1:{port}/", log)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _started(proc: subprocess.Popen, url: str, log) -> str:
    """``url`` once the server answers its health check; a failure with its output if it
    exits or stays silent for 90 seconds."""
    deadline = time.time() + 90
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(url + "_stcore/health", timeout=2)
            return url
        except OSError:
            time.sleep(0.5)
    end = os.fstat(log.fileno()).st_size  # read without moving the offset the server writes at
    tail = os.pread(log.fileno(), 4000, max(0, end - 4000)).decode(errors="replace")
    code = proc.poll()
    why = "未能在 90 秒内启动" if code is None else f"启动失败（退出码 {code}）"
    pytest.fail(f"Streamlit 服务{why}：\n{tail}")


def launch(p):
    """Chromium, or a skip (a failure on CI, where .ci/run installs it)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI 上缺少 chromium：.ci/run 应当安装它")
        pytest.skip("未安装 chromium")
    return p.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def log_in(page, url: str, username: str, password: str) -> None:
    """Through the real login form; waits for the sidebar of the logged-in app."""
    page.goto(url)
    page.get_by_label("用户名").wait_for(timeout=120000)  # the first run imports everything
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("section[data-testid='stSidebar']", state="attached", timeout=60000)


def open_page(page, title: str) -> None:
    """Navigate inside the session (a reload would log out) and wait for the page to settle."""
    settle(page)  # the run before (the landing page) is over: the sidebar stays where it is
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=title)
    here = page.locator(f"h1:has-text('{title}')").count()
    phone = (page.viewport_size or {"width": 1400})["width"] < 640  # the sidebar folds away
    if link.count() and not here:  # a role with one page has no navigation
        if phone:
            expand = page.locator("[data-testid='stExpandSidebarButton']")
            with contextlib.suppress(Exception):  # folded once the first run has settled
                expand.first.wait_for(state="visible", timeout=10000)
            if expand.count() and expand.first.is_visible():
                expand.first.click()
            page.wait_for_function(
                "el => el.getBoundingClientRect().x >= 0", arg=link.first.element_handle()
            )
            page.wait_for_timeout(800)  # the slide-in is over
        link.first.click(force=True)
    page.wait_for_selector(f"h1:has-text('{title}')", timeout=60000)
    settle(page)
    fold = page.locator("[data-testid='stSidebarCollapseButton'] button")
    if phone and fold.count():  # fold it again, as a phone user would, to see the page
        fold.first.click(force=True)
        page.wait_for_timeout(800)


def settle(page, timeout: float = 60) -> None:
    """Wait until the script run is over (no running indicator) and nothing is stale."""
    deadline = time.time() + timeout
    time.sleep(0.5)
    while time.time() < deadline:
        busy = page.locator("[data-testid='stStatusWidget']").count()
        stale = page.locator("[data-stale='true']").count()
        if not busy and not stale:
            time.sleep(0.8)
            return
        time.sleep(0.3)


def upload_rubric(page, path: Path, rubric_id: str, title: str) -> None:
    """设置 → 评分细则: choose a table file in the import form, name it, 导入; waits for the
    review step of the new draft."""
    page.get_by_role("tab", name="评分细则").click()
    form = page.locator("[data-testid='stForm']", has_text="细则文件")
    form.locator("input[type='file']").set_input_files(str(path))
    settle(page)
    form.get_by_label("细则编号（表格导入时填写）").fill(rubric_id)
    form.get_by_label("细则名称").fill(title)
    form.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_selector("text=已导入", timeout=120000)
    page.wait_for_selector("text=待复核原因", timeout=60000)
    settle(page)
