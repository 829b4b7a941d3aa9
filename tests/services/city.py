"""A city (济宁市) with two counties (甲县, 乙县), users of every role at each, a round in each
county, evidence, a target, a ledger import and a sample in 甲县; 乙县's inspector is assigned to
甲县's round (交叉考评)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.actor import SYSTEM_ACTOR, Actor
from services.evidence import intake
from services.ledgers import imports, samples, targets
from services.org import auth
from services.org import units as org
from services.rounds import core as rounds
from services.rounds import inspectors
from tests.services.helpers import PASSWORD, docx_bytes
from tests.services.ledger_fixtures import HEADERS, row

DOC = docx_bytes("关于成立创建工作领导小组的通知", "甲政办字〔2020〕3号", "2020年1月20日")
TRAINING = "\n".join(
    ",".join(str(v) for v in r)
    for r in [HEADERS["training"], row("training", 1), row("training", 2)]
)


@dataclass
class City:
    city: int
    a: int
    b: int
    round_a: int
    round_b: int
    evidence_a: int
    target_a: int
    sample_a: int
    import_a: int
    city_office: Actor
    office_a: Actor
    office_b: Actor
    dept_a: Actor
    dept_b: Actor
    viewer_city: Actor
    inspector_a: Actor
    inspector_b: Actor  # of 乙县, assigned to 甲县's round (交叉考评)
    inspector_city: Actor  # of the city, not assigned


def _user(username: str, role: str, unit_id: int, department: str | None = None) -> Actor:
    auth.create_user(
        SYSTEM_ACTOR,
        username=username,
        display_name=username,
        role=role,
        password=PASSWORD,
        department=department,
        unit_id=unit_id,
        must_change=False,
    )
    return auth.login(username, PASSWORD)


def make_city() -> City:
    org.init_database()
    city = org.seed_unit(SYSTEM_ACTOR, "济宁市", level="市")["unit_id"]
    a = org.seed_unit(SYSTEM_ACTOR, "甲县", parent_id=city)["unit_id"]
    b = org.seed_unit(SYSTEM_ACTOR, "乙县", parent_id=city)["unit_id"]
    office_a = _user("office_a", "office", a)
    office_b = _user("office_b", "office", b)
    ra = rounds.create_round(office_a, name="自评", unit_id=a, kind="自评").id
    rb = rounds.create_round(office_b, name="自评", unit_id=b, kind="自评").id
    dept_a = _user("rsj_a", "department", a, "区人社局")
    ev = intake.add_evidence(
        dept_a, DOC, "通知.docx", requirements=["1.2.1"], department="区人社局", unit=a
    )["evidence_id"]
    target = targets.add_target(
        office_a,
        a,
        name="创业培训",
        measure="人",
        target_value=100,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        department="区人社局",
    )["id"]
    imp = imports.import_ledger(
        office_a, TRAINING.encode(), "培训.csv", "training", unit_id=a, department="区人社局"
    )["import_id"]
    sample = samples.draw_sample(office_a, "training", 1, 7, unit_id=a)["sample_id"]
    inspector_b = _user("insp_b", "inspector", b)
    inspectors.assign_inspectors(office_a, ra, ["insp_b"])
    return City(
        city=city,
        a=a,
        b=b,
        round_a=ra,
        round_b=rb,
        evidence_a=ev,
        target_a=target,
        sample_a=sample,
        import_a=imp,
        city_office=_user("office_city", "office", city),
        office_a=office_a,
        office_b=office_b,
        dept_a=dept_a,
        dept_b=_user("rsj_b", "department", b, "区人社局"),
        viewer_city=_user("leader_city", "viewer", city),
        inspector_a=_user("insp_a", "inspector", a),
        inspector_b=inspector_b,
        inspector_city=_user("insp_city", "inspector", city),
    )
