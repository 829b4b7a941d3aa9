"""自查预评: checks in the rubric data propose findings from the uploaded documents."""

from services.precheck.run import on_evidence_changed, run_precheck
from services.precheck.views import (
    EVIDENCE_STATUS,
    agreement,
    manual_rules,
    proposals,
    self_check,
    set_check_enabled,
    summary,
)

__all__ = [
    "EVIDENCE_STATUS",
    "agreement",
    "manual_rules",
    "on_evidence_changed",
    "proposals",
    "run_precheck",
    "self_check",
    "set_check_enabled",
    "summary",
]
