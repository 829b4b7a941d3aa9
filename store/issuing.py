"""Issuing documents: each unit's 发文 settings and the numbers it has issued."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel, UniqueConstraint

from store.base import utcnow

# series of numbers a unit keeps per year: 发文字号 of 报告/通知, 期号 of 工作简报
SERIES = {"doc": "发文字号", "bulletin": "简报期号"}


class IssuingProfile(SQLModel, table=True):
    """A unit's 发文 settings, used by every document it issues (edited in 设置)."""

    __tablename__ = "issuing_profile"

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", unique=True)
    office: str = Field(default="", max_length=100)  # 发文机关全称 (署名, 版头)
    code: str = Field(default="", max_length=20)  # 机关代字, e.g. 兖创办发
    printer: str = Field(default="", max_length=100)  # 印发机关
    report_to: str = Field(default="", max_length=100)  # 主送 of the 考评报告
    signer: str = Field(default="", max_length=20)  # 签发人 of upward documents
    cc: str = Field(default="", max_length=500)  # 抄送, one a line
    contact: str = Field(default="", max_length=50)  # 联系人
    phone: str = Field(default="", max_length=50)  # 电话
    bulletin_to: str = Field(default="", max_length=500)  # 简报 报、送、发 lines
    copies: int = 0  # 简报 共印份数
    updated_at: dt.datetime = Field(default_factory=utcnow)


class IssuedNumber(SQLModel, table=True):
    """A number taken by an issued document; never given to another (unique per series)."""

    __tablename__ = "issued_number"
    __table_args__ = (
        UniqueConstraint("unit_id", "series", "year", "seq", name="uq_issued_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    series: str = Field(max_length=10)  # doc | bulletin
    year: int
    seq: int
    code: str = Field(default="", max_length=20)  # 机关代字 at the time of issue
    kind: str = Field(max_length=20)  # assessment | notice | bulletin ...
    title: str = Field(default="", max_length=300)
    addressee: str = Field(default="", max_length=100)
    round_id: int | None = None
    issued_by: str = Field(default="", max_length=64)
    issued_at: dt.datetime = Field(default_factory=utcnow)
    # who asked for the number, when asking again must give the same one (a retried job:
    # "job12:unit3:assessment:doc:2026"); None for a number taken by hand
    request_key: str | None = Field(default=None, max_length=200, unique=True, index=True)
