"""工作简报: the period since the last issue, the 期号 the unit keeps per year, and the events.

Issuing a 简报 takes its 期号 from the unit's ``bulletin`` series (``issuing.take_number``;
the office may set it, e.g. to reprint an issue). The period starts at the unit's last issue
(else at the round's start). 工作动态 are short sentences read from what happened in the period:
rounds and their stages, evidence uploaded and reviewed, ledgers received, documents issued,
items overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlmodel import Session, select

from ledgers.kinds import KINDS as LEDGER_KINDS
from reports.bulletin import build_bulletin, day_text, some_names
from reports.inputs import BulletinEvent, BulletinInput, DepartmentProgress
from scoring import score
from services import precheck
from services.actor import Actor
from services.documents.core import audit_document, issue_of, owners_of, round_trend
from services.documents.issuing import last_issue_date, next_number
from services.errors import InvalidInput
from services.rounds.overview import completion
from services.rounds.sheets import merged_findings
from services.rounds.state import RoundState, load_state
from services.rubrics import get_rubric
from store.db import session_scope
from store.evidence_tables import (
    STATUS_LABELS,
    Evidence,
    EvidenceLink,
    EvidenceRevision,
    Review,
)
from store.issuing import IssuedNumber
from store.ledger_tables import LedgerImport
from store.org import Department
from store.rounds import STAGES, Round

SERIES = "bulletin"
MOST_NAMED = 3  # departments named in a sentence; the rest are counted


_day = day_text


def _names(counts: Counter[str], unit: str = "份") -> str:
    """区人社局8份、区财政局5份 -- the departments with most, then 等N个单位."""
    return some_names([f"{name}{n}{unit}" for name, n in counts.most_common()], MOST_NAMED)


def _window(since: dt.date, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    return start, dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def period_start(actor: Actor, state: RoundState) -> dt.date:
    """Since the unit's last 简报 (if before today), else since the round's start."""
    rnd = state.round
    last = last_issue_date(actor, rnd.unit_id, SERIES, "bulletin")
    if last is not None and last < state.today:
        return last
    start = rnd.starts_on or rnd.created_at.date()
    return min(start, state.today)


def bulletin_defaults(
    actor: Actor, round_id: int, today: dt.date | None = None
) -> tuple[dt.date, int]:
    """What the office is offered when issuing: the period's start and the next 期号."""
    actor.require("office", action="生成工作简报")
    state = load_state(actor, round_id, today)
    year = state.today.year
    return period_start(actor, state), next_number(actor, state.round.unit_id, SERIES, year)


def _round_events(
    session: Session, rnd: Round, since: dt.date, today: dt.date
) -> list[BulletinEvent]:
    out: list[tuple[dt.date, BulletinEvent]] = []
    for r in session.exec(
        select(Round).where(Round.unit_id == rnd.unit_id, Round.status == "active")
    ):
        if r.starts_on and since <= r.starts_on <= today:
            text = f"{_day(r.starts_on, today)}，{r.name}启动。"
            out.append((r.starts_on, BulletinEvent(text, "轮次启动")))
        for key, label in STAGES:
            d = getattr(r, key)
            if d and since <= d <= today:
                text = f"{_day(d, today)}，{r.name}“{label}”阶段截止。"
                out.append((d, BulletinEvent(text, "阶段截止", rank=2)))
    return [event for _, event in sorted(out, key=lambda t: t[0])]


