"""Cell value parsers. Each raises ValueError whose message is a Chinese reason for the user."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1950, 2100
# Serial numbers of 1950-01-01 and 2100-12-31 in Excel's 1900 date system.
_MIN_SERIAL = (dt.date(MIN_YEAR, 1, 1) - EXCEL_EPOCH).days
_MAX_SERIAL = (dt.date(MAX_YEAR, 12, 31) - EXCEL_EPOCH).days

_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
DATE_HINT = "可写作 2020-02-06、2020/2/6、2020.2.6 或 2020年2月6日"

_TRUE = "是 合格 通过 符合 已享受 已发放 已获贷 已放款 已领取 y yes true 1 √ ✓ ✔ ☑"
_FALSE = "否 不合格 未通过 不通过 不符合 未享受 未发放 未获贷 未放款 未领取 n no false 0 × ✗ ✘ x ☒"
TRUE_WORDS = frozenset(_TRUE.split(" "))
FALSE_WORDS = frozenset(_FALSE.split(" "))
BOOL_HINT = "应填 是/否、合格/不合格、Y/N 或 √/×"

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def clean(value: object) -> str:
    """Cell text with surrounding (also full-width) spaces removed."""
    if value is None:
        return ""
    return str(value).strip().strip("\u3000").strip()


def parse_date(value: object) -> dt.date:
    """2020-02-06, 2020/2/6, 2020.2.6, 2020年2月6日, 20200206, datetime text or an Excel serial."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date(), str(value))
    if isinstance(value, dt.date):
        return _in_range(value, str(value))
    text = unicodedata.normalize("NFKC", clean(value))
    m = _YMD.match(text) or _COMPACT.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            raise ValueError(f"日期不存在：“{text}”") from None
        return _in_range(day, text)
    if _SERIAL.match(text):
        serial = int(Decimal(text))
        if _MIN_SERIAL <= serial <= _MAX_SERIAL:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
    raise ValueError(f"无法识别的日期：“{text}”（{DATE_HINT}）")


def _in_range(day: dt.date, text: str) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"日期超出合理范围（{MIN_YEAR}—{MAX_YEAR}年）：“{text}”")
    return day


def parse_bool(value: object) -> bool:
    text = unicodedata.normalize("NFKC", clean(value)).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"无法识别的是/否值：“{clean(value)}”（{BOOL_HINT}）")


def parse_amount(value: object, multiplier: Decimal = Decimal(1)) -> Decimal:
    """A non-negative amount in yuan. Accepts 1000, 1000.00, 1,000.00 and a trailing 元; when the
    header says 万元 the caller passes multiplier 10000."""
    text = unicodedata.normalize("NFKC", clean(value)).replace(" ", "")
    if text.endswith("元") and not text.endswith("万元"):
        text = text[:-1]
    if "万" in text:
        raise ValueError(
            f"金额请只填数字：“{clean(value)}”（以万元为单位时，请在表头写明“（万元）”）"
        )
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError(f"金额不是有效数字：“{clean(value)}”")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"金额不是有效数字：“{clean(value)}”") from None
    if amount < 0:
        raise ValueError(f"金额不能为负数：“{clean(value)}”")
    return amount * multiplier


def format_value(value: object) -> str:
    """Typed value back to display text (dates ISO, booleans 是/否, amounts as written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)
