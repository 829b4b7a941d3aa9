"""自查预评: checks in the rubric data propose findings from the uploaded documents."""

from services.precheck.follow import queue_recheck, recheck
from services.precheck.run import run_precheck
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
    "proposals",
    "queue_recheck",
    "recheck",
    "run_precheck",
    "self_check",
    "set_check_enabled",
    "summary",
]
