"""Persistence: SQLModel tables, engine/settings, migrations."""

from store import search_index  # noqa: F401  (keeps the search indexes current on page writes)
from store.audit import AuditEvent, AuditHead
from store.evidence_tables import (
    Evidence,
    EvidenceLink,
    EvidencePage,
    EvidenceRevision,
    EvidenceTransfer,
    Review,
)
from store.issuing import IssuedNumber, IssuingProfile
from store.job_tables import BackgroundJob, OutboxMessage, ReminderTarget
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
from store.org import Assignment, Department, ResponsibilityVersion, Unit, User
from store.precheck_tables import CheckSetting
from store.rounds import (
    Deadline,
    Finding,
    FindingDraft,
    RequirementCheck,
    Round,
    RoundInspector,
)
from store.rubric_tables import RubricVersion
from store.snapshot_tables import RoundSnapshot, UnitChange

__all__ = [
    "RubricVersion",
    "IssuedNumber",
    "IssuingProfile",
    "Assignment",
    "AuditEvent",
    "AuditHead",
    "BackgroundJob",
    "CheckSetting",
    "Deadline",
    "Department",
    "EnteredFigure",
    "Evidence",
    "EvidenceLink",
    "EvidencePage",
    "EvidenceRevision",
    "EvidenceTransfer",
    "Finding",
    "FindingDraft",
    "LedgerImport",
    "LedgerRecord",
    "LedgerRejection",
    "LedgerSample",
    "OutboxMessage",
    "ProposedFinding",
    "ReminderTarget",
    "RequirementCheck",
    "ResponsibilityVersion",
    "Review",
    "Round",
    "RoundInspector",
    "RoundSnapshot",
    "SurveyImport",
    "SurveyResult",
    "TargetReport",
    "Unit",
    "UnitChange",
    "User",
    "WorkTarget",
]
