import time

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import ROOT, app_as, password_of, texts


def test_login_page_shows_demo_accounts_in_demo_mode(demo_home):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "演示账号" in texts(at)
    assert "kaohe1" in at.dataframe[0].value["用户名"].tolist()


def test_login_page_hides_demo_accounts_outside_demo_mode(demo_home, monkeypatch):
    monkeypatch.delenv("PIONEER_DEMO")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "演示账号" not in texts(at)
    assert len(at.dataframe) == 0


def test_wrong_password_shows_chinese_error_and_stays_on_login(demo_home):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="login_user").input("bangongshi")
    at.text_input(key="login_password").input("wrong-password")
    at.button[0].click().run()
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert "actor" not in at.session_state


def test_right_password_logs_in_and_shows_who(demo_home):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="login_user").input("bangongshi")
    at.text_input(key="login_password").input(password_of(demo_home, "bangongshi"))
    at.button[0].click().run()
    assert at.session_state["actor"].username == "bangongshi"
    assert "王主任" in texts(at)
    assert not at.exception


def test_idle_session_is_logged_out(demo_home):
    at = app_as(demo_home, "lingdao")
    at.session_state["last_seen"] = time.time() - 31 * 60
    at.run()
    assert "actor" not in at.session_state
    assert "长时间未操作" in texts(at)


def test_logout_button(demo_home):
    at = app_as(demo_home, "lingdao")
    at.button(key="logout").click().run()
    assert "actor" not in at.session_state
    assert "已退出登录" in texts(at)
