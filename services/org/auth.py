"""Login (argon2id, lockout after repeated failures) and user management."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from services import access, audit
from services.actor import Actor
from services.errors import AuthError, InvalidInput, NotFound, PermissionDenied
from services.org.login import LOCK_MINUTES, MAX_FAILED, _aware, login, session_current
from services.org.passwords import check_strength
from store.base import utcnow
from store.db import session_scope
from store.org import ROLES, Department, Unit, User

__all__ = ["LOCK_MINUTES", "MAX_FAILED", "login", "session_current"]
MIN_PASSWORD = 8
_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
# A generated one-time password has ~70 bits of entropy (12 of 56 characters): guessing it
# offline is out of reach whatever the cost of the hash, so a setup that creates dozens of
# accounts hashes them cheaply. The password the user then chooses gets the full parameters.
_ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# letters and digits that cannot be misread on a printed slip (no 0/O, 1/l/I)
_READABLE = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def new_password() -> str:
    """A random one-time password: 12 readable characters with upper, lower and digits."""
    while True:
        pw = "".join(secrets.choice(_READABLE) for _ in range(12))
        kinds = (str.isupper, str.islower, str.isdigit)
        if all(any(k(c) for c in pw) for k in kinds):
            return pw


def actor_for(session: Session, user: User) -> Actor:
    dept = session.get(Department, user.department_id) if user.department_id else None
    unit_id = dept.unit_id if dept is not None else user.unit_id
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    return Actor(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        department_id=user.department_id,
        department_name=dept.name if dept else None,
        must_change_password=bool(user.must_change_password),
        unit_id=unit_id,
        unit_name=unit.name if unit else None,
        session_version=user.session_version,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"密码至少需要 {MIN_PASSWORD} 个字符")


def add_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    department_id: int | None = None,
    must_change: bool = True,
    generated: bool = False,
    unit_id: int | None = None,
) -> User:
    """Insert one account in the caller's unit of work, audited; it belongs to its department's
    unit, else to ``unit_id`` (None: the whole deployment).

    ``generated``: the password came from ``new_password`` and must be changed at first login.
    """
    username = username.strip()
    if not username:
        raise InvalidInput("用户名不能为空")
    if role not in ROLES:
        raise InvalidInput(f"角色不正确：{role}")
    _check_password(password)
    if session.exec(select(User).where(User.username == username)).first():
        raise InvalidInput(f"用户名「{username}」已存在")
    dept = session.get(Department, department_id) if department_id else None
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        department_id=dept.id if dept else None,
        unit_id=dept.unit_id if dept else unit_id,
        password_hash=(
            _ONE_TIME_HASHER.hash(password)
            if generated and must_change
            else hash_password(password)
        ),
        must_change_password=must_change,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        "user",
        user.id,
        after={"username": username, "role": role, "department": dept.name if dept else None},
    )
    return user


def create_user(
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    department: str | None = None,
    unit_id: int | None = None,
    must_change: bool = True,
) -> User:
    """A new account. Its password was set by someone else, so by default the user must change
    it at the first login (``must_change=False`` only for demo accounts)."""
    actor.require("office", action="管理用户")
    if role not in ROLES:
        raise InvalidInput(f"角色不正确：{role}")
    with session_scope() as session:
        if unit_id is None:
            unit_id = access.home_unit(actor, session)
        if unit_id is not None:
            access.require_write_unit(actor, unit_id, session)
        dept_id = None
        if role == "department":
            if not department:
                raise InvalidInput("成员单位用户必须选择所属单位")
            q = select(Department).where(Department.name == department)
            if unit_id is not None:
                q = q.where(Department.unit_id == unit_id)
            found = session.exec(q).all()
            if not found:
                raise NotFound(f"单位「{department}」不存在")
            if len(found) > 1:
                raise InvalidInput(f"有多个被考评单位都有「{department}」，请先选择被考评单位")
            access.require_write_unit(actor, found[0].unit_id, session)
            dept_id = found[0].id
        return add_user(
            session,
            actor,
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            department_id=dept_id,
            must_change=must_change,
            unit_id=unit_id,
        )


def user_unit(session: Session, user: User) -> int | None:
    """The unit a user belongs to: its department's, else its own (None: the whole deployment)."""
    if user.department_id is not None:
        dept = session.get(Department, user.department_id)
        if dept is not None:
            return dept.unit_id
    return user.unit_id


