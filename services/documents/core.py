"""Documents that leave the system: 考评报告, 整改通知书, 工作简报 (docx) and Excel exports.

Every document of a round reads the round's state (services.rounds.state): who answers for
each item, its deadline, lost and pending points. Each records an audit event, since what is
exported is data leaving the system.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlmodel import Session, select

from reports.assessment import build_assessment_report
from reports.common import campaign_name
from reports.frame import doc_number
from reports.inputs import (
    AssessmentInput,
    Assignee,
    CitedEvidence,
    EvidenceRow,
    Issue,
    Owners,
)
from reports.notices import build_notices, notice_title
from reports.xlsx import evidence_xlsx, gaps_xlsx, scores_xlsx
from scoring import Scorecard, score
from services import audit, precheck
from services.actor import Actor
from services.documents.issuing import Issuing, read_issuing, take_number
from services.errors import InvalidInput, NotFound
from services.ledgers.indicators import figure_lines
from services.rounds.core import round_notes
from services.rounds.overview import gap_rows
from services.rounds.sheets import merged_findings
from services.rounds.state import RoundState, load_state
from services.rounds.words import score_words
from services.rubrics import get_rubric, read_findings_file
from store.db import session_scope
from store.evidence_tables import STATUS_LABELS, Evidence, EvidenceLink, EvidenceRevision
from store.org import Department
from store.rounds import Round

REPORT_ROLES = ("office", "inspector")


def owners_of(state: RoundState) -> Owners:
    """The round's 责任分工 with each department's deadline, for the documents."""
    return {
        i.requirement: tuple(Assignee(o.department, o.role_label, o.due) for o in i.owners)
        for i in state.items
    }


def round_trend(session: Session, rnd: Round) -> list[tuple[str, Decimal]]:
    out = []
    for r in session.exec(
        select(Round)
        .where(Round.unit_id == rnd.unit_id, Round.rubric_id == rnd.rubric_id, Round.id <= rnd.id)
        .order_by(Round.id)
    ):
        rubric = get_rubric(r.rubric_id)
        out.append((r.name, score(rubric, merged_findings(session, r, rubric)).total))
    return out


def _cited(
    session: Session, actor: Actor, rnd: Round
) -> tuple[dict[str, str], dict[str, list[CitedEvidence]]]:
    """Inspectors' comments and the evidence they cited, by requirement."""
    comments, ids = round_notes(actor, rnd.id)
    cited: dict[str, list[CitedEvidence]] = {}
    for req_id, evs in ids.items():
        for eid in evs:
            ev = session.get(Evidence, int(eid))
            rev = session.get(EvidenceRevision, ev.current_revision_id) if ev else None
            if ev and rev:
                cited.setdefault(req_id, []).append(
                    CitedEvidence(rev.original_name, ev.title, ev.doc_number, ev.doc_date)
                )
    return comments, cited


def unit_issuing(state: RoundState) -> Issuing:
    with session_scope() as session:
        return read_issuing(session, state.round.unit_id, campaign_name(state.rubric))


def issue_of(
    actor: Actor,
    state: RoundState,
    kind: str,
    title: str,
    addressee: str = "",
    number: int | None = None,
    series: str = "doc",
    request: str | None = None,
) -> Issue:
    """The 公文 elements of a document being issued now; takes its 发文字号 (audited), or for
    a 简报 (``series`` bulletin) its 期号; ``request`` as in ``take_number``."""
    how = unit_issuing(state)
    seq = take_number(
        actor,
        how.unit_id,
        series,
        kind,
        year=state.today.year,
        code=how.code,
        title=title,
        addressee=addressee,
        round_id=state.round.id,
        wanted=number,
        request=request,
    )
    return Issue(
        office=how.office,
        number=doc_number(how.code, state.today.year, seq) if series == "doc" else str(seq),
        seq=seq,
        code=how.code,
        signer=how.signer if kind == "assessment" else None,
        addressee=how.report_to if kind == "assessment" else addressee,
        cc=how.cc,
        printer=how.printer,
        contact=how.contact,
        phone=how.phone,
        distribution=how.bulletin_to,
        copies=how.copies,
    )


def assessment_input(
    actor: Actor,
    round_id: int,
    today: dt.date | None = None,
    number: int | None = None,
    request: str | None = None,
) -> AssessmentInput:
    actor.require(*REPORT_ROLES, action="生成考评报告")
    state = load_state(actor, round_id, today)
    rnd = state.round
    with session_scope() as session:
        comments, cited = _cited(session, actor, rnd)
        trend = round_trend(session, rnd)
    county = unit_issuing(state).county
    title = f"关于{county}{campaign_name(state.rubric)}{rnd.name}情况的报告"
    issue = issue_of(actor, state, "assessment", title, number=number, request=request)
    return AssessmentInput(
        unit=state.unit,
        round_name=rnd.name,
        round_kind=rnd.kind,
        issuer=issue.office,
        issued_on=state.today,
        doc_number=issue.number,
        issue=issue,
        rubric=state.rubric,
        card=state.card,
        comments=comments,
        evidence=cited,
        owners=owners_of(state),
        trend=trend,
        figures=figure_lines(actor, round_id),
        selfcheck=precheck.summary(actor, round_id),
        words=score_words(state.rubric, state.card),
    )


