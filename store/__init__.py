"""Persistence: SQLModel tables, engine/settings, migrations."""

from store.audit import AuditEvent
from store.evidence_tables import Evidence, EvidenceLink, EvidencePage, EvidenceRevision, Review
from store.ledger_tables import (
    EnteredFigure,
    LedgerImport,
    LedgerRecord,
    LedgerRejection,
    LedgerSample,
    ProposedFinding,
    SurveyImport,
    SurveyResult,
    TargetReport,
    WorkTarget,
)
from store.org import Assignment, Department, Unit, User
from store.rounds import Finding, RequirementCheck, Round

__all__ = [
    "Assignment",
    "AuditEvent",
    "Department",
    "EnteredFigure",
    "Evidence",
    "EvidenceLink",
    "EvidencePage",
    "EvidenceRevision",
    "Finding",
    "LedgerImport",
    "LedgerRecord",
    "LedgerRejection",
    "LedgerSample",
    "ProposedFinding",
    "RequirementCheck",
    "Review",
    "Round",
    "SurveyImport",
    "SurveyResult",
    "TargetReport",
    "Unit",
    "User",
    "WorkTarget",
]
