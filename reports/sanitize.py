"""The one cleaning of text that leaves the system in a document or a spreadsheet.

Every writer of a .docx, .xlsx or PDF passes user text through ``xml_text`` (python-docx and
openpyxl refuse, or write unreadable files for, the characters XML 1.0 forbids: one \\x0b in a
title used to fail a whole round's notices), and every spreadsheet cell through ``cell_text``
(text that a spreadsheet would take for a formula is written behind an apostrophe).
``tests/security/test_output_safety.py`` checks that no writer cleans text another way.
"""

from __future__ import annotations

import re

# characters XML 1.0 cannot hold (C0 controls but tab, newline, return), DEL, the
# non-characters U+FFFE/U+FFFF and lone surrogates (not encodable as UTF-8)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

# a cell starting with one of these is a formula (or a DDE command) in Excel, WPS or LibreOffice
FORMULA_START = ("=", "+", "-", "\u2212", "\uff1d", "\uff0b", "\uff0d", "@", "\t", "\r", "|")


def xml_text(text: object) -> str:
    """Text safe for an XML part: control characters, non-characters and lone surrogates
    dropped."""
    if text is None:
        return ""
    return _XML_ILLEGAL.sub("", str(text))


def cell_text(text: object) -> str:
    """Text for a spreadsheet cell: ``xml_text``, and never a formula (apostrophe in front)."""
    clean = xml_text(text)
    return "'" + clean if clean.startswith(FORMULA_START) else clean
