"""Builders for service tests: a seeded unit with users of every role, and small documents."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx

from services.actor import SYSTEM_ACTOR, Actor
from services.org import auth
from services.org import units as org
from services.org.setup import initialise

UNIT = "测试区"
PASSWORD = "correct-horse-9"


@dataclass(frozen=True)
class World:
    office: Actor
    inspector: Actor
    inspector2: Actor
    viewer: Actor
    dept_a: Actor  # 区人社局
    dept_b: Actor  # 区财政局
    unit_id: int


def make_world() -> World:
    result = initialise(UNIT)
    auth.create_user(
        SYSTEM_ACTOR, username="office", display_name="办公室", role="office", password=PASSWORD
    )
    auth.create_user(
        SYSTEM_ACTOR, username="insp", display_name="考核员甲", role="inspector", password=PASSWORD
    )
    auth.create_user(
        SYSTEM_ACTOR, username="insp2", display_name="考核员乙", role="inspector", password=PASSWORD
    )
    auth.create_user(
        SYSTEM_ACTOR, username="leader", display_name="领导", role="viewer", password=PASSWORD
    )
    auth.create_user(
        SYSTEM_ACTOR,
        username="rsj",
        display_name="人社局",
        role="department",
        password=PASSWORD,
        department="区人社局",
    )
    auth.create_user(
        SYSTEM_ACTOR,
        username="czj",
        display_name="财政局",
        role="department",
        password=PASSWORD,
        department="区财政局",
    )
    log = {u: auth.login(u, PASSWORD) for u in ("office", "insp", "insp2", "leader", "rsj", "czj")}
    return World(
        log["office"],
        log["insp"],
        log["insp2"],
        log["leader"],
        log["rsj"],
        log["czj"],
        result["unit_id"],
    )


def docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


__all__ = ["PASSWORD", "UNIT", "World", "docx_bytes", "make_world", "org"]
