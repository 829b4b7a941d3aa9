"""Text normalisation shared by every extractor, and the garbled-text heuristic.

``written_text`` is the text as the document has it (what people read: 「，」 stays 「，」, lines
and cells stay apart); ``clean_text`` is NFKC on top and keeps line breaks (metadata reads
lines); ``normalize_text`` also joins Chinese across line breaks so that a term split over two
lines is still found. That last one is the copy the search index is built from, never shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# CJK ideographs (unified, extension A, compatibility) - no punctuation.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n[ \t\n]*(?=[{_CJK}])")
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}0-9])|(?<=[0-9]) +(?=[{_CJK}])")
_SPACES = re.compile(r"[^\S\n]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\u200b-\u200d\u2060]")
_BLANK_LINES = re.compile(r"\n{3,}")


_WRITTEN_SPACES = re.compile(r"[ \t\u00a0]+")


def written_text(text: str) -> str:
    """The text as written: unified line ends, no control characters, runs of blanks made one,
    no blank between two ideographs, lines stripped; no NFKC (full-width punctuation, digits
    and the ideographic space inside a line are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROLS.sub("", text)
    text = _WRITTEN_SPACES.sub(" ", text)
    text = _CJK_SPACE.sub("", text)  # layout gaps between ideographs, not written spaces
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(text: str) -> str:
    """NFKC, unified line ends, no control characters, single spaces, and no spaces between
    two CJK ideographs or between an ideograph and a digit (``2020 年 2 月`` → ``2020年2月``)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROLS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CJK_SPACE.sub("", text)
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def join_cjk_lines(text: str) -> str:
    """Remove a line break (and blanks around it) between two CJK ideographs."""
    return _CJK_BREAK.sub("", text)


def normalize_text(text: str) -> str:
    return join_cjk_lines(clean_text(text))


# -- garbled text ------------------------------------------------------------------------------


def _is_common_hanzi(ch: str) -> bool:
    """GB2312 level-1 hanzi (3,755 most common characters): rows 0xB0-0xD7."""
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


def _is_private_use(cp: int) -> bool:
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000


@dataclass(frozen=True)
class TextQuality:
    chars: int  # non-blank characters looked at
    bad_share: float  # private-use, U+FFFD, control and unassigned characters
    hanzi: int
    common_hanzi_share: float  # among hanzi: share in GB2312 level 1
    latin1_share: float  # U+0080-U+00FF letters, typical of glyph-id garbage

    @property
    def garbled(self) -> bool:
        if self.chars == 0:
            return False
        if self.bad_share > 0.10:
            return True
        if self.hanzi >= 20 and self.common_hanzi_share < 0.60:
            return True
        return self.chars >= 20 and self.latin1_share > 0.30


def text_quality(raw: str) -> TextQuality:
    """Measure ``raw`` extracted text *before* normalisation (NFKC would hide some garbage)."""
    chars = bad = hanzi = common = latin1 = 0
    for ch in raw:
        if ch.isspace():
            continue
        chars += 1
        cp = ord(ch)
        category = unicodedata.category(ch)
        if _is_private_use(cp) or cp == 0xFFFD or category in ("Cc", "Cn", "Co", "Cs"):
            bad += 1
        elif 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
            hanzi += 1
            common += _is_common_hanzi(ch)
        elif 0xF900 <= cp <= 0xFAFF or 0x2E80 <= cp <= 0x2FDF:
            # compatibility ideographs / Kangxi radicals (some PDF producers emit them for
            # ordinary characters): judge the character NFKC maps them to
            hanzi += 1
            common += _is_common_hanzi(unicodedata.normalize("NFKC", ch))
        elif 0x80 <= cp <= 0xFF and ch.isalpha():
            latin1 += 1
    return TextQuality(
        chars=chars,
        bad_share=bad / chars if chars else 0.0,
        hanzi=hanzi,
        common_hanzi_share=common / hanzi if hanzi else 1.0,
        latin1_share=latin1 / chars if chars else 0.0,
    )


def meaningful_chars(text: str) -> int:
    """Letters, digits and ideographs (what OCR could add if this count is low)."""
    return sum(1 for ch in text if ch.isalnum())
