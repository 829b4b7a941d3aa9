"""Satisfaction survey import: 满意率 with a 95% Wilson score interval and a sample-size warning.

One row per respondent, one column per question; answers among 满意 / 基本满意 / 一般 /
不太满意 / 不满意 (非常满意 counts as 满意). Blank or unrecognised answers are invalid and listed.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

from ledgers.errors import LedgerReadError
from ledgers.figures import Figure, make_figure, percent
from ledgers.read import HEADER_SCAN_ROWS, Sheet, Source, read_sheets
from ledgers.validate import Rejection

Z95 = Decimal("1.959963984540054")
MAX_HALF_WIDTH = Decimal("0.05")
LEVELS = ("满意", "基本满意", "一般", "不太满意", "不满意")
SATISFIED = ("满意", "基本满意")
ALIASES = {
    "非常满意": "满意",
    "很满意": "满意",
    "十分满意": "满意",
    "比较满意": "基本满意",
    "较满意": "基本满意",
    "较为满意": "基本满意",
    "不大满意": "不太满意",
    "较不满意": "不太满意",
    "比较不满意": "不太满意",
    "非常不满意": "不满意",
    "很不满意": "不满意",
}
_OPTION_LETTER = re.compile(r"^[A-Ea-e][.、:．)]\s*")
QUESTION_SHARE = Decimal("0.5")  # share of filled cells that must be answers for a question


def normalize_answer(value: object) -> str | None:
    """One of LEVELS, or None when blank or not recognised."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = _OPTION_LETTER.sub("", "".join(text.split()))
    text = ALIASES.get(text, text)
    return text if text in LEVELS else None


def wilson_interval(p: Decimal, n: int, z: Decimal = Z95) -> tuple[Decimal, Decimal]:
    """Wilson score interval for an observed proportion p among n answers."""
    if n <= 0:
        raise ValueError("样本量必须大于0")
    with localcontext() as ctx:
        ctx.prec = 28
        n_ = Decimal(n)
        z2 = z * z
        denom = 1 + z2 / n_
        centre = (p + z2 / (2 * n_)) / denom
        half = z * (p * (1 - p) / n_ + z2 / (4 * n_ * n_)).sqrt() / denom
        return max(centre - half, Decimal(0)), min(centre + half, Decimal(1))


def needed_sample(p: Decimal, half_width: Decimal = MAX_HALF_WIDTH, z: Decimal = Z95) -> int:
    """Smallest n for which the Wilson interval at proportion p is within ±half_width."""

    def width(n: int) -> Decimal:
        low, high = wilson_interval(p, n, z)
        return (high - low) / 2

    lo, hi = 1, 1
    while width(hi) > half_width:
        lo, hi = hi, hi * 2
    while lo < hi:
        mid = (lo + hi) // 2
        if width(mid) <= half_width:
            hi = mid
        else:
            lo = mid + 1
    return hi


@dataclass(frozen=True)
class Satisfaction:
    label: str
    counts: dict[str, int]  # per level, in LEVELS order
    invalid: int
    figure: Figure  # 满意率 = (满意 + 基本满意) / valid answers
    sample_size: int  # n behind the interval
    low: Decimal | None
    high: Decimal | None
    half_width: Decimal | None
    needed: int | None  # valid answers needed for ±5 points at the observed rate
    warning: str | None

    @property
    def valid(self) -> int:
        return sum(self.counts.values())


