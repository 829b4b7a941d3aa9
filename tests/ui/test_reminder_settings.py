"""设置 → 提醒接收: the office adds where a department's reminders go and sees what was sent."""

from __future__ import annotations

from services.org import auth
from services.reminders import targets
from tests.ui.conftest import app_as, password_of, texts


def test_the_office_adds_a_robot_and_reads_the_sending_log(demo_home):
    at = app_as(demo_home, "bangongshi", "settings")
    assert not at.exception, at.exception
    at.selectbox(key="reminder_ch").set_value("wecom")
    at.text_input(key="reminder_addr").set_value(
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234"
    )
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "企业微信群机器人" in texts(at)
    table = next(d.value for d in at.dataframe if "渠道" in d.value.columns)
    assert list(table["渠道"]) == ["企业微信群机器人"]
    assert table["地址"].iloc[0] == "https://qyapi.weixin.qq.com/…1234"  # the key is not shown
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    [row] = targets.list_targets(office, at.session_state["unit_id"])
    assert row["department"] == table["单位"].iloc[0]
    at.text_input(key="reminder_addr").set_value("不是地址")
    next(b for b in at.button if b.label == "添加").click().run()
    assert any("Webhook" in e.value for e in at.error)