def _evidence_events(
    session: Session, unit_id: int, depts: dict[int, str], since: dt.date, today: dt.date
) -> list[BulletinEvent]:
    start, end = _window(since, today)
    out = []
    uploads: Counter[str] = Counter()
    again = 0
    for rev, ev in session.exec(
        select(EvidenceRevision, Evidence)
        .join(Evidence, Evidence.id == EvidenceRevision.evidence_id)
        .where(
            Evidence.unit_id == unit_id,
            EvidenceRevision.uploaded_at >= start,
            EvidenceRevision.uploaded_at < end,
        )
    ):
        uploads[depts.get(ev.department_id, "有关单位")] += 1
        again += rev.number > 1
    if uploads:
        total = sum(uploads.values())
        redo = f"（其中重新上传{again}份）" if again else ""
        text = f"各单位上传佐证材料{total}份{redo}，其中{_names(uploads)}。"
        out.append(BulletinEvent(text, "材料报送", rank=0))
    reviewed = Counter(
        status
        for status in session.exec(
            select(Review.status)
            .join(Evidence, Evidence.id == Review.evidence_id)
            .where(Evidence.unit_id == unit_id, Review.at >= start, Review.at < end)
        )
    )
    if reviewed:
        n = sum(reviewed.values())
        parts = [
            f"{STATUS_LABELS[s]}{reviewed[s]}份" for s in ("approved", "returned") if reviewed[s]
        ]
        text = f"考核组审核佐证材料{n}份" + (f"，其中{'、'.join(parts)}" if parts else "") + "。"
        out.append(BulletinEvent(text, "材料审核", rank=0))
    return out


def _ledger_events(
    session: Session, unit_id: int, depts: dict[int, str], since: dt.date, today: dt.date
) -> list[BulletinEvent]:
    start, end = _window(since, today)
    rows = session.exec(
        select(LedgerImport)
        .where(
            LedgerImport.unit_id == unit_id,
            LedgerImport.imported_at >= start,
            LedgerImport.imported_at < end,
            LedgerImport.withdrawn_at.is_(None),  # type: ignore[union-attr]
        )
        .order_by(LedgerImport.imported_at)
    ).all()
    days: dict[dt.date, list[LedgerImport]] = {}
    for row in rows:
        days.setdefault(row.imported_at.date(), []).append(row)
    out = []
    for day, got in days.items():
        kinds = list(dict.fromkeys(_ledger_name(row.kind) for row in got))
        who = list(dict.fromkeys(depts.get(row.department_id or 0, "有关单位") for row in got))
        what = kinds[0] if len(kinds) == 1 else f"{'、'.join(kinds[:2])}等{len(kinds)}类台账"
        records = sum(row.rows_good for row in got)
        text = f"{_day(day, today)}，{some_names(who)}报送{what}，共{records}条记录。"
        out.append(BulletinEvent(text, "台账报送", rank=3, weight=records))
    return out


def _ledger_name(kind: str) -> str:
    found = LEDGER_KINDS.get(kind)
    return found.title if found else "台账"


def _issued_events(
    session: Session, unit_id: int, since: dt.date, today: dt.date
) -> list[BulletinEvent]:
    start, end = _window(since, today)
    rows = session.exec(
        select(IssuedNumber)
        .where(
            IssuedNumber.unit_id == unit_id,
            IssuedNumber.kind.in_(("assessment", "notice")),  # type: ignore[attr-defined]
            IssuedNumber.issued_at >= start,
            IssuedNumber.issued_at < end,
        )
        .order_by(IssuedNumber.issued_at)
    ).all()
    out = []
    reports = {r.title: r for r in rows if r.kind == "assessment"}
    for r in reports.values():
        text = f"{_day(r.issued_at.date(), today)}，形成《{r.title}》。"
        out.append(BulletinEvent(text, "考评报告", rank=1))
    notices = [r for r in rows if r.kind == "notice"]
    if notices:
        to = sorted({r.addressee for r in notices if r.addressee})
        named = some_names(to)
        when = _day(notices[-1].issued_at.date(), today)
        text = f"{when}前，向{named}印发整改通知书{len(notices)}份。"
        out.append(BulletinEvent(text, "整改通知", rank=0))
    return out


def _overdue_event(state: RoundState) -> list[BulletinEvent]:
    pairs = state.overdue_pairs()
    if not pairs:
        return []
    items = {i.requirement for i, _ in pairs}
    units = {o.department for _, o in pairs}
    text = (
        f"截至{_day(state.today, state.today)}，{len(items)}项整改事项逾期未完成，"
        f"涉及{len(units)}个单位。"
    )
    return [BulletinEvent(text, "逾期事项", rank=0)]


def events(
    session: Session, state: RoundState, depts: dict[int, str], since: dt.date
) -> list[BulletinEvent]:
    """工作动态 of the period, as short sentences; the 简报 prints the most important when
    there are many (``reports.bulletin.listed_events``)."""
    rnd, today = state.round, state.today
    return [
        *_round_events(session, rnd, since, today),
        *_evidence_events(session, rnd.unit_id, depts, since, today),
        *_ledger_events(session, rnd.unit_id, depts, since, today),
        *_issued_events(session, rnd.unit_id, since, today),
        *_overdue_event(state),
    ]