def satisfaction(
    label: str, counts: dict[str, int], invalid: int = 0, *, sample_size: int | None = None
) -> Satisfaction:
    """满意率 of answer counts. The interval uses `sample_size` (default: the valid answers)."""
    counts = {level: counts.get(level, 0) for level in LEVELS}
    valid = sum(counts.values())
    good = counts["满意"] + counts["基本满意"]
    n = valid if sample_size is None else sample_size
    source = f"抽样调查{label}：有效答案{valid}个，无效{invalid}个"
    figure = make_figure(
        f"创业环境满意率（{label}）",
        good,
        valid,
        "（满意 + 基本满意）答案数",
        "有效答案数",
        source,
        "6.4.1a",
    )
    if figure.value is None or n <= 0:
        return Satisfaction(label, counts, invalid, figure, n, None, None, None, None, None)
    low, high = wilson_interval(figure.value, n)
    half = (high - low) / 2
    needed = needed_sample(figure.value)
    warning = None
    if half > MAX_HALF_WIDTH:
        points = (half * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        warning = (
            f"样本量偏小：{label}满意率{figure.percent}的95%置信区间为"
            f"{percent(low)}～{percent(high)}（±{points}个百分点），超过±5个百分点；"
            f"需约 {needed} 份有效答卷"
        )
    return Satisfaction(label, counts, invalid, figure, n, low, high, half, needed, warning)


@dataclass
class SurveyResult:
    respondents: int
    questions: list[str]
    overall: Satisfaction
    per_question: list[Satisfaction]
    invalid_answers: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_row: int = 1
    source: str = ""
    sheet: str = ""

    @property
    def warnings(self) -> list[str]:
        return [s.warning for s in [self.overall, *self.per_question] if s.warning]


def _first_answer_row(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[: HEADER_SCAN_ROWS + 1]):
        if any(normalize_answer(c) for c in row):
            return i
    return None


def survey_from_rows(
    rows: list[list[str]], *, header_row: int | None = None, source: str = "", sheet: str = ""
) -> SurveyResult:
    """Analyse survey rows (rows[i] is sheet row i + 1). The header is the row above the first
    row containing an answer, unless `header_row` (1-based) is given."""
    if header_row is None:
        first = _first_answer_row(rows)
        if not first:
            raise LedgerReadError(
                "找不到问卷答案：前10行中没有“满意/基本满意/一般/不太满意/不满意”等答案，"
                "或答案上方缺少题目行"
            )
        idx = first - 1
    else:
        if not 1 <= header_row <= len(rows):
            raise LedgerReadError(f"表头行号 {header_row} 超出范围（共{len(rows)}行）")
        idx = header_row - 1
    headers = rows[idx]
    body = [(j + 1, rows[j]) for j in range(idx + 1, len(rows)) if any(rows[j])]
    questions, ignored = [], []
    for col, head in enumerate(headers):
        cells = [row[col] for _, row in body if col < len(row) and row[col]]
        answers = sum(1 for c in cells if normalize_answer(c))
        if answers and Decimal(answers) >= QUESTION_SHARE * len(cells):
            questions.append((col, head or f"第{col + 1}列"))
        elif head:
            ignored.append(head)
    if not questions:
        raise LedgerReadError(
            "没有找到问卷题目列（各列答案应为 满意/基本满意/一般/不太满意/不满意）"
        )
    invalid: list[Rejection] = []
    per_question, totals, total_invalid = [], dict.fromkeys(LEVELS, 0), 0
    answered: set[int] = set()
    for col, head in questions:
        counts, bad = dict.fromkeys(LEVELS, 0), 0
        for number, row in body:
            raw = row[col].strip() if col < len(row) else ""
            level = normalize_answer(raw)
            if level is None:
                bad += 1
                reason = "未作答" if not raw else f"无法识别的答案：“{raw}”"
                invalid.append(Rejection(number, head, raw, reason))
            else:
                counts[level] += 1
                answered.add(number)
        per_question.append(satisfaction(head, counts, bad))
        for level in LEVELS:
            totals[level] += counts[level]
        total_invalid += bad
    # Answers of one respondent are correlated: the overall interval uses the number of
    # respondents with at least one valid answer, not the number of answers.
    overall = satisfaction("全部题目", totals, total_invalid, sample_size=len(answered))
    return SurveyResult(
        respondents=len(body),
        questions=[h for _, h in questions],
        overall=overall,
        per_question=per_question,
        invalid_answers=invalid,
        ignored_columns=ignored,
        header_row=idx + 1,
        source=source,
        sheet=sheet,
    )


def read_survey(
    source: Source,
    *,
    filename: str | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    engine: str = "auto",
) -> SurveyResult:
    """Read and analyse a survey file (xlsx/xls/csv)."""
    sheets = read_sheets(source, filename=filename, engine=engine)
    if filename:
        name = filename
    elif isinstance(source, (str, os.PathLike)):
        name = Path(source).name
    else:
        name = getattr(source, "name", "") or ""
    return survey_from_sheets(sheets, name=name, sheet=sheet, header_row=header_row)


def survey_from_sheets(
    sheets: list[Sheet],
    *,
    name: str = "",
    sheet: str | int | None = None,
    header_row: int | None = None,
) -> SurveyResult:
    """Analyse a survey from sheets already read (e.g. by the sandbox)."""
    if sheet is not None:
        chosen: list[Sheet] = [s for i, s in enumerate(sheets) if s.name == sheet or i == sheet]
        if not chosen:
            raise LedgerReadError(f"找不到工作表“{sheet}”")
        sheets = chosen
    error = None
    for s in sheets:
        try:
            return survey_from_rows(s.rows, header_row=header_row, source=name, sheet=s.name)
        except LedgerReadError as exc:
            error = error or exc
    raise error or LedgerReadError("文件中没有问卷数据")
