"""单位清单 import: the file is untrusted bytes, read in the sandbox under a list's limits; a bad
file is refused in Chinese and creates nothing."""

from __future__ import annotations

import pytest

from services.actor import SYSTEM_ACTOR
from services.errors import InvalidInput
from services.org import hierarchy
from services.org import units as org
from tests.setup.helpers import xlsx_bytes as _xlsx


@pytest.fixture
def city(pioneer_home):
    org.init_database()
    return org.seed_unit(SYSTEM_ACTOR, "济宁市", level="市")["unit_id"]


def _names() -> list[str]:
    return sorted(u.name for u in org.list_units(SYSTEM_ACTOR))


def test_a_list_is_read_in_the_sandbox_and_creates_its_units(city, monkeypatch):
    from services.ledgers import reading

    calls = []
    real = reading.run_sandboxed
    monkeypatch.setattr(reading, "run_sandboxed", lambda *a, **k: calls.append(a) or real(*a, **k))
    data = _xlsx(
        [["单位名称", "层级", "上级单位"], ["曲阜市", "县区", "济宁市"], ["邹城市", "县区", ""]]
    )
    result = hierarchy.import_units(SYSTEM_ACTOR, data, "单位.xlsx", parent="济宁市")
    assert result["created"] == ["曲阜市", "邹城市"] and not result["errors"]
    assert calls and calls[0][3] is hierarchy.UNIT_LIST_LIMITS


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"PK\x03\x04 not really a workbook", "单位.xlsx", "文件"),
        (b"x" * (hierarchy.UNIT_LIST_LIMITS.max_bytes + 1), "单位.csv", "MB"),
        (("单位名称\n" + "\n".join(f"县{n}" for n in range(6000))).encode(), "单位.csv", "行"),
    ],
)
def test_a_bad_or_oversized_file_is_refused_in_chinese_and_creates_nothing(city, data, name, words):
    before = _names()
    with pytest.raises(InvalidInput) as exc:
        hierarchy.import_units(SYSTEM_ACTOR, data, name, parent="济宁市")
    assert words in str(exc.value) and "Traceback" not in str(exc.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))
    assert _names() == before
