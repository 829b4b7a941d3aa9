"""Guess 文号, 成文日期 and the title of a government document from its text.

Works on cleaned text with line breaks kept (see ``evidence.normalize.clean_text``); NFKC has
already turned full-width brackets and digits into ASCII.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# -- 文号 ---------------------------------------------------------------------------------------

_OPEN = "〔[(【［（〈「"
_CLOSE = "〕])】］）〉」"
_DOC_NUMBER = re.compile(
    rf"([\u4e00-\u9fff]{{1,16}}?)\s*[{re.escape(_OPEN)}]\s*((?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*第?\s*(\d{{1,5}})\s*号"
)
# Heading words that may sit right before the prefix when lines were joined.
_PREFIX_CUT = re.compile(r".*(?:文件|通知|决定|意见|办法|方案|函|根据|按照|依据|印发|转发)")
_MAX_PREFIX = 10


def find_doc_number(text: str) -> str | None:
    """First 文号 in the text, normalised to 〔〕: e.g. ``兖政办发〔2020〕5号``."""
    for match in _DOC_NUMBER.finditer(text):
        prefix = match.group(1)
        cut = _PREFIX_CUT.match(prefix)
        if cut and cut.end() < len(prefix):
            prefix = prefix[cut.end() :]
        elif cut:
            continue
        prefix = prefix[-_MAX_PREFIX:]
        if len(prefix) < 2:
            continue
        return f"{prefix}〔{match.group(2)}〕{int(match.group(3))}号"
    return None


# -- 成文日期 -----------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "0": 0, "Ｏ": 0}
_CN_DIGITS.update({c: i for i, c in enumerate("一二三四五六七八九", start=1)})
_CN_DIGIT_CLASS = "〇零○Oo0一二三四五六七八九"
_ARABIC_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATE = re.compile(
    rf"([{_CN_DIGIT_CLASS}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,2}})\s*月\s*"
    rf"([一二三四五六七八九十]{{1,3}})\s*日"
)


def _chinese_number(text: str) -> int:
    """一..三十一 → 1..31."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class _DateHit:
    date: dt.date
    start: int
    end: int


def _date_hits(text: str) -> list[_DateHit]:
    hits: list[_DateHit] = []
    for match in _ARABIC_DATE.finditer(text):
        y, m, d = (int(g) for g in match.groups())
        _add(hits, y, m, d, match)
    for match in _CHINESE_DATE.finditer(text):
        try:
            y = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
            m = _chinese_number(match.group(2))
            d = _chinese_number(match.group(3))
        except (KeyError, ValueError):
            continue
        _add(hits, y, m, d, match)
    return sorted(hits, key=lambda h: h.start)


def _add(hits: list[_DateHit], y: int, m: int, d: int, match: re.Match) -> None:
    if not 1949 <= y <= 2100:
        return
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return
    hits.append(_DateHit(date, match.start(), match.end()))


_SIGNATURE_ENDINGS = (
    "办公室", "政府", "委员会", "小组", "局", "中心", "部", "厅", "院", "会", "所", "站", "处",
    "日期:", "时间:", "日期", "时间",
)  # fmt: skip


def parse_date(text: str) -> dt.date | None:
    """First date in ``text``: ``2020年2月6日`` or ``二〇二〇年二月六日``."""
    hits = _date_hits(text)
    return hits[0].date if hits else None


def find_doc_date(text: str) -> dt.date | None:
    """成文日期: the first date that closes a line on its own or after the issuing body
    (the 落款); else the 印发 date; else None (a date inside a sentence is not a guess)."""
    printing: list[_DateHit] = []
    for hit in _date_hits(text):
        line_start = text.rfind("\n", 0, hit.start) + 1
        line_end = text.find("\n", hit.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start : hit.start].strip(" ()")
        after = text[hit.end : line_end].strip(" ()")
        if after.startswith("印发"):
            printing.append(hit)
        elif not after and (not before or before.endswith(_SIGNATURE_ENDINGS)):
            return hit.date
    return printing[0].date if printing else None


# -- title --------------------------------------------------------------------------------------

_KINDS = "通知|通报|决定|意见|实施意见|方案|工作方案|实施方案|办法|实施办法|细则|规定|批复|报告|请示|函|纪要|总结|计划|规划|公告|通告|决议|命令|议案"
_TITLE = re.compile(rf"关于[^\n。;:]{{2,100}}?的(?:{_KINDS})")
_SKIP_LINE = re.compile(
    r"^(?:.*文件|.*\d+号|签发人.*|抄送.*|附件.*|[\d\s\-—.、,()]+|第\s*\d+\s*页.*|-\s*\d+\s*-|.*[::])$"
)
_HAS_HANZI = re.compile(r"[\u4e00-\u9fff]")


def guess_title(text: str, window: int = 3000) -> str | None:
    """A title such as ``关于…的通知`` (possibly split over lines), else the first line that
    looks like a heading."""
    head = text[:window]
    joined = re.sub(r"(?<=[\u4e00-\u9fff《》“”])\s*\n\s*(?=[\u4e00-\u9fff《》“”])", "", head)
    match = _TITLE.search(joined)
    if match:
        return match.group(0).strip()
    for line in head.split("\n"):
        line = line.strip()
        if len(_HAS_HANZI.findall(line)) < 6 or len(line) > 80:
            continue
        if _SKIP_LINE.match(line) or find_doc_number(line) or _date_hits(line):
            continue
        return line
    return None


@dataclass(frozen=True)
class DocMetadata:
    doc_number: str | None
    doc_date: dt.date | None
    title_guess: str | None


def guess_metadata(pages: tuple[str, ...] | list[str]) -> DocMetadata:
    """Metadata from cleaned page texts: 文号 and title from the start, date from everything."""
    head = "\n".join(pages[:2])
    full = "\n".join(pages)
    return DocMetadata(
        doc_number=find_doc_number(head) or find_doc_number(full),
        doc_date=find_doc_date(full),
        title_guess=guess_title(head),
    )
