"""A snippet of a page's text as written around the first match, the matches marked 【】.

The snippet stays inside one line or one spreadsheet cell (fields end at a line break, a tab or
the `` | `` between cells), so 文号, title and salutation never run together. A query is matched
the way the index matches it (NFKC, case and blanks ignored), then mapped back onto the
written text, so 「，」 and full-width digits show as the document has them.
"""

from __future__ import annotations

import re
import unicodedata

from store.search_tokens import query_words

_FIELD_BREAK = re.compile(r"\n| \| |\t|^\| | \|$", re.MULTILINE)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _normalised(written: str) -> tuple[str, list[int]]:
    """The written text NFKC'd, lower-cased, without blanks; and each character's offset in it."""
    chars: list[str] = []
    back: list[int] = []
    for i, ch in enumerate(written):
        if ch.isspace():
            continue
        for c in unicodedata.normalize("NFKC", ch).lower():
            if not c.isspace():
                chars.append(c)
                back.append(i)
    return "".join(chars), back


def _spans(norm: str, back: list[int], words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        w = "".join(word.split())
        start = norm.find(w)
        while w and start >= 0:
            spans.append((back[start], back[start + len(w) - 1] + 1))
            start = norm.find(w, start + len(w))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _field(written: str, start: int, end: int) -> tuple[int, int]:
    """The field around [start, end): from the break before start to the break after end."""
    lo, hi = 0, len(written)
    for m in _FIELD_BREAK.finditer(written):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _join_break(piece: str) -> str:
    """A match split over two lines reads as one: drop the break between two ideographs."""
    out = []
    for i, ch in enumerate(piece):
        if ch == "\n":
            before, after = piece[i - 1 : i], piece[i + 1 : i + 2]
            out.append("" if _CJK.match(before) and _CJK.match(after) else " ")
        else:
            out.append(ch)
    return "".join(out)


def snippet(written: str, query: str, width: int = 40) -> str:
    """Text around the first match, inside its line or cell, the matched words marked 【】."""
    norm, back = _normalised(written)
    spans = _spans(norm, back, query_words(query))
    if not spans:
        lo, hi = _field(written, 0, 0)
        return written[lo : min(hi, lo + width * 2)] + ("…" if hi > lo + width * 2 else "")
    first_start, first_end = spans[0]
    lo, hi = _field(written, first_start, first_end)
    start = max(lo, first_start - width)
    end = min(hi, first_end + width)
    out, i = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(written[i:a] + "【" + written[a:b] + "】")
        i = b
    out.append(written[i:end])
    piece = _join_break("".join(out))
    return ("…" if start > lo else "") + piece + ("…" if end < hi else "")
