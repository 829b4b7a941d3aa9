"""发文: a unit's issuing settings and the numbers its documents take.

Every document reads its 发文机关, 机关代字, 抄送, 联系人 and 电话 from ``issuing`` (defaults made
from the unit's name until the office saves its own in 设置). Issuing a document takes the next
number of its series for the unit and year (``take_number``): a number is never given twice,
also when two documents are issued at the same moment (the unique key decides, the loser takes
the next one). Each number taken is audited.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from reports.common import county_of
from reports.frame import doc_number
from reports.sanitize import xml_text
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from store.db import session_scope
from store.issuing import IssuedNumber, IssuingProfile
from store.org import Unit

CAMPAIGN = "创建省级创业型城市"
FIELDS = (
    "office",
    "code",
    "printer",
    "report_to",
    "signer",
    "cc",
    "contact",
    "phone",
    "bulletin_to",
    "copies",
)
LABELS = {
    "office": "发文机关全称",
    "code": "机关代字",
    "printer": "印发机关",
    "report_to": "考评报告主送机关",
    "signer": "签发人",
    "cc": "抄送机关（每行一个）",
    "contact": "联系人",
    "phone": "联系电话",
    "bulletin_to": "简报报送范围（每行一项，如“报：区委、区政府主要领导”）",
    "copies": "简报共印份数",
}
TRIES = 20


@dataclass(frozen=True)
class Issuing:
    """How a unit's documents are issued (see ``store.issuing.IssuingProfile``)."""

    unit_id: int
    unit: str
    county: str  # the unit's name as printed: 兖州区（演示） -> 兖州区
    office: str
    code: str
    printer: str
    report_to: str
    signer: str
    cc: tuple[str, ...]
    contact: str
    phone: str
    bulletin_to: tuple[str, ...]
    copies: int

    @property
    def mark(self) -> str:
        """发文机关标志 of the 版头."""
        return f"{self.office}文件"

    @property
    def contact_line(self) -> str:
        """联系人及电话 as printed at the end of a notice."""
        who = self.contact or "　　　　"
        phone = self.phone or "　　　　　　"
        return f"联系人：{who}，联系电话：{phone}。"


def defaults(unit: str, campaign: str = CAMPAIGN) -> dict[str, object]:
    county = county_of(unit)
    return {
        "office": f"{county}{campaign}工作领导小组办公室",
        "code": f"{county[:1]}创办发",
        "printer": f"{county}创建工作领导小组办公室",
        "report_to": f"{county}{campaign}工作领导小组",
        "signer": "",
        "cc": "",
        "contact": "",
        "phone": "",
        "bulletin_to": f"报：{county}委、{county}政府主要领导\n送：{campaign}工作领导小组成员\n"
        f"发：领导小组各成员单位",
        "copies": 40,
    }


def _lines(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[\n；;]", text or "") if t.strip())


def read_issuing(session: Session, unit_id: int, campaign: str = CAMPAIGN) -> Issuing:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"没有编号为 {unit_id} 的单位")
    values = defaults(unit.name, campaign)
    row = session.exec(select(IssuingProfile).where(IssuingProfile.unit_id == unit_id)).first()
    if row is not None:
        for name in FIELDS:
            value = getattr(row, name)
            if value not in ("", None, 0):
                values[name] = value
    return Issuing(
        unit_id=unit_id,
        unit=unit.name,
        county=county_of(unit.name),
        office=str(values["office"]),
        code=str(values["code"]),
        printer=str(values["printer"]),
        report_to=str(values["report_to"]),
        signer=str(values["signer"]),
        cc=_lines(str(values["cc"])),
        contact=str(values["contact"]),
        phone=str(values["phone"]),
        bulletin_to=_lines(str(values["bulletin_to"])),
        copies=int(values["copies"] or 0),
    )


def issuing(actor: Actor, unit_id: int, campaign: str = CAMPAIGN) -> Issuing:
    """The unit's 发文 settings, for a reader of the unit."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        return read_issuing(session, unit_id, campaign)


def save_issuing(actor: Actor, unit_id: int, **values: object) -> Issuing:
    """Save the unit's 发文 settings (office only, audited)."""
    actor.require("office", action="修改发文设置")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"不认识的发文设置：{'、'.join(sorted(unknown))}")
    clean: dict[str, object] = {}
    for name, value in values.items():
        if name == "copies":
            try:
                n = int(value or 0)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                raise InvalidInput("简报共印份数应为整数") from None
            if not 0 <= n <= 10000:
                raise InvalidInput("简报共印份数应在0到10000之间")
            clean[name] = n
        else:
            text = xml_text(value).strip()
            if name == "code" and re.search(r"[〔〕\[\]\d]", text):
                raise InvalidInput("机关代字只写代字本身，如“兖创办发”，不含年份和序号")
            clean[name] = text
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        row = session.exec(select(IssuingProfile).where(IssuingProfile.unit_id == unit_id)).first()
        before = {n: getattr(row, n) for n in FIELDS} if row else None
        if row is None:
            row = IssuingProfile(unit_id=unit_id)
        for name, value in clean.items():
            setattr(row, name, value)
        row.updated_at = dt.datetime.now(dt.UTC)
        session.add(row)
        audit.record(session, actor, "issuing.save", "unit", unit_id, before=before, after=clean)
    return issuing(actor, unit_id)


