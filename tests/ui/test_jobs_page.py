"""后台任务: the office sees each job's state, progress and the reason a job failed for good."""

from __future__ import annotations

from services.jobs import execute, kinds
from services.jobs.queue import submit
from tests.ui.conftest import app_as, texts


def test_the_office_sees_a_failed_job_with_its_reason_and_a_running_ones_progress(
    demo_home, monkeypatch
):
    def broken(ctx):
        raise RuntimeError("识别引擎无法启动")

    def halfway(ctx):
        ctx.progress(3, 8, "已识别 3/8 页")
        raise RuntimeError("stop here")

    monkeypatch.setitem(kinds.KINDS, "broken", kinds.Kind("broken", "总是失败", broken))
    monkeypatch.setitem(kinds.KINDS, "halfway", kinds.Kind("halfway", "半途", halfway))
    failed = submit("broken", title="识别扫描件文字：通知.png", max_attempts=1)
    assert execute.run(failed.id, "测试").status == "failed"
    waiting = submit("halfway", title="识别扫描件文字：台账.pdf", max_attempts=3, delay=3600)
    execute.run(waiting.id, "测试", from_states=("queued",))
    at = app_as(demo_home, "bangongshi", "jobs")
    assert not at.exception, at.exception
    shown = texts(at)
    assert "后台任务" in shown and "失败 1" in shown and "等待重试 1" in shown
    table = at.dataframe[0].value
    row = table[table["编号"] == failed.id].iloc[0]
    assert row["任务"] == "识别扫描件文字：通知.png" and row["状态"] == "失败"
    assert row["说明或失败原因"] == "执行出错：RuntimeError: 识别引擎无法启动"
    assert row["尝试"] == "1/1"
    row = table[table["编号"] == waiting.id].iloc[0]
    assert row["状态"] == "等待重试" and row["进度"] == "3/8"
    at.selectbox(key="jobs_status").set_value("failed").run()
    assert list(at.dataframe[0].value["编号"]) == [failed.id]


def test_only_the_office_has_the_page():
    from ui.pages.registry import ROLE_PAGES

    assert [r for r, (_, pages) in ROLE_PAGES.items() if "jobs" in pages] == ["office"]
