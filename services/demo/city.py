"""`pioneer demo --city`: a demo city whose counties are at different stages, for 全市总览.

The demo county (兖州区（演示）) becomes one of the city's counties; four more counties get a
round each, scored in part by the city's inspector (交叉考评), with stages set so that today
falls in a different stage for each, some deadlines past and work targets behind.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

from sqlmodel import select

from services import audit
from services.actor import SYSTEM_ACTOR
from services.demo import build as county_demo
from services.demo.synthetic import requirement_values
from services.ledgers import targets
from services.org import auth
from services.org.units import seed_unit
from services.rounds import core as rounds
from services.rounds import deadlines, inspectors, sheets
from services.rubrics import get_rubric
from store.db import session_scope
from store.org import Unit, User
from store.rounds import Round

CITY = "济宁市（演示）"
ROUND_NAME = "2020年创建工作自评"
# county, office username, stage today falls in, share of requirements scored, quality
COUNTIES = (
    ("曲阜市（演示）", "qufu", "prepare_until", 0.2, 0.9),
    ("邹城市（演示）", "zoucheng", "build_until", 0.5, 0.75),
    ("微山县（演示）", "weishan", "selfcheck_until", 0.85, 0.55),
    ("泗水县（演示）", "sishui", "assess_until", 1.0, 0.7),
)
# username, display name, role
CITY_USERS = (
    ("shi_bgs", "市创建办 钱主任", "office"),
    ("shi_ld", "市政府分管领导", "viewer"),
    ("shi_kh", "市考核组 吴组长（交叉考评）", "inspector"),
)
STAGE_KEYS = ("prepare_until", "build_until", "selfcheck_until", "assess_until")


def _stages(now_in: str, today: dt.date) -> dict[str, dt.date]:
    """Stage ends 60 days apart, so that ``today`` falls inside stage ``now_in``."""
    k = STAGE_KEYS.index(now_in)
    return {key: today + dt.timedelta(days=30 + 60 * (i - k)) for i, key in enumerate(STAGE_KEYS)}


def _user(username: str, name: str, role: str, unit_id: int, password: str) -> None:
    with session_scope() as session:
        exists = session.exec(select(User).where(User.username == username)).first()
    if exists:
        auth.reset_password(SYSTEM_ACTOR, username, password, must_change=False)
        auth.set_active(SYSTEM_ACTOR, username, True)
    else:
        auth.create_user(
            SYSTEM_ACTOR,
            username=username,
            display_name=name,
            role=role,
            password=password,
            unit_id=unit_id,
            must_change=False,  # demo accounts are shown on the login page
        )


def _county_round(
    county: str, office_user: str, stage: str, share: float, quality: float, ctx: dict
) -> None:
    city_id, today, rng = ctx["city"], ctx["today"], ctx["rng"]
    unit_id = seed_unit(SYSTEM_ACTOR, county, county_demo.RUBRIC, parent_id=city_id)["unit_id"]
    password = ctx["passwords"][office_user]
    _user(office_user, f"{county.removesuffix('（演示）')}创建办", "office", unit_id, password)
    office = auth.login(office_user, password)
    with session_scope() as session:
        rnd = session.exec(
            select(Round).where(Round.unit_id == unit_id, Round.name == ROUND_NAME)
        ).first()
    stages = _stages(stage, today)
    if rnd is not None:  # refresh: move the dates so the county stays in its stage
        with session_scope() as session:
            row = session.get(Round, rnd.id)
            for key, value in stages.items():
                setattr(row, key, value)
            session.add(row)
            audit.record(session, SYSTEM_ACTOR, "demo.refresh", "round", row.id)
        return
    rnd = rounds.create_round(
        office,
        name=ROUND_NAME,
        unit_id=unit_id,
        kind="自评",
        rubric_id=county_demo.RUBRIC,
        stages=stages,
        starts_on=stages["prepare_until"] - dt.timedelta(days=90),
    )
    inspectors.assign_inspectors(office, rnd.id, ["shi_kh"])
    rubric = get_rubric(county_demo.RUBRIC)
    for req in rubric.requirements():
        if rng.random() < share:
            sheets.save_requirement(
                ctx["inspector"], rnd.id, req.id, requirement_values(req, rng, quality)
            )
    if stage in ("selfcheck_until", "assess_until"):
        for req_id in ("1.1.1", "2.2.3", "4.4.1"):
            deadlines.set_deadline(
                office, rnd.id, today - dt.timedelta(days=rng.randint(3, 20)), requirement_id=req_id
            )
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    made = targets.add_seed_targets(office, unit_id, start, end)
    for t in made:
        for month in range(1, today.month):
            amount = (t["target"] * Decimal(str(quality)) / 12).quantize(Decimal("0.01"))
            targets.report_progress(office, t["id"], dt.date(today.year, month, 1), amount)


def create_city_demo(today: dt.date | None = None) -> dict:
    """Create (or refresh) the demo city; returns its name and the accounts made."""
    today = today or dt.date.today()
    county = county_demo.create_demo(today)
    rng = random.Random(20200601)
    with session_scope() as session:
        city = session.exec(select(Unit).where(Unit.name == CITY, Unit.parent_id == None)).first()  # noqa: E711
    city_id = (
        city.id
        if city
        else seed_unit(SYSTEM_ACTOR, CITY, county_demo.RUBRIC, level="市")["unit_id"]
    )
    with session_scope() as session:  # the demo county is one of the city's counties
        row = session.get(Unit, county_demo.get_demo_unit_id())
        if row.parent_id is None:
            row.parent_id = city_id
            session.add(row)
            audit.record(
                session, SYSTEM_ACTOR, "unit.move", "unit", row.id, after={"parent_id": city_id}
            )
    names = [u[0] for u in CITY_USERS] + [c[1] for c in COUNTIES]
    passwords = {u: auth.new_password() for u in names}
    for username, name, role in CITY_USERS:
        _user(username, name, role, city_id, passwords[username])
    ctx = {
        "city": city_id,
        "today": today,
        "rng": rng,
        "passwords": passwords,
        "inspector": auth.login("shi_kh", passwords["shi_kh"]),
    }
    for name, office_user, stage, share, quality in COUNTIES:
        _county_round(name, office_user, stage, share, quality, ctx)
    labels = {u: (n, r) for u, n, r in CITY_USERS} | {
        c[1]: (f"{c[0].removesuffix('（演示）')}创建办", "office") for c in COUNTIES
    }
    creds = [
        {"username": u, "password": passwords[u], "name": labels[u][0], "role": labels[u][1]}
        for u in names
    ]
    path = county_demo.credentials_path()
    path.write_text(
        json.dumps(county["credentials"] + creds, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return {
        "city": CITY,
        "counties": [county["unit"], *[c[0] for c in COUNTIES]],
        "credentials": creds,
        "county": county,
    }


__all__ = ["CITY", "create_city_demo"]
