"""Resident identity numbers (GB 11643-1999): checking, masking, hashing."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CODES = "10X98765432"
_DIGITS = frozenset("0123456789")


def normalize_id(s: object) -> str:
    """Canonical form: half-width, no spaces, no Excel text apostrophe, upper-case X."""
    if s is None:
        return ""
    text = unicodedata.normalize("NFKC", str(s))
    text = "".join(text.split()).lstrip("'`")
    return text.upper()


def check_code(first17: str) -> str:
    """The 18th character for the given first 17 digits."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError("需要17位数字")
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CODES[total % 11]


def id_problem(s: object, *, today: dt.date | None = None) -> str | None:
    """Why `s` is not a valid 18-digit identity number (Chinese), or None when it is valid."""
    raw = "" if s is None else str(s).strip()
    text = normalize_id(s)
    if not text:
        return "身份证号为空"
    if "E+" in text or "E-" in text:
        return (
            f"身份证号“{raw}”被Excel存成了数字（科学计数法），后几位已丢失；"
            "请把该列设为文本格式后重新填写"
        )
    if len(text) == 15 and set(text) <= _DIGITS:
        return "这是15位旧身份证号，请填写18位身份证号"
    if len(text) != 18:
        return f"身份证号应为18位，实际为{len(text)}位"
    body, last = text[:17], text[17]
    if not set(body) <= _DIGITS or last not in "0123456789X":
        return "身份证号含有非法字符（前17位须为数字，末位为数字或X）"
    try:
        birth = dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return f"身份证号中的出生日期（{body[6:14]}）不存在"
    if birth.year < 1900 or birth > (today or dt.date.today()):
        return f"身份证号中的出生日期（{body[6:14]}）不合理"
    expected = check_code(body)
    if last != expected:
        return f"身份证号校验位错误：按GB 11643-1999末位应为{expected}，实际为{last}"
    return None


def valid_id(s: object) -> bool:
    return id_problem(s) is None


def mask_id(s: object) -> str:
    """Keep the first 4 and the last character: 370882199001011234 -> 3708*************4.

    Thirteen unknown digits (birth date and sequence among them): with the keyed hash stored
    beside it, the number cannot be found again without the key."""
    text = normalize_id(s)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 5) + text[-1:]


def id_hash(s: object, salt: str | bytes) -> str:
    """HMAC-SHA256 (hex) of the normalised id keyed with an app-level salt.

    Lets two ledgers be matched on the person without storing or showing the id itself.
    """
    if not salt:
        raise ValueError("id_hash 需要非空的 salt")
    key = salt.encode() if isinstance(salt, str) else salt
    return hmac.new(key, normalize_id(s).encode(), hashlib.sha256).hexdigest()
