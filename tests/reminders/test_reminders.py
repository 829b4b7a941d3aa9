"""Reminders end to end: the day's job finds each department's overdue and soon-due items in the
round's state, writes them to the outbox and delivers them to a local 企业微信 / 钉钉 webhook
receiver and a local SMTP server; once per day and target, retried, visible to the office."""

from __future__ import annotations

import datetime as dt

import pytest

from services.errors import InvalidInput, PermissionDenied
from services.jobs import local
from services.jobs.queue import get_job, list_jobs, submit
from services.org.responsibility import get_department
from services.reminders import outbox, targets
from services.rounds import core as rounds
from services.rounds import deadlines
from store.db import session_scope
from tests.reminders.receivers import start_smtp, start_webhooks
from tests.services.helpers import make_world

TODAY = dt.date(2020, 9, 20)
STAGES = {
    "prepare_until": dt.date(2020, 2, 10),
    "build_until": dt.date(2020, 6, 10),
    "selfcheck_until": dt.date(2020, 10, 10),
    "assess_until": dt.date(2020, 10, 31),
}


@pytest.fixture
def outside(monkeypatch):
    hooks, server = start_webhooks()
    box, smtp = start_smtp()
    monkeypatch.setenv("PIONEER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PIONEER_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("PIONEER_SMTP_FROM", "office@yanzhou.example")
    monkeypatch.setenv("PIONEER_JOB_BACKOFF", "0.05")
    yield hooks, box
    server.shutdown()
    smtp.stop()


def _dept(w, name: str) -> int:
    with session_scope() as session:
        return get_department(session, w.unit_id, name).id


def _county(w):
    r = rounds.create_round(
        w.office, name="第一次", unit_id=w.unit_id, kind="模拟考评", stages=STAGES
    )
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 1), requirement_id="1.2.1")
    deadlines.set_deadline(w.office, r.id, dt.date(2020, 9, 22), department="区财政局")
    return r


def _run_day(day=TODAY) -> dict:
    job = submit("reminders", {"day": day.isoformat(), "days": 3})
    local.run_due()
    return get_job(job.id)


def test_each_department_is_reminded_once_a_day_in_its_robots_format_and_by_mail(
    pioneer_home, outside
):
    hooks, box = outside
    w = make_world()
    _county(w)
    rsj, czj = _dept(w, "区人社局"), _dept(w, "区财政局")
    targets.add_target(w.office, w.unit_id, rsj, "wecom", hooks.url("/wecom?key=secret-rsj-0001"))
    targets.add_target(w.office, w.unit_id, czj, "dingtalk", hooks.url("/ding?access_token=tk99"))
    targets.add_target(w.office, w.unit_id, czj, "email", "czj@example.gov.cn")

    job = _run_day()
    assert job["status"] == "succeeded", job["error"]
    assert job["message"] == "已生成 3 条提醒，发送成功 3 条，待重试 0 条，失败 0 条"
    by_path = {p.split("?")[0]: body for p, body in hooks.received}
    assert sorted(by_path) == ["/ding", "/wecom"]
    wecom = by_path["/wecom"]
    assert wecom["msgtype"] == "markdown" and set(wecom["markdown"]) == {"content"}
    text = wecom["markdown"]["content"]
    assert text.startswith("### 整改事项提醒（测试区）\n**区人社局**：截至2020年9月20日，")
    assert "> 已逾期 " in text and "期限2020年9月1日，已逾期19天" in text
    assert "（1.2.1）" in text and "2020-09" not in text  # no ISO dates in sentences
    ding = by_path["/ding"]
    assert ding["msgtype"] == "markdown"
    assert ding["markdown"]["title"] == "整改事项提醒：区财政局（2020年9月20日）"
    assert "> 3 天内到期 " in ding["markdown"]["text"]
    assert "期限2020年9月22日，还剩2天" in ding["markdown"]["text"]
    [(rcpt, mail)] = box.messages
    assert rcpt == ["czj@example.gov.cn"]
    assert mail["Subject"] == "整改事项提醒：区财政局（2020年9月20日）"
    body = mail.get_content()
    assert "区财政局：截至2020年9月20日" in body and "**" not in body and "###" not in body

    again = _run_day()  # the same day again: nothing new is sent
    assert again["message"].startswith("已生成 0 条提醒，发送成功 0 条")
    assert len(hooks.received) == 2 and len(box.messages) == 1

    log = targets.sent_messages(w.office, w.unit_id)
    assert len(log) == 3 and {r["status_label"] for r in log} == {"已发送"}
    assert all(r["sent_at"] is not None for r in log)
    assert {(r["department"], r["channel_label"]) for r in log} == {
        ("区人社局", "企业微信群机器人"),
        ("区财政局", "钉钉群机器人"),
        ("区财政局", "电子邮件"),
    }
    shown = " ".join(r["address"] for r in log)
    assert "secret-rsj" not in shown and "…0001" in shown and "czj@example.gov.cn" in shown


