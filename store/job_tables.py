"""Background work and outgoing reminders: the job table, the outbox and where reminders go.

``background_job`` is what the office sees on 后台任务 on both engines. On PostgreSQL each row
also has a procrastinate job (``queue_id``) that workers take; on SQLite the app runs the rows
itself. ``outbox_message`` holds every reminder to deliver (at least once, unique by ``key``).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import JSON, Column, Field, SQLModel, Text

from store.base import utcnow

JOB_STATUSES = {
    "queued": "排队中",
    "running": "进行中",
    "retrying": "等待重试",
    "succeeded": "已完成",
    "failed": "失败",
}


class BackgroundJob(SQLModel, table=True):
    __tablename__ = "background_job"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, index=True)
    title: str = Field(default="", max_length=200)
    args: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # one job per key (e.g. the nightly check of one day); None for jobs that may repeat
    key: str | None = Field(default=None, max_length=200, unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    status: str = Field(default="queued", max_length=12, index=True)
    attempts: int = 0
    max_attempts: int = 4
    run_after: dt.datetime = Field(default_factory=utcnow)
    progress_done: int = 0
    progress_total: int = 0
    message: str = Field(default="", max_length=500)  # the latest progress line or result
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    result: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    worker: str | None = Field(default=None, max_length=100)
    queue_id: int | None = None  # procrastinate_jobs.id on PostgreSQL
    created_by: str = Field(default="", max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)
    started_at: dt.datetime | None = None
    heartbeat_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


REMINDER_CHANNELS = {"wecom": "企业微信群机器人", "dingtalk": "钉钉群机器人", "email": "电子邮件"}


class ReminderTarget(SQLModel, table=True):
    """Where one department's reminders go: a group robot's webhook or an e-mail address."""

    __tablename__ = "reminder_target"

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", index=True)
    channel: str = Field(max_length=10)  # wecom | dingtalk | email
    address: str = Field(max_length=500)  # webhook URL or e-mail address
    active: bool = True
    created_by: str = Field(default="", max_length=100)
    created_at: dt.datetime = Field(default_factory=utcnow)


OUTBOX_STATUSES = {"pending": "待发送", "sent": "已发送", "failed": "发送失败"}


class OutboxMessage(SQLModel, table=True):
    """One message to deliver. ``key`` makes a day's reminder to one target unique."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    channel: str = Field(max_length=10)
    address: str = Field(max_length=500)
    subject: str = Field(default="", max_length=200)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=10, index=True)
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow)
    last_error: str | None = Field(default=None, max_length=1000)
    created_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: dt.datetime | None = None
