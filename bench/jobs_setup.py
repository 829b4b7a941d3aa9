"""bench/jobs.py: an emptied PostgreSQL database and one county with its users and a round."""

from __future__ import annotations

import os
from pathlib import Path

PASSWORD = "bench-password-9"
UNIT = "基准区"


def fresh_database(url: str, home: Path) -> None:
    from sqlalchemy import text

    from store.db import make_engine, reset_engines
    from store.migrate import upgrade

    os.environ["PIONEER_HOME"] = str(home)
    os.environ["PIONEER_DATABASE_URL"] = url
    os.environ["PIONEER_FILES_ROOT"] = str(home / "files")
    os.environ["PIONEER_VERIFY_HOUR"] = os.environ["PIONEER_REMINDER_HOUR"] = "99"
    engine = make_engine("postgresql+psycopg://" + url.split("://", 1)[1])
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(engine=engine)
    engine.dispose()
    reset_engines()


def county() -> tuple:
    """A unit with an office user, a department user and a current round."""
    import datetime as dt

    from services.actor import SYSTEM_ACTOR
    from services.org import auth
    from services.org.setup import initialise
    from services.rounds import core as rounds

    result = initialise(UNIT)
    auth.create_user(
        SYSTEM_ACTOR, username="office", display_name="办公室", role="office", password=PASSWORD
    )
    auth.create_user(
        SYSTEM_ACTOR,
        username="rsj",
        display_name="人社局",
        role="department",
        password=PASSWORD,
        department="区人社局",
    )
    office = auth.login("office", PASSWORD)
    today = dt.date.today()
    rounds.create_round(
        office,
        name="第一次",
        unit_id=result["unit_id"],
        kind="模拟考评",
        stages={
            "prepare_until": today - dt.timedelta(days=60),
            "build_until": today - dt.timedelta(days=10),
            "selfcheck_until": today + dt.timedelta(days=2),
            "assess_until": today + dt.timedelta(days=30),
        },
    )
    return office, auth.login("rsj", PASSWORD), result["unit_id"]