def _approved(
    session: Session, unit_id: int, depts: dict[int, str], since: dt.date, today: dt.date
) -> list[tuple[str, str, str, dt.date]]:
    start, end = _window(since, today)
    approved = []
    for rv, ev in session.exec(
        select(Review, Evidence)
        .join(Evidence, Evidence.id == Review.evidence_id)
        .where(
            Evidence.unit_id == unit_id,
            Review.status == "approved",
            Review.at >= start,
            Review.at < end,
        )
    ):
        links = session.exec(
            select(EvidenceLink.requirement_id).where(EvidenceLink.evidence_id == ev.id)
        ).all()
        approved.append(("、".join(sorted(links)), ev.title, depts[ev.department_id], rv.at.date()))
    return sorted(approved)


def _closed(session: Session, state: RoundState) -> list[str]:
    """Requirements that lost points in the previous round and no longer do."""
    rnd = state.round
    previous = session.exec(
        select(Round)
        .where(Round.unit_id == rnd.unit_id, Round.rubric_id == rnd.rubric_id, Round.id < rnd.id)
        .order_by(Round.id.desc())  # type: ignore[union-attr]
    ).first()
    if previous is None:
        return []
    rubric = get_rubric(previous.rubric_id)
    before = score(rubric, merged_findings(session, previous, rubric))
    open_now = {i.requirement for i in state.gaps}
    return [g.requirement for g in before.gaps if g.requirement not in open_now]


def issued_bulletin(
    actor: Actor,
    round_id: int,
    since: dt.date | None = None,
    today: dt.date | None = None,
    issue_no: int | None = None,
) -> tuple[bytes, int]:
    """A 工作简报 of the round and its 期号 (taken from the unit's yearly series, audited)."""
    actor.require("office", action="生成工作简报")
    state = load_state(actor, round_id, today)
    rnd, today = state.round, state.today
    since = since or period_start(actor, state)
    if since > today:
        raise InvalidInput("统计起始日期不能晚于简报日期")
    with session_scope() as session:
        depts = {d.id: d.name for d in session.exec(select(Department))}
        counts: dict[int, Counter[str]] = {}
        for ev in session.exec(select(Evidence).where(Evidence.unit_id == rnd.unit_id)):
            counts.setdefault(ev.department_id, Counter())[ev.status] += 1
        approved = _approved(session, rnd.unit_id, depts, since, today)
        trend = round_trend(session, rnd)
        closed = _closed(session, state)
        happened = events(session, state, depts, since)
    progress = [
        DepartmentProgress(
            r["department"],
            r["assigned"],
            counts.get(r["department_id"], Counter())["approved"],
            counts.get(r["department_id"], Counter())["pending"],
            counts.get(r["department_id"], Counter())["returned"],
        )
        for r in completion(state)
        if not r["office"]  # the office does not owe itself work
    ]
    issue = issue_of(actor, state, "bulletin", "工作简报", number=issue_no, series=SERIES)
    seq = issue.seq
    inp = BulletinInput(
        unit=state.unit,
        issuer=issue.office,
        issued_on=today,
        issue_no=seq,
        period_start=since,
        period_end=today,
        rubric=state.rubric,
        card=state.card,
        department_progress=progress,
        approved_in_period=approved,
        gaps_closed=closed,
        overdue=[(i.requirement, o.department, o.due) for i, o in state.overdue_pairs()],
        trend=trend,
        owners=owners_of(state),
        issue=issue,
        events=happened,
        selfcheck=precheck.summary(actor, round_id),
    )
    data = build_bulletin(inp)
    audit_document(actor, "report.bulletin", round_id, {"since": since, "issue_no": seq})
    return data, seq


def bulletin(
    actor: Actor,
    round_id: int,
    since: dt.date | None = None,
    today: dt.date | None = None,
    issue_no: int | None = None,
) -> bytes:
    return issued_bulletin(actor, round_id, since, today, issue_no)[0]
