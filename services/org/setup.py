"""First run: create the schema, the default unit with its departments and an admin user."""

from __future__ import annotations

from sqlmodel import select

from services.actor import SYSTEM_ACTOR
from services.org import units as org
from services.org.auth import add_user, new_password
from store.db import session_scope
from store.org import User
from store.settings import load_settings

DEFAULT_UNIT = "兖州区"


def initialise(unit: str = DEFAULT_UNIT, rubric_id: str | None = None) -> dict:
    org.init_database()
    from services.ledgers.rows import secret_key

    secret_key()  # created now, or refused when lost while data hashed with it exists
    result = org.seed_unit(SYSTEM_ACTOR, unit, rubric_id)
    password = None
    with session_scope() as session:
        if session.exec(select(User)).first() is None:
            password = new_password()
            add_user(
                session,
                SYSTEM_ACTOR,
                username="admin",
                display_name="办公室管理员",
                role="office",
                password=password,
            )
    settings = load_settings()
    shown = settings.database_url if not settings.is_sqlite else str(settings.home / "pioneer.db")
    return result | {"database": shown, "admin_password": password}
