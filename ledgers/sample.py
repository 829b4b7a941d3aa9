"""Reproducible random samples of ledger rows for on-site verification (核查)."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ledgers.ids import mask_id
from ledgers.kinds import ID, get_kind
from ledgers.validate import LedgerRow
from ledgers.values import format_value

CHECK_COLUMNS = ("核查结果", "核查人", "备注")


@dataclass(frozen=True)
class Sample:
    seed: int
    n: int  # rows picked
    population: int
    indices: tuple[int, ...]  # positions in the list passed to draw(), in draw order
    rows: tuple[LedgerRow, ...]


def new_seed() -> int:
    """A fresh 9-digit seed, short enough to be written into the verification record."""
    return 100_000_000 + secrets.randbelow(900_000_000)


def stable_key(row: LedgerRow) -> tuple[str, ...]:
    """Order independent of the row order in the file: the duplicate key, then all values."""
    return (row.key, *(format_value(v) for v in row.values.values()))


def draw(
    rows: Sequence[LedgerRow],
    n: int,
    seed: int,
    *,
    key: Callable[[LedgerRow], object] = stable_key,
) -> Sample:
    """Pick n rows with random.Random(seed) from the rows sorted by `key`, so the same ledger
    content gives the same sample whatever its row order. n above the population takes all."""
    if n < 0:
        raise ValueError("抽样数量不能为负数")
    order = sorted(range(len(rows)), key=lambda i: key(rows[i]))
    size = min(n, len(rows))
    picked = random.Random(seed).sample(range(len(order)), size)
    indices = tuple(order[p] for p in picked)
    return Sample(seed, size, len(rows), indices, tuple(rows[i] for i in indices))


def sample_checklist_rows(sample: Sample) -> list[dict[str, object]]:
    """Rows for a verification checklist: 序号, 台账行号, the ledger's columns (identity numbers
    masked) and empty 核查结果 / 核查人 / 备注 columns."""
    out = []
    for i, row in enumerate(sample.rows, start=1):
        kind = get_kind(row.kind)
        record: dict[str, object] = {"序号": i, "台账行号": row.row_number}
        for col in kind.columns:
            value = row.values.get(col.name)
            record[col.name] = mask_id(value) if col.type == ID and value else format_value(value)
        record.update(dict.fromkeys(CHECK_COLUMNS, ""))
        out.append(record)
    return out


def sample_description(sample: Sample) -> str:
    """One Chinese line to print above the checklist, so anyone can redraw the same sample."""
    return (
        f"随机抽样：随机种子 {sample.seed}，从 {sample.population} 条记录中抽取 {sample.n} 条"
        "（记录按内容排序后抽取，与台账行序无关，用同一种子可重现）"
    )
