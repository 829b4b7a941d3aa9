"""Ledger import: read, check and compute figures from the campaign's name-by-name ledgers.

Pure library code: no database, no UI, no printing. Messages meant for users are Chinese.

Typical use::

    table = read_table(uploaded_bytes, "training", filename="2020年培训台账.xlsx")
    if table.match.missing_required or table.match.unsure:
        ...  # let the user confirm, then table = table.with_mapping({...})
    result = validate(table, existing_keys=keys_already_imported)
    figure = training_pass_rate(result.good, Period.year(2020))
"""

from ledgers.errors import LedgerError, LedgerReadError, MappingError
from ledgers.figures import (
    Figure,
    Period,
    ServiceStats,
    loan_ratio,
    ratio,
    service_stats,
    subsidy_ratio,
    success_rate,
    training_pass_rate,
    working_days,
    yearly_average,
)
from ledgers.ids import id_hash, id_problem, mask_id, normalize_id, valid_id
from ledgers.kinds import (
    KINDS,
    Column,
    HeaderMatch,
    LedgerKind,
    apply_mapping,
    get_kind,
    match_headers,
)
from ledgers.read import Sheet, Table, read_sheets, read_table, table_from_rows, table_from_sheets
from ledgers.sample import Sample, draw, new_seed, sample_checklist_rows, sample_description
from ledgers.survey import (
    Satisfaction,
    SurveyResult,
    read_survey,
    survey_from_rows,
    survey_from_sheets,
    wilson_interval,
)
from ledgers.validate import LedgerRow, Rejection, ValidationResult, validate

__all__ = [
    "KINDS",
    "Column",
    "Figure",
    "HeaderMatch",
    "LedgerError",
    "LedgerKind",
    "LedgerReadError",
    "LedgerRow",
    "MappingError",
    "Period",
    "Rejection",
    "Sample",
    "Satisfaction",
    "ServiceStats",
    "Sheet",
    "SurveyResult",
    "Table",
    "ValidationResult",
    "apply_mapping",
    "draw",
    "get_kind",
    "id_hash",
    "id_problem",
    "loan_ratio",
    "mask_id",
    "match_headers",
    "new_seed",
    "normalize_id",
    "ratio",
    "read_sheets",
    "read_survey",
    "read_table",
    "sample_checklist_rows",
    "sample_description",
    "service_stats",
    "subsidy_ratio",
    "success_rate",
    "survey_from_rows",
    "survey_from_sheets",
    "table_from_rows",
    "table_from_sheets",
    "training_pass_rate",
    "valid_id",
    "validate",
    "wilson_interval",
    "working_days",
    "yearly_average",
]