def take_number(
    actor: Actor,
    unit_id: int,
    series: str,
    kind: str,
    *,
    year: int,
    code: str = "",
    title: str = "",
    addressee: str = "",
    round_id: int | None = None,
    wanted: int | None = None,
    request: str | None = None,
) -> int:
    """The number of a document being issued: the next of the unit's ``series`` for ``year``.

    ``wanted`` sets the number (a 简报's 期号 confirmed by the office): taken if free; if that
    number was already issued for the same kind of document, the same number is reprinted
    (audited as such); a number used by another kind of document is refused.

    ``request`` names who asks (a job's document, "job12:unit3:assessment"): asked again (the
    job retried after a failure midway), it gets the number it was given, reprinted.
    """
    if wanted is not None and wanted < 1:
        raise InvalidInput("序号应为正整数")
    actor.require("office", "inspector", action="发文编号")
    if actor.role == "inspector":
        if round_id is None:
            raise PermissionDenied("考核组只能为所在轮次的考评报告编号")
        rnd = access.require_read_round(actor, round_id)  # an inspector issues its round's report
        if rnd.unit_id != unit_id:
            raise PermissionDenied("考核组只能为所在轮次的考评报告编号")
    else:
        access.require_write_unit(actor, unit_id)
    key = f"{request}:{series}:{year}"[:200] if request else None
    for _ in range(TRIES):
        try:
            with session_scope() as session:
                where = (
                    IssuedNumber.unit_id == unit_id,
                    IssuedNumber.series == series,
                    IssuedNumber.year == year,
                )
                given = None
                if key is not None:
                    given = session.exec(
                        select(IssuedNumber).where(*where, IssuedNumber.request_key == key)
                    ).first()
                if given is not None:
                    _reprinted(session, actor, given)
                    return given.seq
                if wanted is not None:
                    old = session.exec(
                        select(IssuedNumber).where(*where, IssuedNumber.seq == wanted)
                    ).first()
                    if old is not None:
                        if old.kind != kind:
                            raise InvalidInput(
                                f"{year}年第{wanted}号已用于另一份文件，不能重复使用"
                            )
                        _reprinted(session, actor, old)
                        return wanted
                    seq = wanted
                else:
                    last = session.exec(select(func.max(IssuedNumber.seq)).where(*where)).one()
                    seq = (last or 0) + 1
                row = IssuedNumber(
                    unit_id=unit_id,
                    series=series,
                    year=year,
                    seq=seq,
                    code=code,
                    kind=kind,
                    title=title[:300],
                    addressee=addressee[:100],
                    round_id=round_id,
                    issued_by=actor.username,
                    request_key=key,
                )
                session.add(row)
                session.flush()
                audit.record(
                    session,
                    actor,
                    "issue.number",
                    "issued_number",
                    row.id,
                    after={
                        "series": series,
                        "year": year,
                        "seq": seq,
                        "kind": kind,
                        "title": title,
                    },
                )
                return seq
        except IntegrityError:
            if wanted is not None:
                continue  # someone took it at the same moment: the loop finds it now
            continue
    raise InvalidInput("发文字号分配冲突，请稍后重试")


def _reprinted(session: Session, actor: Actor, row: IssuedNumber) -> None:
    after = {"series": row.series, "year": row.year, "seq": row.seq, "kind": row.kind}
    audit.record(session, actor, "issue.reprint", "issued_number", row.id, after=after)


def issued_numbers(actor: Actor, unit_id: int, series: str | None = None) -> list[IssuedNumber]:
    """The numbers the unit has issued (登记簿), for a reader of the unit."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        query = select(IssuedNumber).where(IssuedNumber.unit_id == unit_id)
        if series:
            query = query.where(IssuedNumber.series == series)
        rows = session.exec(query.order_by(IssuedNumber.year, IssuedNumber.seq)).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def _latest(actor: Actor, unit_id: int, column, series: str, *where):
    """The largest ``column`` of the unit's issued numbers in ``series`` (None: none yet)."""
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        return session.exec(
            select(func.max(column)).where(
                IssuedNumber.unit_id == unit_id, IssuedNumber.series == series, *where
            )
        ).one()


def next_number(actor: Actor, unit_id: int, series: str, year: int) -> int:
    """The number the unit's next document of ``series`` would take (shown, not taken)."""
    last = _latest(actor, unit_id, IssuedNumber.seq, series, IssuedNumber.year == year)
    return (last or 0) + 1


def last_issue_date(actor: Actor, unit_id: int, series: str, kind: str) -> dt.date | None:
    """When the unit last issued a document of ``kind`` (the 简报's period starts there)."""
    at = _latest(actor, unit_id, IssuedNumber.issued_at, series, IssuedNumber.kind == kind)
    return at.date() if at else None


def number_text(row: IssuedNumber) -> str:
    """How an issued number is written: 兖创办发〔2026〕3号, or 2026年第3期 for a 简报."""
    if row.series == "doc":
        return doc_number(row.code, row.year, row.seq)
    return f"{row.year}年第{row.seq}期"


def preview_number(actor: Actor, unit_id: int, year: int) -> str:
    """The 发文字号 the unit's next document would take (shown in 设置, not taken)."""
    how = issuing(actor, unit_id)
    return doc_number(how.code, year, next_number(actor, unit_id, "doc", year))
