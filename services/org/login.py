"""Login that holds under parallel guessing and tells nothing about which usernames exist.

- The failed-attempt counter is raised atomically *before* the password is checked
  (``UPDATE … SET failed_attempts = failed_attempts + 1 … RETURNING``, SQLite and PostgreSQL):
  parallel guesses each take a numbered attempt, and no more than ``MAX_FAILED`` are checked
  before the account locks.
- An unknown or disabled username gets the same message and the same work (a dummy argon2
  hash is verified), and is locked after the same number of failures (kept in memory).
- A client that fails too often is held off for a while, whatever usernames it tries.
- Every failed and successful login is audited. Input length is checked before the database
  sees it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import threading
import time
from collections import OrderedDict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_, update
from sqlmodel import select

from services import audit
from services.actor import Actor
from services.errors import AuthError
from store.base import utcnow
from store.db import session_scope
from store.org import User

MAX_FAILED = 5
LOCK_MINUTES = 15
USERNAME_MAX = 64
PASSWORD_MAX = 256
CLIENT_MAX_FAILED = 30  # per client (browser address) within CLIENT_WINDOW seconds
CLIENT_WINDOW = 15 * 60
WRONG = "用户名或密码不正确"
ANONYMOUS = Actor(id=None, username="anonymous", display_name="未登录用户", role="viewer")

_hasher = PasswordHasher()
_dummy_hash: str | None = None
_lock = threading.Lock()
_ghosts: OrderedDict[str, list] = OrderedDict()  # unknown username -> [failures, locked until]
_clients: dict[str, deque] = {}
_GHOSTS_KEPT = 10_000


def _locked_message(minutes: int) -> str:
    return f"连续输错密码次数过多，账号已锁定，请 {max(1, minutes)} 分钟后再试"


def _dummy_verify(password: str) -> None:
    """The same argon2 work as checking a real password."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_urlsafe(16))
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_dummy_hash, password)


def _audit_failure(user: User | None, name: str, reason: str, actor: Actor | None = None) -> None:
    with session_scope() as session:
        audit.record(
            session,
            actor or ANONYMOUS,
            "user.login_failed",
            "user",
            user.id if user else None,
            after={"username": name[:USERNAME_MAX], "reason": reason},
        )


def _client_gate(client: str | None, now: float) -> None:
    if not client:
        return
    with _lock:
        fails = _clients.get(client)
        while fails and fails[0] < now - CLIENT_WINDOW:
            fails.popleft()
        if fails is not None and len(fails) >= CLIENT_MAX_FAILED:
            raise AuthError("此终端登录失败次数过多，请 15 分钟后再试")


def _client_failed(client: str | None, now: float) -> None:
    if client:
        with _lock:
            _clients.setdefault(client, deque()).append(now)


def _ghost_login(name: str, password: str, now: float) -> AuthError:
    """An unknown or disabled username: same work, same messages, same lockout."""
    with _lock:
        entry = _ghosts.setdefault(name, [0, 0.0])
        _ghosts.move_to_end(name)
        while len(_ghosts) > _GHOSTS_KEPT:
            _ghosts.popitem(last=False)
        if entry[1] > now:
            return AuthError(_locked_message(int((entry[1] - now) // 60) + 1))
        entry[0] += 1
        count = entry[0]
        if count >= MAX_FAILED:
            entry[:] = [0, now + LOCK_MINUTES * 60]
    _dummy_verify(password)
    if count >= MAX_FAILED:
        return AuthError(f"连续 {MAX_FAILED} 次输错密码，账号已锁定 {LOCK_MINUTES} 分钟")
    return AuthError(WRONG)


def _take_attempt(user_id: int, now: dt.datetime) -> int | None:
    """Number this attempt (atomically); None while the account is locked."""
    with session_scope() as session:
        return session.execute(
            update(User)
            .where(User.id == user_id)
            .where(or_(User.locked_until.is_(None), User.locked_until <= now))  # type: ignore[union-attr]
            .values(failed_attempts=User.failed_attempts + 1)
            .returning(User.failed_attempts)
        ).scalar_one_or_none()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def login(
    username: str, password: str, *, now: dt.datetime | None = None, client: str | None = None
) -> Actor:
    """Check a password; lock the account for 15 minutes after 5 failures in a row."""
    from services.org.auth import actor_for, hash_password

    now = now or utcnow()
    clock = time.time()
    name = (username or "").strip()
    password = password or ""
    _client_gate(client, clock)
    if not name or len(name) > USERNAME_MAX or len(password) > PASSWORD_MAX:
        _dummy_verify(password[:PASSWORD_MAX])
        _client_failed(client, clock)
        _audit_failure(None, name, "input_too_long" if name else "empty")
        raise AuthError(WRONG)
    with session_scope() as session:
        user = session.exec(select(User).where(User.username == name)).first()
        if user is not None:
            session.expunge(user)
    if user is None or not user.active:
        error = _ghost_login(name, password, clock)
        _client_failed(client, clock)
        _audit_failure(user, name, "unknown_user" if user is None else "disabled")
        raise error
    attempt = _take_attempt(user.id, now)
    if attempt is None or attempt > MAX_FAILED:  # locked: no password work, as for a ghost
        _client_failed(client, clock)
        _audit_failure(user, name, "locked")
        with session_scope() as session:
            locked = _aware(session.get(User, user.id).locked_until)
        minutes = int((locked - now).total_seconds() // 60) + 1 if locked else LOCK_MINUTES
        raise AuthError(_locked_message(minutes))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        _client_failed(client, clock)
        with session_scope() as session:
            actor = actor_for(session, user)
            audit.record(
                session, actor, "user.login_failed", "user", user.id,
                after={"username": name, "reason": "wrong_password", "attempt": attempt},
            )  # fmt: skip
            if attempt >= MAX_FAILED:
                session.execute(
                    update(User)
                    .where(User.id == user.id)
                    .values(
                        locked_until=now + dt.timedelta(minutes=LOCK_MINUTES), failed_attempts=0
                    )
                )
                audit.record(session, actor, "user.locked", "user", user.id)
        if attempt >= MAX_FAILED:
            raise AuthError(
                f"连续 {MAX_FAILED} 次输错密码，账号已锁定 {LOCK_MINUTES} 分钟"
            ) from None
        raise AuthError(WRONG) from None
    with session_scope() as session:
        user = session.get(User, user.id)
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.failed_attempts = 0
        user.locked_until = None
        user.last_login_at = now
        session.add(user)
        actor = actor_for(session, user)
        audit.record(session, actor, "user.login", "user", user.id)
        return actor


def session_current(actor: Actor) -> bool:
    """Whether a logged-in actor's session still holds (the user active, version unchanged)."""
    if actor.id is None:
        return True
    with session_scope() as session:
        return audit.session_problem(session, actor) is None
