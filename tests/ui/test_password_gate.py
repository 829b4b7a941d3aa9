"""First login with an initial password: only 修改初始密码 opens until the password is changed."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from services.actor import SYSTEM_ACTOR
from services.org import auth
from tests.ui.conftest import ROOT, texts

INITIAL = "Initial-2020"


def _login(username: str, password: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    return at


def _change(at: AppTest, current: str, new: str, confirm: str | None = None) -> AppTest:
    at.text_input(key="pw_current").input(current)
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_confirm").input(new if confirm is None else confirm)
    return at.button(key="FormSubmitter:change_password-确认修改").click().run()


def test_an_initial_password_must_be_changed_before_anything_else(demo_home):
    auth.reset_password(SYSTEM_ACTOR, "bangongshi", INITIAL)
    at = _login("bangongshi", INITIAL)
    assert not at.exception
    assert "修改初始密码" in texts(at)
    assert "总览" not in [t.value for t in at.title]
    assert not at.sidebar.selectbox  # no unit or round picker: no page but this one

    _change(at, INITIAL, "abcdefgh")
    assert any("太简单" in e.value for e in at.error)
    _change(at, INITIAL, "Yz-Office2020", "Yz-Office2021")
    assert any("不一致" in e.value for e in at.error)
    _change(at, "wrong-one", "Yz-Office2020")
    assert any("当前密码不正确" in e.value for e in at.error)
    assert at.session_state["actor"].must_change_password

    _change(at, INITIAL, "Yz-Office2020")
    assert not at.exception
    assert not at.session_state["actor"].must_change_password
    assert "修改初始密码" not in texts(at)
    assert [t.value for t in at.title][0] == "总览"
    assert auth.login("bangongshi", "Yz-Office2020").username == "bangongshi"


def test_demo_accounts_are_not_asked_to_change(demo_home):
    from tests.ui.conftest import password_of

    at = _login("bangongshi", password_of(demo_home, "bangongshi"))
    assert "修改初始密码" not in texts(at)
