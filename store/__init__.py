"""Persistence: SQLModel tables, engine/settings, migrations."""

from store.audit import AuditEvent
from store.evidence_tables import Evidence, EvidenceLink, EvidencePage, EvidenceRevision, Review
from store.org import Assignment, Department, Unit, User
from store.rounds import Finding, RequirementCheck, Round

__all__ = [
    "Assignment",
    "AuditEvent",
    "Department",
    "Evidence",
    "EvidenceLink",
    "EvidencePage",
    "EvidenceRevision",
    "Finding",
    "RequirementCheck",
    "Review",
    "Round",
    "Unit",
    "User",
]
