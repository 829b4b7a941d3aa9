import datetime as dt

import pytest
from ledger_helpers import bad_check, make_id, textbook_check

from ledgers.ids import check_code, id_hash, id_problem, mask_id, normalize_id, valid_id

# Example number printed in GB 11643-1999.
STANDARD_EXAMPLE = "11010519491231002X"


def test_standard_example_is_valid():
    assert valid_id(STANDARD_EXAMPLE)
    assert valid_id(STANDARD_EXAMPLE.lower())
    assert check_code(STANDARD_EXAMPLE[:17]) == "X"


@pytest.mark.parametrize("i", [0, 1, 7, 123, 4567, 99999, 1234567])
def test_check_code_agrees_with_textbook(i):
    id_ = make_id(i)
    assert check_code(id_[:17]) == textbook_check(id_[:17])
    assert valid_id(id_)
    assert not valid_id(bad_check(id_))


def test_every_wrong_check_character_is_rejected():
    body = make_id(42)[:17]
    good = check_code(body)
    for c in "0123456789X":
        assert valid_id(body + c) == (c == good)


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "为空"),
        ("370882900101123", "15位"),
        ("37088219900101123", "应为18位"),
        ("3708821990010A1234", "非法字符"),
        ("370882199002301234", "出生日期（19900230）不存在"),
        ("3.70882199001011E+17", "科学计数法"),
        (bad_check(make_id(5)), "校验位错误"),
    ],
)
def test_problems_are_explained_in_chinese(value, fragment):
    assert fragment in id_problem(value)


def test_birth_in_future_is_rejected():
    body = "370882" + "20300101" + "123"
    assert "不合理" in id_problem(body + check_code(body), today=dt.date(2025, 1, 1))


def test_normalisation_full_width_spaces_and_apostrophe():
    id_ = make_id(9)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in id_)
    assert normalize_id(full_width) == id_
    assert normalize_id(f" '{id_[:6]} {id_[6:]}\u3000") == id_
    assert valid_id(full_width)


def test_mask_keeps_first_and_last_four():
    assert mask_id("370882199001011234") == "3708*************4"
    assert mask_id("1234") == "****"


def test_hash_is_salted_and_normalised():
    id_ = make_id(3)
    h = id_hash(id_, "salt-a")
    assert len(h) == 64 and int(h, 16) >= 0
    assert h == id_hash(f" {id_.lower()} ", "salt-a")
    assert h != id_hash(id_, "salt-b")
    assert id_ not in h
    with pytest.raises(ValueError):
        id_hash(id_, "")