def assessment_report(
    actor: Actor,
    round_id: int,
    today: dt.date | None = None,
    number: int | None = None,
    request: str | None = None,
) -> bytes:
    return issued_assessment(actor, round_id, today, number, request)[0]


def issued_assessment(
    actor: Actor,
    round_id: int,
    today: dt.date | None = None,
    number: int | None = None,
    request: str | None = None,
) -> tuple[bytes, str]:
    """The report and its 发文字号 (``request``: see ``issuing.take_number``)."""
    inp = assessment_input(actor, round_id, today, number, request)
    data = build_assessment_report(inp)
    audit_document(actor, "report.assessment", round_id, {"number": inp.doc_number})
    return data, inp.doc_number or ""


def assessment_report_from_file(actor: Actor, path: str | Path) -> tuple[bytes, Scorecard]:
    """The report of a findings file (no database): unit and round named after the file."""
    actor.require(*REPORT_ROLES, action="生成考评报告")
    rubric, findings = read_findings_file(path)
    card = score(rubric, findings)
    inp = AssessmentInput(
        unit=Path(path).stem,
        round_name=Path(path).name,
        round_kind="模拟考评",
        issuer="创建工作考核组",
        issued_on=dt.date.today(),
        doc_number=None,
        rubric=rubric,
        card=card,
        words=score_words(rubric, card),
    )
    return build_assessment_report(inp), card


def issued_notices(
    actor: Actor,
    round_id: int,
    today: dt.date | None = None,
    department: str | None = None,
    number: int | None = None,
) -> dict[str, tuple[bytes, str]]:
    """{department: (整改通知书, 发文字号)}: one per member department with open items, never
    one to the office itself; each takes its own 发文字号.

    ``department`` issues only that department's notice; ``number`` (with ``department``) sets
    its sequence number.
    """
    actor.require("office", action="生成整改通知书")
    state = load_state(actor, round_id, today)
    with session_scope() as session:
        comments, _ = _cited(session, actor, state.round)
    addressees = [name for _, name in state.addressees()]
    if department is not None:
        if department not in addressees:
            raise InvalidInput(
                f"「{department}」本轮没有需要整改的事项，不发整改通知书"
                f"（应为：{'、'.join(addressees) or '无'}）"
            )
        addressees = [department]
    elif number is not None and len(addressees) > 1:
        raise InvalidInput("指定发文字号的序号时，请同时指定一个责任单位")
    title = notice_title(state.unit, state.rubric, state.round.name)
    issues = {
        dept: issue_of(actor, state, "notice", title, addressee=dept, number=number)
        for dept in addressees
    }
    docs = build_notices(
        state.unit,
        unit_issuing(state).office,
        state.today,
        state.rubric,
        state.card,
        owners=owners_of(state),
        comments=comments,
        round_name=state.round.name,
        addressees=addressees,
        issues=issues,
    )
    numbers = {dept: issue.number or "" for dept, issue in issues.items()}
    audit_document(
        actor, "report.notices", round_id, {"departments": addressees, "numbers": numbers}
    )
    return {dept: (data, numbers[dept]) for dept, data in docs.items()}


def notices(actor: Actor, round_id: int, today: dt.date | None = None) -> dict[str, bytes]:
    """One 整改通知书 per member department with open items (see ``issued_notices``)."""
    return {d: data for d, (data, _) in issued_notices(actor, round_id, today).items()}


def export(
    actor: Actor,
    what: str,
    round_id: int,
    today: dt.date | None = None,
    requirements: list[str] | None = None,
) -> bytes:
    """Excel exports: gaps (整改清单), evidence (材料清单), scores (得分表).

    ``requirements`` limits the 整改清单 to those items (the filtered view of the page).
    """
    actor.require(*REPORT_ROLES, action="导出数据")
    if what not in ("gaps", "evidence", "scores"):
        raise NotFound(f"没有名为「{what}」的导出（可选 gaps、evidence、scores）")
    state = load_state(actor, round_id, today)
    label = {"gaps": "整改清单", "evidence": "材料清单", "scores": "得分表"}[what]
    heading = f"{state.unit}{state.round.name}{label}"
    if what == "gaps":
        rows = gap_rows(state)
        if requirements is not None:
            rows = [r for r in rows if r.requirement in set(requirements)]
        data = gaps_xlsx(rows, heading, state.today)
    elif what == "scores":
        data = scores_xlsx(state.card, state.rubric, owners_of(state), heading, state.today)
    else:
        with session_scope() as session:
            depts = {d.id: d.name for d in session.exec(select(Department))}
            rows = [
                EvidenceRow(
                    link.requirement_id,
                    ev.title,
                    ev.doc_number,
                    ev.doc_date,
                    depts[ev.department_id],
                    STATUS_LABELS[ev.status],
                )
                for link, ev in session.exec(
                    select(EvidenceLink, Evidence)
                    .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
                    .where(Evidence.unit_id == state.round.unit_id)
                    .order_by(EvidenceLink.requirement_id, Evidence.id)
                )
            ]
        data = evidence_xlsx(rows, heading, state.today)
    audit_document(actor, f"export.{what}", round_id)
    return data


def audit_document(actor: Actor, action: str, round_id: int, after: dict | None = None) -> None:
    with session_scope() as session:
        audit.record(session, actor, action, "round", round_id, after=after)
