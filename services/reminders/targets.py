"""Where each department's reminders go (设置 → 提醒接收), and what was sent (the office reads
both). Every change is audited."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlmodel import select

from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from store.db import session_scope
from store.job_tables import OUTBOX_STATUSES, REMINDER_CHANNELS, OutboxMessage, ReminderTarget
from store.org import Department, Unit

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _department(session, unit_id: int, department_id: int, actor: Actor) -> Department:
    access.require_write_unit(actor, unit_id, session)  # own, not only role
    dept = session.get(Department, department_id)
    if dept is None:
        raise NotFound("单位不存在")
    if dept.unit_id != unit_id:
        raise PermissionDenied("只能设置本被考评单位的成员单位")
    return dept


def check_address(channel: str, address: str) -> str:
    address = address.strip()
    if channel not in REMINDER_CHANNELS:
        raise InvalidInput(f"未知的发送渠道：{channel}")
    if channel == "email":
        if not EMAIL.match(address) or len(address) > 254:
            raise InvalidInput(f"电子邮件地址格式不正确：{address}")
        return address
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(address) > 500:
        raise InvalidInput("机器人地址应为 http:// 或 https:// 开头的完整 Webhook 地址")
    return address


def add_target(actor: Actor, unit_id: int, department_id: int, channel: str, address: str) -> int:
    actor.require("office", action="设置提醒接收")
    address = check_address(channel, address)
    with session_scope() as session:
        dept = _department(session, unit_id, department_id, actor)
        target = ReminderTarget(
            department_id=dept.id, channel=channel, address=address, created_by=actor.display_name
        )
        session.add(target)
        session.flush()
        audit.record(
            session,
            actor,
            "reminder_target.add",
            "reminder_target",
            target.id,
            after={"department": dept.name, "channel": channel, "address": masked(address)},
        )
        return target.id


def remove_target(actor: Actor, unit_id: int, target_id: int) -> None:
    actor.require("office", action="设置提醒接收")
    with session_scope() as session:
        target = session.get(ReminderTarget, target_id)
        if target is None:
            raise NotFound("该提醒接收设置不存在")
        dept = _department(session, unit_id, target.department_id, actor)
        audit.record(
            session,
            actor,
            "reminder_target.remove",
            "reminder_target",
            target_id,
            before={"department": dept.name, "channel": target.channel},
        )
        session.delete(target)


def masked(address: str) -> str:
    """A webhook's secret token is not shown: host and the token's last four characters."""
    if "@" in address and "://" not in address:
        return address
    parts = urlsplit(address)
    tail = (parts.query or parts.path)[-4:]
    return f"{parts.scheme}://{parts.netloc}/…{tail}"


def list_targets(actor: Actor, unit_id: int) -> list[dict]:
    actor.require("office", action="查看提醒接收")
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        rows = session.exec(
            select(ReminderTarget, Department)
            .join(Department, Department.id == ReminderTarget.department_id)
            .where(Department.unit_id == unit_id)
            .order_by(Department.id, ReminderTarget.id)
        ).all()
        return [
            {
                "id": t.id,
                "department": d.name,
                "channel": t.channel,
                "channel_label": REMINDER_CHANNELS[t.channel],
                "address": masked(t.address),
                "created_by": t.created_by,
                "created_at": t.created_at,
            }
            for t, d in rows
        ]


def sent_messages(actor: Actor, unit_id: int | None = None, limit: int = 300) -> list[dict]:
    """What was sent, when and to whom (newest first)."""
    actor.require("office", action="查看提醒发送记录")
    with session_scope() as session:
        q = (
            select(OutboxMessage, Department, Unit)
            .join(Department, Department.id == OutboxMessage.department_id, isouter=True)
            .join(Unit, Unit.id == OutboxMessage.unit_id, isouter=True)
        )
        if unit_id is not None:  # another unit's log only within the actor's subtree
            access.require_read_unit(actor, unit_id, session)
            q = q.where(OutboxMessage.unit_id == unit_id)
        else:
            q = q.where(OutboxMessage.unit_id.in_(access.readable_units(actor, session)))
        rows = session.exec(q.order_by(OutboxMessage.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
        return [
            {
                "id": m.id,
                "unit": u.name if u else "",
                "department": d.name if d else "",
                "channel_label": REMINDER_CHANNELS.get(m.channel, m.channel),
                "address": masked(m.address),
                "subject": m.subject,
                "status": m.status,
                "status_label": OUTBOX_STATUSES.get(m.status, m.status),
                "attempts": m.attempts,
                "created_at": m.created_at,
                "sent_at": m.sent_at,
                "error": m.last_error,
            }
            for m, d, u in rows
        ]
