"""Row-by-row validation of a ledger table: typed rows or Chinese rejections, nothing dropped."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ledgers.errors import MappingError
from ledgers.ids import id_problem, normalize_id
from ledgers.kinds import (
    AMOUNT,
    BOOL,
    DATE,
    ID,
    SERVICE_ITEMS,
    HeaderMatch,
    LedgerKind,
    get_kind,
)
from ledgers.read import Table
from ledgers.values import clean, format_value, parse_amount, parse_bool, parse_date

TOTAL_WORDS = ("合计", "总计", "小计", "累计")
EMPTY_REASON = "必填项为空"


@dataclass(frozen=True)
class Rejection:
    row_number: int  # 1-based sheet row, as Excel shows it
    column: str  # canonical column name
    value: str  # the cell as written
    reason: str  # Chinese, for the user


@dataclass
class LedgerRow:
    """One accepted ledger row with typed values (str, datetime.date, bool, Decimal or None)."""

    kind: str
    row_number: int
    values: dict[str, object]
    key: str  # duplicate-detection key, e.g. "training|370882199001011234|2020-02-06"

    def __getitem__(self, name: str) -> object:
        return self.values.get(name)

    def get(self, name: str, default: object = None) -> object:
        value = self.values.get(name)
        return default if value is None else value

    @property
    def person_id(self) -> str | None:
        col = get_kind(self.kind).id_column
        value = self.values.get(col) if col else None
        return value if isinstance(value, str) and value else None

    def to_record(self) -> dict[str, str]:
        """Values as text (JSON-friendly); `from_record` restores the typed row."""
        return {name: format_value(v) for name, v in self.values.items()}

    @classmethod
    def from_record(cls, kind: str | LedgerKind, row_number: int, record: dict) -> LedgerRow:
        kind = get_kind(kind)
        values = {}
        for col in kind.columns:
            raw = clean(record.get(col.name))
            values[col.name] = _parse(col.type, raw, Decimal(1)) if raw else None
        return cls(kind.code, row_number, values, make_key(kind, values))


@dataclass
class ValidationResult:
    kind: LedgerKind
    good: list[LedgerRow]
    rejected: list[Rejection]
    data_rows: int
    source: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({r.row_number for r in self.rejected})

    @property
    def keys(self) -> set[str]:
        return {row.key for row in self.good}

    def by_row(self) -> dict[int, list[Rejection]]:
        out: dict[int, list[Rejection]] = {}
        for r in self.rejected:
            out.setdefault(r.row_number, []).append(r)
        return out

    def summary(self) -> str:
        return (
            f"{self.kind.title}：共{self.data_rows}行数据，"
            f"通过{len(self.good)}行，退回{len(self.rejected_rows)}行"
        )


def normalize_item(text: str) -> str:
    """创业"一件事" item names: '创业担保贷款申请' -> '创业担保贷款', '开业指导' -> '创业开业指导'."""
    t = "".join(unicodedata.normalize("NFKC", text).split())
    for affix in ("申请", "申领", "办理"):
        if t.startswith(affix) and len(t) > len(affix):
            t = t[len(affix) :]
        if t.endswith(affix) and len(t) > len(affix):
            t = t[: -len(affix)]
    aliases = {"开业指导": "创业开业指导", "创业补贴": "一次性创业补贴"}
    t = aliases.get(t, t)
    return t if t in SERVICE_ITEMS else text.strip()


def _parse(ctype: str, raw: str, unit: Decimal) -> object:
    if ctype == DATE:
        return parse_date(raw)
    if ctype == BOOL:
        return parse_bool(raw)
    if ctype == AMOUNT:
        return parse_amount(raw, unit)
    if ctype == ID:
        problem = id_problem(raw)
        if problem:
            raise ValueError(problem)
        return normalize_id(raw)
    return raw


def _key_part(value: object) -> str:
    text = format_value(value)
    return "".join(unicodedata.normalize("NFKC", text).split())


def make_key(kind: LedgerKind, values: dict[str, object]) -> str:
    return "|".join([kind.code, *(_key_part(values.get(c)) for c in kind.key_columns)])


def _is_total_row(cells: list[str]) -> str | None:
    for c in cells:
        text = "".join(c.split())
        if text and any(text.startswith(w) for w in TOTAL_WORDS) and len(text) <= 6:
            return c
    return None


def validate_row(
    kind: LedgerKind, match: HeaderMatch, cells: list[str], row_number: int
) -> tuple[dict[str, object], list[Rejection]]:
    """Typed values of one row and the problems found in it."""
    values: dict[str, object] = {}
    problems: list[Rejection] = []
    for col in kind.columns:
        idx = match.mapping.get(col.name)
        raw = clean(cells[idx]) if idx is not None and idx < len(cells) else ""
        if not raw:
            values[col.name] = None
            if col.required:
                problems.append(Rejection(row_number, col.name, "", EMPTY_REASON))
            continue
        try:
            value = _parse(col.type, raw, match.units.get(col.name, Decimal(1)))
        except ValueError as exc:
            problems.append(Rejection(row_number, col.name, raw, str(exc)))
            values[col.name] = None
            continue
        if col.name == "事项":
            value = normalize_item(raw)
        values[col.name] = value
    for start, end in kind.date_order:
        a, b = values.get(start), values.get(end)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
            idx = match.mapping[end]
            problems.append(
                Rejection(
                    row_number,
                    end,
                    clean(cells[idx]),
                    f"{end}（{b.isoformat()}）早于{start}（{a.isoformat()}）",
                )
            )
    return values, problems


def validate(table: Table, *, existing_keys: Iterable[str] = ()) -> ValidationResult:
    """Check every data row of `table`. Each row ends either in `good` or (with one Rejection
    per problem found) in `rejected`. A row repeating the key of an earlier good row of the file,
    or one of `existing_keys` (keys of rows imported before), is rejected as a duplicate."""
    kind, match = table.kind, table.match
    if match.missing_required:
        raise MappingError(
            f"{kind.title}缺少必填列：{'、'.join(match.missing_required)}，请先指定对应的列"
        )
    existing = set(existing_keys)
    seen: dict[str, int] = {}
    good: list[LedgerRow] = []
    rejected: list[Rejection] = []
    key_label = "、".join(kind.key_columns)
    dup_col = kind.key_columns[0]
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        values, problems = validate_row(kind, match, cells, number)
        if problems:
            total = _is_total_row(cells)
            if total is not None:
                problems = [
                    Rejection(number, kind.person_column, total, "合计行，不是台账记录，未导入")
                ]
            rejected.extend(problems)
            continue
        key = make_key(kind, values)
        dup_value = clean(cells[match.mapping[dup_col]]) if dup_col in match.mapping else ""
        if key in seen:
            reason = f"与第{seen[key]}行重复（{key_label}相同）"
            rejected.append(Rejection(number, dup_col, dup_value, reason))
            continue
        if key in existing:
            reason = f"此前已导入过相同记录（{key_label}相同）"
            rejected.append(Rejection(number, dup_col, dup_value, reason))
            continue
        seen[key] = number
        good.append(LedgerRow(kind.code, number, values, key))
    notes = []
    if table.blank_rows:
        notes.append(f"跳过空白行{table.blank_rows}行")
    return ValidationResult(
        kind=kind,
        good=good,
        rejected=rejected,
        data_rows=len(table.rows),
        source=table.source,
        sheet=table.sheet,
        notes=notes,
    )
