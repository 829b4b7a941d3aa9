import datetime as dt

import pytest
from sqlmodel import select

from services.errors import AuthError, InvalidInput, PermissionDenied
from services.org import auth
from store.audit import AuditEvent
from store.base import utcnow
from store.db import session_scope
from tests.services.helpers import PASSWORD, make_world


def test_login_returns_actor_with_department(pioneer_home):
    make_world()
    actor = auth.login("rsj", PASSWORD)
    assert actor.role == "department"
    assert actor.department_name == "区人社局"


def test_wrong_password_message_is_chinese_and_tells_nothing_more(pioneer_home):
    make_world()
    with pytest.raises(AuthError, match="^用户名或密码不正确$"):  # no count: same as unknown
        auth.login("insp", "nope-nope")


def test_unknown_user_gets_the_same_message_as_a_wrong_password(pioneer_home):
    make_world()
    with pytest.raises(AuthError, match="^用户名或密码不正确$"):
        auth.login("ghost", PASSWORD)


def test_five_failures_lock_for_fifteen_minutes_even_with_the_right_password(pioneer_home):
    make_world()
    for _ in range(4):
        with pytest.raises(AuthError):
            auth.login("insp", "bad-password")
    with pytest.raises(AuthError, match="已锁定 15 分钟"):
        auth.login("insp", "bad-password")
    with pytest.raises(AuthError, match="锁定"):
        auth.login("insp", PASSWORD)
    later = utcnow() + dt.timedelta(minutes=16)
    assert auth.login("insp", PASSWORD, now=later).username == "insp"


def test_passwords_are_stored_as_argon2id_hashes(pioneer_home):
    make_world()
    from store.org import User

    with session_scope() as s:
        user = s.exec(select(User).where(User.username == "insp")).one()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_only_office_manages_users(pioneer_home):
    w = make_world()
    with pytest.raises(PermissionDenied):
        auth.create_user(
            w.inspector, username="x", display_name="x", role="viewer", password=PASSWORD
        )
    with pytest.raises(PermissionDenied):
        auth.reset_password(w.dept_a, "czj")


def test_reset_password_unlocks_and_disable_blocks_login(pioneer_home):
    w = make_world()
    new = auth.reset_password(w.office, "czj")
    assert auth.login("czj", new).username == "czj"
    auth.set_active(w.office, "czj", False)
    with pytest.raises(AuthError):
        auth.login("czj", new)


def test_short_password_and_duplicate_username_refused(pioneer_home):
    w = make_world()
    with pytest.raises(InvalidInput, match="至少需要 8 个字符"):
        auth.create_user(w.office, username="n1", display_name="n", role="viewer", password="123")
    with pytest.raises(InvalidInput, match="已存在"):
        auth.create_user(
            w.office, username="insp", display_name="n", role="viewer", password=PASSWORD
        )


def test_user_writes_leave_audit_events(pioneer_home):
    w = make_world()
    auth.set_active(w.office, "leader", False)
    with session_scope() as s:
        ev = s.exec(select(AuditEvent).where(AuditEvent.action == "user.disable")).one()
    assert ev.username == "office"
    assert ev.before == {"active": True} and ev.after == {"active": False}