def _user(session: Session, username: str, actor: Actor | None = None) -> User:
    """A user by name; with an actor, one whose unit the actor may manage."""
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"用户「{username}」不存在")
    if actor is not None and access.home_unit(actor, session) is not None:
        unit_id = user_unit(session, user)
        if unit_id is None:
            raise PermissionDenied("无权管理该用户")
        access.require_write_unit(actor, unit_id, session)
    return user


def reset_password(
    actor: Actor, username: str, password: str | None = None, *, must_change: bool = True
) -> str:
    """Set a new password (a random one when none is given) and unlock; returns it.

    The user must change it at the next login unless ``must_change`` is False (demo accounts).
    """
    actor.require("office", action="重置密码")
    password = password or new_password()
    _check_password(password)
    with session_scope() as session:
        user = _user(session, username, actor)
        audit.record(session, actor, "user.reset_password", "user", user.id)
        user.password_hash = hash_password(password)
        user.failed_attempts = 0
        user.locked_until = None
        user.must_change_password = must_change
        user.session_version += 1  # every session of this user ends
        session.add(user)
    return password


def change_password(actor: Actor, current: str, new: str, confirm: str) -> Actor:
    """The user's own change of password (forced after an initial or reset password).

    The current password is checked; the new one must meet ``passwords.check_strength`` and
    differ from the current one. Returns the actor, no longer required to change it.
    """
    if actor.id is None:
        raise InvalidInput("只有登录的用户可以修改自己的密码")
    if new != confirm:
        raise InvalidInput("两次输入的新密码不一致")
    if new == current:
        raise InvalidInput("新密码不能与当前密码相同")
    check_strength(new, actor.username)
    with session_scope() as session:
        user = session.get(User, actor.id)
        if user is None or not user.active:
            raise AuthError("账号不存在或已停用")
        try:
            _hasher.verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            audit.record(session, actor, "user.password_change_failed", "user", user.id)
            session.commit()
            raise AuthError("当前密码不正确") from None
        forced = user.must_change_password
        user.password_hash = hash_password(new)
        user.must_change_password = False
        session.add(user)
        audit.record(
            session, actor, "user.password_change", "user", user.id, after={"forced": forced}
        )
        user.session_version += 1  # the user's other sessions end; this one goes on
        session.flush()
        return actor_for(session, user)


def set_active(actor: Actor, username: str, active: bool) -> None:
    actor.require("office", action="停用或启用用户")
    if actor.username == username and not active:
        raise InvalidInput("不能停用自己的账号")
    with session_scope() as session:
        user = _user(session, username, actor)
        audit.record(
            session,
            actor,
            "user.enable" if active else "user.disable",
            "user",
            user.id,
            before={"active": user.active},
            after={"active": active},
        )
        user.active = active
        if not active:
            user.session_version += 1  # every session of this user ends
        session.add(user)


def list_users(actor: Actor) -> list[dict]:
    actor.require("office", action="查看用户")
    with session_scope() as session:
        depts = {d.id: d.name for d in session.exec(select(Department))}
        scope = access.readable_units(actor, session)
        everyone = access.home_unit(actor, session) is None
        users = [
            u
            for u in session.exec(select(User).order_by(User.id))
            if everyone or user_unit(session, u) in scope
        ]
        return [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role,
                "department": depts.get(u.department_id),
                "active": u.active,
                "locked": bool(_aware(u.locked_until) and _aware(u.locked_until) > utcnow()),
                "last_login_at": u.last_login_at,
            }
            for u in users
        ]
