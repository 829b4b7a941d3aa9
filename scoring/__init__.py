"""Pure scoring engine: rubric + findings -> scorecard, gaps and what-if. No I/O, no database."""

from scoring.engine import Applied, Gap, GroupScore, RequirementScore, Scorecard, fmt, score
from scoring.findings import FindingProblem, Findings, FindingsError, validate_findings
from scoring.whatif import GapGain, WhatIf, best_gaps, clear, gap_gains, what_if

__all__ = [
    "Applied",
    "FindingProblem",
    "Findings",
    "FindingsError",
    "Gap",
    "GapGain",
    "GroupScore",
    "RequirementScore",
    "Scorecard",
    "WhatIf",
    "best_gaps",
    "clear",
    "fmt",
    "gap_gains",
    "score",
    "validate_findings",
    "what_if",
]
