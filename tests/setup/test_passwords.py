"""The password a user chooses: strength rules, the forced change after an initial password."""

from __future__ import annotations

import pytest
from sqlmodel import select

from services.errors import AuthError, InvalidInput
from services.org import auth
from services.org.passwords import check_strength
from store.audit import AuditEvent
from store.db import session_scope
from tests.services.helpers import PASSWORD, make_world


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!", "太短"),
        ("abcdefgh1", "太简单"),  # two classes
        ("ABCDEFGH", "太简单"),
        ("P@ssw0rd", "常见密码"),
        ("Admin@123", "常见密码"),
        ("Rsj_2020", "用户名"),  # the username itself
        ("0202_jsR", "用户名"),  # written backwards
    ],
)
def test_weak_passwords_are_refused_with_the_reason_in_chinese(password, message):
    with pytest.raises(InvalidInput, match=message):
        check_strength(password, "rsj_2020")


@pytest.mark.parametrize("password", ["Yz-Rsj2020", "chuangye2020!", "兖州Rsj2020", "GOOD-pass-77"])
def test_strong_passwords_pass(password):
    check_strength(password, "rsj")


def test_created_and_reset_accounts_must_change_their_password(pioneer_home):
    w = make_world()
    assert auth.login("rsj", PASSWORD).must_change_password
    auth.reset_password(w.office, "rsj", "Reset-2020a", must_change=True)
    assert auth.login("rsj", "Reset-2020a").must_change_password


def test_changing_checks_the_current_password_and_the_rules(pioneer_home):
    make_world()
    actor = auth.login("rsj", PASSWORD)
    with pytest.raises(AuthError, match="当前密码不正确"):
        auth.change_password(actor, "wrong", "Yz-Rsj2020", "Yz-Rsj2020")
    with pytest.raises(InvalidInput, match="不一致"):
        auth.change_password(actor, PASSWORD, "Yz-Rsj2020", "Yz-Rsj2021")
    with pytest.raises(InvalidInput, match="不能与当前密码相同"):
        auth.change_password(actor, PASSWORD, PASSWORD, PASSWORD)
    with pytest.raises(InvalidInput, match="太简单"):
        auth.change_password(actor, PASSWORD, "abcdefgh", "abcdefgh")
    changed = auth.change_password(actor, PASSWORD, "Yz-Rsj2020", "Yz-Rsj2020")
    assert not changed.must_change_password
    assert not auth.login("rsj", "Yz-Rsj2020").must_change_password
    with session_scope() as s:
        actions = [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert "user.password_change_failed" in actions
    assert actions.count("user.password_change") == 1


def test_a_generated_one_time_password_is_hashed_cheaply_and_the_chosen_one_fully(pioneer_home):
    from services.actor import SYSTEM_ACTOR
    from store.org import User

    pw = auth.new_password()
    with session_scope() as s:
        auth.add_user(
            s, SYSTEM_ACTOR, username="bm01", display_name="x", role="viewer", password=pw,
            generated=True,
        )  # fmt: skip
    with session_scope() as s:
        stored = s.exec(select(User).where(User.username == "bm01")).one().password_hash
    assert stored.startswith("$argon2id$") and "t=1" in stored
    actor = auth.change_password(auth.login("bm01", pw), pw, "Yz-Ld2020", "Yz-Ld2020")
    with session_scope() as s:
        stored = s.exec(select(User).where(User.username == "bm01")).one().password_hash
    assert "t=1" not in stored and not actor.must_change_password
