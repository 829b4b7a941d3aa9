import random

import pytest
from ledger_helpers import good_row

from ledgers import (
    draw,
    new_seed,
    sample_checklist_rows,
    sample_description,
    table_from_rows,
    validate,
)
from ledgers.kinds import TRAINING


def ledger(order_seed=None):
    rows = [[good_row("training", i)[c] for c in TRAINING.names] for i in range(200)]
    if order_seed is not None:
        random.Random(order_seed).shuffle(rows)
    return validate(table_from_rows([TRAINING.names, *rows], "training", header_row=1)).good


def people(sample):
    return [r.person_id for r in sample.rows]


def test_same_seed_same_rows():
    rows = ledger()
    a, b = draw(rows, 15, seed=20200206), draw(rows, 15, seed=20200206)
    assert a == b
    assert (a.n, a.population, a.seed) == (15, 200, 20200206)
    assert len(set(a.indices)) == 15
    assert [rows[i] for i in a.indices] == list(a.rows)
    assert people(draw(rows, 15, seed=1)) != people(a)


def test_row_order_does_not_matter():
    a = draw(ledger(), 20, seed=7)
    b = draw(ledger(order_seed=3), 20, seed=7)
    assert people(a) == people(b)
    assert [r.row_number for r in a.rows] != [r.row_number for r in b.rows]


def test_sample_larger_than_population_takes_everyone():
    rows = ledger()[:5]
    s = draw(rows, 10, seed=1)
    assert s.n == 5 and sorted(s.indices) == list(range(5))
    with pytest.raises(ValueError):
        draw(rows, -1, seed=1)


def test_new_seed():
    seeds = {new_seed() for _ in range(20)}
    assert len(seeds) > 1
    assert all(100_000_000 <= s < 1_000_000_000 for s in seeds)


def test_checklist_rows_mask_ids():
    s = draw(ledger(), 3, seed=11)
    rows = sample_checklist_rows(s)
    assert [r["序号"] for r in rows] == [1, 2, 3]
    first = rows[0]
    full = s.rows[0].person_id
    assert first["身份证号"] == full[:4] + "*" * 13 + full[-1:]
    assert full not in str(rows)
    assert first["台账行号"] == s.rows[0].row_number
    assert first["是否合格"] == "是"
    assert list(first)[-3:] == ["核查结果", "核查人", "备注"]
    assert first["核查结果"] == first["核查人"] == first["备注"] == ""
    assert "随机种子 11" in sample_description(s)
