"""Personal numbers are masked wherever text enters the system (个人信息保护法 minded).

``mask_personal`` masks, anywhere in a text: identity numbers (18 digits with the last one a
digit or X, 15-digit old numbers, and what Excel makes of them, 3.70882199001011E+17) and
mainland mobile numbers (1[3-9] and 9 digits, also written 138-1234-5678 or 138 1234 5678).
An identity number keeps its first 4 and last character (``ledgers.ids.mask_id``), a mobile
its first 3 and last 2: too few digits are left to find the number again.
"""

from __future__ import annotations

import re

from ledgers import mask_id

_ID_LIKE = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])"  # 18- or 15-digit numbers
    r"|[0-9]\.[0-9]{8,}E\+?[0-9]{2}"  # an id Excel turned into 3.70882199001011E+17
)
_MOBILE = re.compile(
    r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9])"
)


def mask_mobile(match: re.Match) -> str:
    return f"{match.group(1)}******{match.group(3)[-2:]}"


def mask_personal(text: object) -> str:
    """The text with identity and mobile numbers masked."""
    out = _ID_LIKE.sub(lambda m: mask_id(m.group(0)), "" if text is None else str(text))
    return _MOBILE.sub(mask_mobile, out)
