"""A real browser: headless Chromium logs in as the office and sees the 总览 with its score."""

from __future__ import annotations

import pytest

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.demo import build as demo
from services.rounds import core as rounds
from tests.ui.browser import launch as _browser
from tests.ui.browser import serve
from tests.ui.conftest import password_of

pytestmark = pytest.mark.slow


@pytest.fixture
def server(demo_home):
    with serve(demo_home) as url:
        yield url


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


def test_on_a_phone_the_overview_figures_sit_two_to_a_line_and_the_chart_follows(server, demo_home):
    from playwright.sync_api import sync_playwright

    from tests.ui.browser import log_in, settle

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        log_in(page, server, "bangongshi", password_of(demo_home, "bangongshi"))
        page.wait_for_selector("h1:has-text('总览')", timeout=60000)
        page.wait_for_selector(".js-plotly-plot", timeout=60000)
        settle(page)
        boxes = [m.bounding_box() for m in page.locator("[data-testid='stMetric']").all()[:4]]
        chart_top = page.locator(".js-plotly-plot").first.bounding_box()["y"]
        script_room = page.locator("[data-testid='stElementContainer']:has(script)").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().height + e.offsetHeight)"
        )
        browser.close()
    rows = sorted({round(b["y"]) for b in boxes})
    assert len(rows) == 2, boxes  # 2 + 2, not 4 stacked
    assert all(b["x"] + b["width"] <= 390 for b in boxes)
    assert chart_top < 844  # the first chart starts on the first screen
    assert set(script_room) <= {0}


def test_office_uploads_a_scoring_table_and_reaches_its_review(server, demo_home, tmp_path):
    """The upload step of 设置 → 评分细则 in a real browser: the Word table goes through the
    file chooser and the sandboxed import, and the first clause to review is shown."""
    from playwright.sync_api import sync_playwright

    from rubric import load_rubric
    from services.rubrics import versions
    from tests.rubric.import_fixtures import yanzhou_docx
    from tests.ui.browser import log_in, open_page, upload_rubric

    table = tmp_path / "附件2评分细则.docx"
    table.write_bytes(yanzhou_docx(load_rubric("yanzhou-2020")))
    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        log_in(page, server, "bangongshi", password_of(demo_home, "bangongshi"))
        open_page(page, "设置")
        upload_rubric(page, table, "jining-2024", "济宁市评分细则")
        body = page.inner_text("body")
        browser.close()
    assert "已导入「济宁市评分细则」（附件2评分细则.docx）：有 10 条条款待复核" in body
    assert "创建要求（2.1.1）：认真贯彻落实" in body and "本条：每个县（市区）" in body
    assert "待复核原因：列举项的最后一项含「和」" in body and "确认本条" in body
    (draft,) = versions.list_versions(SYSTEM_ACTOR, demo.get_demo_unit_id())
    assert (draft.rubric_id, draft.status, draft.to_review) == ("jining-2024", "draft", 10)
