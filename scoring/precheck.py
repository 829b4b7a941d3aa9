"""Evaluate a rubric's checks against documents: a pure function, no database.

The caller gives each requirement's documents (title, 文号, 成文日期, status, page texts), the
round's period and the ledger figures; ``evaluate`` returns one proposal per check: the value
it proposes for its rule, whether the condition held, a Chinese reason, and the file, page and
matched text that prove it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rubric.models import Rubric
from rubric.precheck import Check, Predicate

ROW_GAP = 40  # characters allowed between two cells of one row
EXCERPT = 36  # characters of context on each side of a match

_CN_NUM = "一二三四五六七八九十"
_HEADINGS = (
    re.compile(rf"第[{_CN_NUM}]+[章部分]"),
    re.compile(rf"(?<![{_CN_NUM}])[{_CN_NUM}]{{1,3}}、"),
    re.compile(rf"[（(][{_CN_NUM}]{{1,3}}[)）]"),
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Doc:
    id: int
    title: str
    doc_number: str | None
    doc_date: dt.date | None
    status: str  # pending | approved | returned
    pages: Sequence[str]


@dataclass(frozen=True)
class Context:
    start: dt.date | None = None
    end: dt.date | None = None
    figures: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    doc: Doc | None
    page: int | None = None  # 1-based
    excerpt: str = ""  # with the match in 【】
    matched: str = ""


@dataclass(frozen=True)
class Proposal:
    check: str
    rule: str
    requirement: str
    met: bool
    value: bool | int | Decimal
    reason: str
    needs: str
    reads: str
    fix: str
    evidence_id: int | None = None
    title: str | None = None
    page: int | None = None
    excerpt: str = ""
    looked_at: int = 0


def fold(text: str) -> str:
    """What matching compares: NFKC (全角/半角 alike), no blanks; line breaks kept."""
    return _fold(text or "", keep_lines=True)[0]


def _fold(text: str, *, keep_lines: bool) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, its position in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c == "\n":
            if keep_lines and out and out[-1] != "\n":
                out.append("\n")
                where.append(i)
            continue
        if c.isspace():
            continue
        for f in unicodedata.normalize("NFKC", c):
            if not f.isspace():
                out.append(f)
                where.append(i)
    return "".join(out), where


class _Text:
    """A document's folded text: ``lines`` keeps line breaks (rows), ``flat`` joins lines so
    a phrase broken over two lines is still found. Hits quote the text as written."""

    def __init__(self, doc: Doc) -> None:
        self.raw = "\n".join(doc.pages)
        self.page_starts = []
        pos = 0
        for page in doc.pages:
            self.page_starts.append(pos)
            pos += len(page) + 1
        self.lines, self.line_pos = _fold(self.raw, keep_lines=True)
        self.flat, self.flat_pos = _fold(self.raw, keep_lines=False)

    def hit(self, doc: Doc, start: int, end: int, *, flat: bool = True) -> Hit:
        where = self.flat_pos if flat else self.line_pos
        a = where[start] if start < len(where) else len(self.raw)
        b = where[end - 1] + 1 if end > start else a
        lo, hi = max(0, a - EXCERPT), min(len(self.raw), b + EXCERPT)
        excerpt = (
            ("…" if lo else "")
            + self.raw[lo:a]
            + "【"
            + self.raw[a:b]
            + "】"
            + self.raw[b:hi]
            + ("…" if hi < len(self.raw) else "")
        )
        page = max((n for n, s in enumerate(self.page_starts) if s <= a), default=0) + 1
        return Hit(doc, page, _SPACE.sub(" ", excerpt).strip(), self.raw[a:b])

    def sections(self, patterns: Iterable[str]) -> list[tuple[int, int]]:
        """Spans of ``flat`` whose heading matches one of ``patterns``: from the heading to
        the next heading of the same or a higher level (第X章 > 一、 > （一）)."""
        marks: list[tuple[int, int]] = []  # (pos, level)
        for level, rx in enumerate(_HEADINGS):
            marks.extend((m.start(), level) for m in rx.finditer(self.flat))
        marks.sort()
        spans = []
        for n, (pos, level) in enumerate(marks):
            nxt = next((p for p, _ in marks[n + 1 :] if p > pos), len(self.flat))
            head = self.flat[pos : min(nxt, pos + 30)]
            if not any(re.search(p, head) for p in patterns):
                continue
            end = next((p for p, lv in marks[n + 1 :] if lv <= level), len(self.flat))
            spans.append((pos, end))
        return spans


@dataclass
class _Eval:
    ctx: Context
    texts: dict[int, _Text] = field(default_factory=dict)

    def text(self, doc: Doc) -> _Text:
        if doc.id not in self.texts:
            self.texts[doc.id] = _Text(doc)
        return self.texts[doc.id]

    def run(self, p: Predicate, doc: Doc | None) -> Hit | None:
        """A Hit when ``p`` holds for ``doc`` (None: it does not)."""
        k, arg = p.key, p.arg
        if k == "all":
            hits = [self.run(q, doc) for q in arg]
            if any(h is None for h in hits):
                return None
            # the last quoted hit: guards come first, the deciding condition last
            quoted = [h for h in hits if h.excerpt]
            return quoted[-1] if quoted else (hits[0] if hits else Hit(doc))
        if k == "any":
            return next((h for h in (self.run(q, doc) for q in arg) if h is not None), None)
        if k == "not":
            return None if self.run(arg, doc) is not None else Hit(doc)
        if k == "figure":
            value = self.ctx.figures.get(arg.indicator)
            return Hit(doc) if value is not None and value >= arg.at_least else None
        if doc is None:
            return None
        if k == "document":
            if arg.status == "approved" and doc.status != "approved":
                return None
            if arg.title and not any(re.search(t, fold(doc.title)) for t in arg.title):
                return None
            return Hit(doc)
        if k == "dated":
            lo, hi = (
                (self.ctx.start, self.ctx.end) if arg.window == "round" else (arg.after, arg.before)
            )
            d = doc.doc_date
            if d is None or (lo and d < lo) or (hi and d > hi):
                return None
            return Hit(doc)
        t = self.text(doc)
        if k == "issuer":
            # a recorded 文号 decides; without one, the 版头 at the top of the text does
            number = fold(doc.doc_number or "")
            for pattern in arg:
                if number:
                    if re.search(pattern, number):
                        return Hit(doc, 1, f"文号【{doc.doc_number}】", doc.doc_number or "")
                    continue
                m = re.search(pattern, t.flat[:400])
                if m:
                    return t.hit(doc, m.start(), m.end())
            return None
        if k == "phrase":
            spans = t.sections(arg.section) if arg.section else [(0, len(t.flat))]
            for a, b in spans:
                part = t.flat[a:b]
                found = [re.search(x, part) for x in arg.all]
                if not all(found):
                    continue
                anyhit = [m for m in (re.search(x, part) for x in arg.any) if m]
                if arg.any and not anyhit:
                    continue
                m = (anyhit or found)[0]
                return t.hit(doc, a + m.start(), a + m.end())
            return None
        if k == "row":
            return _row(t, doc, arg)
        raise AssertionError(k)


def _row(t: _Text, doc: Doc, cells: list[str]) -> Hit | None:
    for first in re.finditer(cells[0], t.lines):
        end, ok = first.end(), True
        for cell in cells[1:]:
            window = t.lines[end : end + ROW_GAP].split("\n")[0]
            m = re.search(cell, window)
            if m is None:
                ok = False
                break
            end = end + m.end()
        if ok:
            return t.hit(doc, first.start(), end, flat=False)
    return None


def evaluate(
    rubric: Rubric,
    docs: Mapping[str, Sequence[Doc]],
    ctx: Context,
    *,
    disabled: Iterable[str] = (),
    requirements: Iterable[str] | None = None,
) -> list[Proposal]:
    """One proposal per enabled check of the chosen requirements (all by default)."""
    off = set(disabled)
    only = None if requirements is None else set(requirements)
    ev = _Eval(ctx)
    out: list[Proposal] = []
    for req in rubric.requirements():
        if only is not None and req.id not in only:
            continue
        usable = [d for d in docs.get(req.id, ()) if d.status != "returned"]
        for check in req.checks:
            if not isinstance(check, Check) or check.id in off:
                continue
            out.append(_propose(ev, req.id, check, usable))
    return out


def _propose(ev: _Eval, req_id: str, check: Check, docs: Sequence[Doc]) -> Proposal:
    candidates: Sequence[Doc | None] = docs if check.when.uses_documents() else [None]
    hit = next((h for h in (ev.run(check.when, d) for d in candidates) if h is not None), None)
    common = dict(
        check=check.id,
        rule=check.rule,
        requirement=req_id,
        needs=check.needs,
        reads=check.reads,
        fix=check.fix,
        looked_at=len(docs),
    )
    if hit is not None:
        doc = hit.doc
        return Proposal(
            met=True,
            value=check.met,
            reason=check.met_reason,
            evidence_id=doc.id if doc else None,
            title=doc.title if doc else None,
            page=hit.page,
            excerpt=hit.excerpt,
            **common,
        )
    if check.when.uses_documents():
        seen = f"（查阅本项材料 {len(docs)} 份）" if docs else "（本项尚无材料）"
    else:
        seen = ""
    return Proposal(met=False, value=check.unmet, reason=check.unmet_reason + seen, **common)
