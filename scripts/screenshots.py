"""Refresh docs/screenshots/: a demo county served by Streamlit, each role's pages in Chromium.

usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--width 1400]
                                               [--only overview,tasks] [--suffix -390]

Builds a fresh demo county in a temporary PIONEER_HOME, starts the app, logs in as the user
of each page through the real login form, and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# file name -> (user, page url path, something to wait for, steps before the shot)
SHOTS = {
    "overview": ("bangongshi", "overview", "text=已确认得分", []),
    "gaps": ("bangongshi", "gaps", "text=优先整改建议", []),
    "rounds": ("bangongshi", "rounds", "text=管理轮次", []),
    "settings": ("bangongshi", "settings", "text=新成员单位名称", []),
    "tasks": ("jycy", "tasks", "text=任务清单", []),
    "assess": ("kaohe1", "assess", "text=本项计分（已保存）", ["draft"]),
    "ledgers": ("jycy", "ledgers", "text=台账与数据", []),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(home: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, PIONEER_HOME=str(home), PIONEER_DEMO="1")
    env.pop("PIONEER_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
         "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("Streamlit 服务未能启动")


def _steps(page, steps: list[str]) -> None:
    if "draft" in steps:  # an unsaved change, to show the draft box next to the saved score
        page.get_by_role("checkbox").first.check(force=True)
        page.wait_for_selector("text=草稿，尚未保存", timeout=30000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--only", default="")
    ap.add_argument("--suffix", default="")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from ui.pages.registry import PAGES

    home = Path(tempfile.mkdtemp(prefix="pioneer-shots-"))
    env = dict(os.environ, PIONEER_HOME=str(home), PIONEER_DEMO="1")
    pioneer = str(Path(sys.executable).with_name("pioneer"))
    subprocess.run([pioneer, "demo"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    creds = {c["username"]: c["password"] for c in json.loads(
        (home / "demo-credentials.json").read_text(encoding="utf-8"))}  # fmt: skip
    proc, url = _serve(home)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = [s for s in args.only.split(",") if s] or list(SHOTS)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for name in wanted:
                user, path, ready, steps = SHOTS[name]
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                page.goto(url)
                page.get_by_label("用户名").fill(user)
                page.get_by_label("密码").fill(creds[user])
                page.get_by_role("button", name="登录").click()
                page.wait_for_selector("section[data-testid='stSidebar']", timeout=60000)
                title = PAGES[path][0]  # navigate inside the session: a reload would log out
                page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
                page.wait_for_selector(ready, timeout=60000)
                _steps(page, steps)
                time.sleep(1.5)
                target = out / f"{name}{args.suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
