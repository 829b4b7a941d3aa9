"""`pioneer demo`: a living demo county with users, evidence, a partly scored mock assessment.

Run again, it refreshes the demo: new passwords and stage dates moved so that today falls in
the 自查整改 stage; existing data stays.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
from sqlmodel import select

from rubric import load_rubric
from services import audit, precheck
from services.actor import SYSTEM_ACTOR
from services.demo.content import (
    BODY,
    DEMO_UNIT,
    DOCUMENTS,
    LEAD_COMMENTS,
    LEAD_FINDINGS,
    SECOND_FINDINGS,
    USERS,
)
from services.demo.ledgers import add_demo_ledgers
from services.documents.issuing import save_issuing
from services.evidence import intake as evidence_intake
from services.evidence import query as evidence_query
from services.org import auth
from services.org.setup import initialise
from services.rounds import core as rounds
from services.rounds import deadlines, sheets
from store.db import session_scope
from store.org import Unit, User
from store.rounds import Round
from store.settings import load_settings

RUBRIC = "yanzhou-2020"
ROUND_SUFFIX = "年第一次模拟考评"  # the demo round, named after the year it starts in


def round_name(starts_on: dt.date) -> str:
    """The demo round's name from its own dates: it starts 120 days before today."""
    return f"{starts_on.year}{ROUND_SUFFIX}"


def credentials_path():
    return load_settings().home / "demo-credentials.json"


def demo_credentials() -> list[dict]:
    """The demo accounts, for the login page while demo mode is on."""
    try:
        return json.loads(credentials_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _stage_dates(today: dt.date) -> dict[str, dt.date]:
    return {
        "prepare_until": today - dt.timedelta(days=90),
        "build_until": today - dt.timedelta(days=10),
        "selfcheck_until": today + dt.timedelta(days=50),
        "assess_until": today + dt.timedelta(days=110),
    }


def _document(title: str, number: str | None, date: str, req_ids: list[str]) -> bytes:
    rubric = load_rubric(RUBRIC)
    reqs = rubric.requirement_index()
    d = docx.Document()
    d.add_paragraph(title)
    if number:
        d.add_paragraph(number)
    d.add_paragraph("各镇人民政府，各街道办事处，区政府各部门，区直各单位：")
    for rid in req_ids:
        paras = BODY.get(rid) or [
            f"根据创建省级创业型城市工作要求，现就“{reqs[rid].requirement}”有关工作说明如下。",
            "一、工作目标。对照省创业型城市考核评估标准，明确责任单位和完成时限，确保各项任务落实"
            "到位。二、主要措施。建立工作台账，实行按月调度，定期报送工作进展情况。三、保障措施。"
            "加强组织领导，落实经费保障，强化督导检查。",
        ]
        for p in paras:
            d.add_paragraph(p)
    y, m, day = (int(x) for x in date.split("-"))
    d.add_paragraph("济宁市兖州区人民政府办公室")
    d.add_paragraph(f"{y}年{m}月{day}日")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _ensure_users(passwords: dict[str, str], unit_id: int) -> None:
    with session_scope() as session:
        existing = {u.username for u in session.exec(select(User))}
    for username, name, role, dept in USERS:
        if username in existing:
            # a new password each run; a user the office disabled stays disabled
            auth.reset_password(SYSTEM_ACTOR, username, passwords[username], must_change=False)
        else:
            auth.create_user(
                SYSTEM_ACTOR,
                username=username,
                display_name=name,
                role=role,
                password=passwords[username],
                department=dept,
                must_change=False,  # demo accounts are shown on the login page
                unit_id=unit_id,
            )


def create_demo(today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    seeded = initialise(DEMO_UNIT, RUBRIC)
    unit_id = seeded["unit_id"]
    save_issuing(
        SYSTEM_ACTOR,
        unit_id,
        signer="王建国",
        cc="济宁市创建省级创业型城市工作领导小组办公室",
        contact="李明",
        phone="0537-3412345",
    )
    passwords = {u[0]: auth.new_password() for u in USERS}
    _ensure_users(passwords, unit_id)
    stages = _stage_dates(today)
    starts_on = today - dt.timedelta(days=120)
    with session_scope() as session:
        rnd = session.exec(
            select(Round)
            .where(Round.unit_id == unit_id, Round.name.like(f"%{ROUND_SUFFIX}"))
            .order_by(Round.id)
        ).first()
        fresh = rnd is None
        if rnd is not None:  # refresh: keep data, move the timeline so the demo stays alive
            for key, value in stages.items():
                setattr(rnd, key, value)
            rnd.starts_on = starts_on
            rnd.name = round_name(starts_on)  # and its name with it
            session.add(rnd)
            audit.record(
                session,
                SYSTEM_ACTOR,
                "demo.refresh",
                "round",
                rnd.id,
                after={k: v for k, v in stages.items()},
            )
    if fresh:
        _populate(unit_id, today, stages, passwords)
    creds = [
        {"username": u, "password": passwords[u], "name": n, "role": r} for u, n, r, _ in USERS
    ]
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(creds, ensure_ascii=False, indent=1), encoding="utf-8")
    path.chmod(0o600)
    return {
        "unit": DEMO_UNIT,
        "created": fresh,
        "credentials": creds,
        "admin_password": seeded.get("admin_password"),
    }


def _populate(
    unit_id: int, today: dt.date, stages: dict[str, dt.date], passwords: dict[str, str]
) -> None:
    actors = {u[0]: auth.login(u[0], passwords[u[0]]) for u in USERS}
    for user, reqs, title, number, date, outcome, reason in DOCUMENTS:
        summary = evidence_intake.add_evidence(
            actors[user],
            _document(title, number, date, reqs),
            f"{title}.docx",
            requirements=reqs,
            department=actors[user].department_name,
            unit=DEMO_UNIT,
            title=title,
            doc_number=number,
            doc_date=dt.date.fromisoformat(date),
            rubric_id=RUBRIC,
        )
        if outcome:
            evidence_query.review(actors["kaohe1"], summary["evidence_id"], outcome, reason)
    rnd = rounds.create_round(
        actors["bangongshi"],
        name=round_name(today - dt.timedelta(days=120)),
        unit_id=unit_id,
        kind="模拟考评",
        rubric_id=RUBRIC,
        stages=stages,
        starts_on=today - dt.timedelta(days=120),
        lead_inspector="kaohe1",
    )
    for req_id in ("2.2.3", "4.4.1"):  # two items with deadlines already past
        deadlines.set_deadline(
            actors["bangongshi"], rnd.id, today - dt.timedelta(days=12), requirement_id=req_id
        )
    for req_id, values in LEAD_FINDINGS.items():
        sheets.save_requirement(
            actors["kaohe1"], rnd.id, req_id, values, comment=LEAD_COMMENTS.get(req_id)
        )
    for req_id, values in SECOND_FINDINGS.items():
        sheets.save_requirement(actors["kaohe2"], rnd.id, req_id, values)
    add_demo_ledgers(unit_id, actors, today, round_id=rnd.id)
    precheck.run_precheck(actors["bangongshi"], rnd.id)  # 自查预评 on the uploaded documents


def get_demo_unit_id() -> int | None:
    with session_scope() as session:
        unit = session.exec(select(Unit).where(Unit.name == DEMO_UNIT)).first()
        return unit.id if unit else None


__all__ = ["DEMO_UNIT", "create_demo", "demo_credentials", "get_demo_unit_id"]
