"""Table helpers for the pages: deltas, shortening and escaping text for markdown."""

from __future__ import annotations

import re
from decimal import Decimal

from ui.components.fmt import pts

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def md_escape(text: str) -> str:
    """Text shown through st.markdown exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def shorten(text: str, n: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def mark_snippet(snippet: str) -> str:
    """A search snippet for st.markdown: the words marked 【】 in bold, as 【**词**】.

    The brackets stay outside the ** so that CommonMark's flanking rules see the emphasis
    next to CJK text (「性**【」 would not open bold).
    """
    return re.sub(r"【([^】]*)】", r"【**\1**】", md_escape(snippet))


def delta_text(delta: Decimal) -> str:
    """↑ / ↓ with the exact change in points; — when unchanged."""
    if delta > 0:
        return f"↑ +{pts(delta)}"
    if delta < 0:
        return f"↓ {pts(delta)}"
    return "—"
