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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.ui.browser import launch, log_in, open_page, serve, upload_rubric  # noqa: E402

# file name -> (user, page url path, something to wait for, steps before the shot)
SHOTS = {
    "overview": ("bangongshi", "overview", "text=已确认得分", []),
    "gaps": ("bangongshi", "gaps", "text=优先整改建议", []),
    "selfcheck": ("bangongshi", "selfcheck", "text=怎么补", []),
    "rounds": ("bangongshi", "rounds", "text=管理轮次", []),
    "settings": ("bangongshi", "settings", "text=新成员单位名称", []),
    "tasks": ("jycy", "tasks", "text=任务清单", []),
    "assess": ("kaohe1", "assess", "text=本项计分（已保存）", ["draft"]),
    "ledgers": ("jycy", "ledgers", "text=台账与数据", []),
    "review": ("kaohe1", "review", "text=材料审核", []),
    "rubric-review": ("bangongshi", "settings", "text=新成员单位名称", ["rubric_upload"]),
}


def _steps(page, steps: list[str]) -> None:
    if "draft" in steps:  # an unsaved change, to show the draft box next to the saved score
        page.get_by_role("checkbox").first.check(force=True)
        page.wait_for_selector("text=草稿，尚未保存", timeout=30000)
    if (
        "rubric_upload" in steps
    ):  # 设置 → 评分细则: a Word table imported, its first clause to review
        from rubric import load_rubric
        from tests.rubric.import_fixtures import yanzhou_docx

        table = Path(tempfile.mkdtemp(prefix="pioneer-shots-table-")) / "附件2评分细则.docx"
        table.write_bytes(yanzhou_docx(load_rubric("yanzhou-2020")))
        upload_rubric(page, table, "jining-2024", "济宁市评分细则")
        page.get_by_text("复核与发布").scroll_into_view_if_needed()


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
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    wanted = [s for s in args.only.split(",") if s] or list(SHOTS)
    try:
        with serve(home) as url, sync_playwright() as p:
            browser = launch(p)
            for name in wanted:
                user, path, ready, steps = SHOTS[name]
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                log_in(page, url, user, creds[user])
                open_page(page, PAGES[path][0])
                page.wait_for_selector(ready, timeout=60000)
                _steps(page, steps)
                time.sleep(1.5)
                # Streamlit scrolls inside its main block: grow the window to the whole page
                tall = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
                )
                page.set_viewport_size({"width": args.width, "height": max(args.height, tall)})
                time.sleep(1.0)
                target = out / f"{name}{args.suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
                page.close()
            browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