def test_a_refused_message_is_retried_with_backoff_and_a_hopeless_one_fails_with_its_reason(
    pioneer_home, outside, monkeypatch
):
    hooks, _box = outside
    w = make_world()
    _county(w)
    rsj, czj = _dept(w, "区人社局"), _dept(w, "区财政局")
    targets.add_target(w.office, w.unit_id, rsj, "wecom", hooks.url("/wecom?key=k"))
    targets.add_target(w.office, w.unit_id, czj, "dingtalk", hooks.url("/ding?access_token=t"))
    hooks.fail["/wecom"] = 1  # refused once (rate limit), then accepted
    hooks.fail["/ding"] = 99  # never accepted
    job = _run_day()
    assert job["message"] == "已生成 2 条提醒，发送成功 0 条，待重试 2 条，失败 0 条"
    assert list_jobs(w.office, kind="outbox")  # the retries have their own job
    deadline = dt.datetime.now() + dt.timedelta(seconds=30)
    while dt.datetime.now() < deadline and any(
        r["status"] == "pending" for r in targets.sent_messages(w.office)
    ):
        local.run_due()
    log = {r["channel_label"]: r for r in targets.sent_messages(w.office)}
    wecom, ding = log["企业微信群机器人"], log["钉钉群机器人"]
    assert wecom["status"] == "sent" and wecom["attempts"] == 2
    assert [p.split("?")[0] for p, _ in hooks.received] == ["/wecom"]  # delivered once
    assert ding["status"] == "failed" and ding["attempts"] == outbox.MAX_ATTEMPTS
    assert ding["error"] == "机器人拒收：45009 api freq out of limit"


def test_an_unreachable_robot_is_a_reason_not_a_crash(pioneer_home, monkeypatch):
    monkeypatch.setenv("PIONEER_JOB_BACKOFF", "0.05")
    w = make_world()
    _county(w)
    rsj = _dept(w, "区人社局")
    targets.add_target(w.office, w.unit_id, rsj, "wecom", "http://127.0.0.1:9/cgi-bin/webhook")
    job = _run_day()
    assert job["status"] == "succeeded"
    [msg] = targets.sent_messages(w.office)
    assert msg["status"] == "pending" and msg["error"].startswith("无法连接机器人地址")


def test_targets_are_checked_and_only_the_office_sets_them(pioneer_home):
    w = make_world()
    rsj = _dept(w, "区人社局")
    with pytest.raises(InvalidInput, match="电子邮件地址格式不正确"):
        targets.add_target(w.office, w.unit_id, rsj, "email", "not-an-address")
    with pytest.raises(InvalidInput, match="Webhook"):
        targets.add_target(w.office, w.unit_id, rsj, "wecom", "ftp://robot")
    with pytest.raises(PermissionDenied):
        targets.add_target(w.dept_a, w.unit_id, rsj, "email", "a@b.cn")
    tid = targets.add_target(w.office, w.unit_id, rsj, "email", "rsj@example.gov.cn")
    assert [t["department"] for t in targets.list_targets(w.office, w.unit_id)] == ["区人社局"]
    targets.remove_target(w.office, w.unit_id, tid)
    assert targets.list_targets(w.office, w.unit_id) == []


def test_data_in_a_reminder_never_becomes_markdown():
    from services.reminders.content import clean

    assert (
        clean("**加粗** [链接](http://x) <b>\n# 标题")
        == "＊＊加粗＊＊ ［链接］（http://x） ＜b＞ ＃ 标题"
    )
