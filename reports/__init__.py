"""Documents of the campaign: 公文 reports, notices and bulletins (docx), spreadsheets (xlsx).

Pure: every builder takes plain input objects (``reports.inputs``) and returns bytes; no
database, no UI.
"""

from reports.assessment import build_assessment_report, report_title
from reports.bulletin import build_bulletin
from reports.common import gap_rows
from reports.inputs import (
    AssessmentInput,
    BulletinInput,
    CitedEvidence,
    DepartmentProgress,
    EvidenceRow,
    FigureLine,
    GapRow,
    NoticeInput,
)
from reports.notices import build_notice, build_notices, departments_with_gaps, notice_title
from reports.xlsx import evidence_xlsx, gaps_xlsx, scores_xlsx, table_xlsx

__all__ = [
    "AssessmentInput",
    "BulletinInput",
    "CitedEvidence",
    "DepartmentProgress",
    "EvidenceRow",
    "FigureLine",
    "GapRow",
    "NoticeInput",
    "build_assessment_report",
    "build_bulletin",
    "build_notice",
    "build_notices",
    "departments_with_gaps",
    "evidence_xlsx",
    "gap_rows",
    "gaps_xlsx",
    "notice_title",
    "report_title",
    "scores_xlsx",
    "table_xlsx",
]
