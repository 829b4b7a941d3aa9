"""Satisfaction survey (创业环境满意率): import the answers, keep the rates and their intervals."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from sqlmodel import Session, select

from ledgers import LedgerError, survey_from_sheets
from ledgers.figures import percent
from ledgers.survey import Satisfaction
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound
from services.ledgers.reading import read_untrusted
from services.ledgers.rows import acting_department, department_names, scrub
from store.db import session_scope
from store.ledger_tables import SurveyImport, SurveyResult
from store.org import Unit


def _text(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


def _result_row(survey_id: int, s: Satisfaction, overall: bool) -> SurveyResult:
    return SurveyResult(
        survey_id=survey_id,
        question=scrub(s.label)[:300],
        overall=overall,
        counts=dict(s.counts),
        invalid=s.invalid,
        satisfied=s.counts["满意"] + s.counts["基本满意"],
        valid=s.valid,
        sample_size=s.sample_size,
        rate=_text(s.figure.value),
        low=_text(s.low),
        high=_text(s.high),
        warning=s.warning,
    )


def import_survey(
    actor: Actor,
    data: bytes,
    filename: str,
    *,
    unit_id: int,
    department: str | None = None,
    period_label: str | None = None,
) -> dict:
    """Read a survey file (one row per respondent) and store 满意率 per question and overall,
    each with its 95% Wilson interval and the small-sample warning."""
    with session_scope() as session:
        dept = acting_department(session, actor, unit_id, department, "导入满意度调查")
        if session.get(Unit, unit_id) is None:
            raise NotFound("被考评单位不存在")
    sheets = read_untrusted(data, filename)
    try:
        result = survey_from_sheets(sheets, name=filename)
    except LedgerError as exc:
        raise InvalidInput(str(exc)) from exc
    overall = result.overall
    with session_scope() as session:
        imp = SurveyImport(
            unit_id=unit_id,
            department_id=dept.id if dept else None,
            file_name=scrub(filename)[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            period_label=(period_label or "").strip() or None,
            respondents=result.respondents,
            invalid_answers=len(result.invalid_answers),
            ignored_columns=[scrub(c) for c in result.ignored_columns],
            warnings=result.warnings,
            imported_by_id=actor.id,
            imported_by=actor.display_name[:100],
        )
        session.add(imp)
        session.flush()
        session.add(_result_row(imp.id, overall, True))
        for q in result.per_question:
            session.add(_result_row(imp.id, q, False))
        audit.record(
            session,
            actor,
            "survey.import",
            "survey_import",
            imp.id,
            after={
                "file": imp.file_name,
                "respondents": result.respondents,
                "rate": overall.figure.value,
                "valid": overall.valid,
            },
        )
    return {
        "survey_id": imp.id,
        "respondents": result.respondents,
        "questions": [scrub(q) for q in result.questions],
        "rate": overall.figure.value,
        "rate_text": overall.figure.percent,
        "formula": overall.figure.formula,
        "low": overall.low,
        "high": overall.high,
        "interval_text": _interval_text(overall.low, overall.high),
        "needed": overall.needed,
        "warnings": result.warnings,
        "invalid_answers": len(result.invalid_answers),
        "invalid": [
            {"row": r.row_number, "question": scrub(r.column), "reason": scrub(r.reason)}
            for r in result.invalid_answers[:200]
        ],
        "ignored_columns": imp.ignored_columns,
    }


def _interval_text(low: Decimal | None, high: Decimal | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{percent(low)}～{percent(high)}"


def latest_survey(session: Session, unit_id: int) -> tuple[SurveyImport, SurveyResult] | None:
    imp = session.exec(
        select(SurveyImport).where(SurveyImport.unit_id == unit_id).order_by(SurveyImport.id.desc())  # type: ignore[attr-defined]
    ).first()
    if imp is None:
        return None
    overall = session.exec(
        select(SurveyResult).where(SurveyResult.survey_id == imp.id, SurveyResult.overall)
    ).first()
    return (imp, overall) if overall else None


def list_surveys(actor: Actor, unit_id: int) -> list[dict]:
    with session_scope() as session:
        access.require_read_unit(actor, unit_id, session)
        names = department_names(session)
        out = []
        for imp in session.exec(
            select(SurveyImport).where(SurveyImport.unit_id == unit_id).order_by(SurveyImport.id)
        ):
            results = list(
                session.exec(
                    select(SurveyResult)
                    .where(SurveyResult.survey_id == imp.id)
                    .order_by(SurveyResult.id)
                )
            )
            out.append(
                {
                    "id": imp.id,
                    "file": imp.file_name,
                    "department": names.get(imp.department_id, "") if imp.department_id else "",
                    "period": imp.period_label,
                    "respondents": imp.respondents,
                    "warnings": imp.warnings,
                    "imported_by": imp.imported_by,
                    "imported_at": imp.imported_at,
                    "results": [
                        {
                            "question": r.question,
                            "overall": r.overall,
                            "counts": r.counts,
                            "satisfied": r.satisfied,
                            "valid": r.valid,
                            "rate": Decimal(r.rate) if r.rate else None,
                            "low": Decimal(r.low) if r.low else None,
                            "high": Decimal(r.high) if r.high else None,
                            "warning": r.warning,
                        }
                        for r in results
                    ],
                }
            )
        return out
