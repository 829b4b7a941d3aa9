"""A 评分办法 cell -> typed clauses (rules), each with a confidence; nothing guessed silently.

The cell is split into sentences (。；;), the method sentences (查阅…, 听取…) are dropped, and
each sentence is cut after every score phrase (扣N分, 得N分, 不得分, 得满分). Each clause is then
typed by pattern. A clause the patterns do not cover becomes kind ``review`` with its text; a
clause typed but unsure (a mixed base, an enumeration whose items may be worded differently)
keeps its kind and is marked ``review`` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

NUM = r"(\d+(?:\.\d+)?)"
SCORE = re.compile(rf"(扣{NUM}分|[得加]{NUM}分|不得分|得满分|得分)")
PERCENT = re.compile(rf"{NUM}\s*[%％]")
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
METHOD_START = ("查阅", "听取", "调取", "调研", "抽查", "对照", "查看", "检查", "抽样")
NEUTRAL = re.compile(r"^(符合(评估)?标准|有规划并已实施|全部完成)[^，,]*?[，,]?得(满分|分|\d)")
# 「(全部)完成的,得5分,有一项未完成的扣1分」: the full points stated before deductions (a base)
DONE = re.compile(r"^(全部)?完成的?[，,]?得(满分|\d)")
# 以文件为依据 / 以年终考核为准: where the inspectors look, not a clause
EVIDENCE = re.compile(r"^以.+为(依据|准)$")
# a count clause's ceiling: 最高5分, 但累计不超过2分
CAP = re.compile(rf"(?:最高|最多|累计不超过|累计不得超过|不超过|不得超过)(?:加|得)?{NUM}分")
# once per occurrence: 每…, 一次加3分, 有一篇加1分, 有一项(次)加1分
PER = re.compile(r"每|一次|有一[项篇次个件名人]")
FLOOR = "扣完为止"


@dataclass
class Clause:
    kind: str
    text: str
    points: Decimal | None = None
    items: list[str] | None = None
    tiers: list[tuple[Decimal, Decimal]] | None = None
    levels: list[tuple[Decimal | None, str]] | None = None  # None points: 满分 (the weight)
    threshold: Decimal | None = None
    confidence: float = 1.0
    review: str | None = None  # why a person must look at it
    cap: Decimal | None = None
    extra: dict = field(default_factory=dict)


def amount(text: str) -> Decimal | None:
    m = re.search(rf"[扣得加]{NUM}分", text)
    return Decimal(m.group(1)) if m else None


def sentences(cell: str) -> list[str]:
    """Scoring sentences of a cell: split on 。；; and drop the inspection-method sentences."""
    parts = [p.strip(" \n\t，,") for p in re.split(r"[。；;\n]", cell)]
    out: list[str] = []
    for p in parts:
        if not p:
            continue
        if out and re.match(r"^(扣|得)\d|^不得分", p):  # "…机制的。扣0.5分": a stray stop
            out[-1] += "，" + p
            continue
        if (p.startswith(METHOD_START) or EVIDENCE.match(p)) and not SCORE.search(p):
            continue
        out.append(p)
    return out


def split_clauses(sentence: str) -> list[str]:
    """Cut a sentence after each score phrase: "A的，扣1分，B的，扣1分" -> two clauses."""
    out, start = [], 0
    for m in SCORE.finditer(sentence):
        out.append(sentence[start : m.end()].strip(" ，,"))
        start = m.end()
    tail = sentence[start:].strip(" ，,。")
    if tail and out:
        out[-1] = out[-1] + "，" + tail if tail != FLOOR else out[-1] + "，" + FLOOR
    elif tail:
        out.append(tail)
    return [c for c in out if c]


def _enumeration(text: str) -> list[str] | None:
    """Items named in a clause: the longest run "A、B、C(和|及|等)D"; None when there is none."""
    runs = re.findall(r"([^，,。；;、“”]+(?:、[^，,。；;、“”]+){2,})", text)
    if not runs:
        return None
    run = max(runs, key=lambda r: r.count("、"))
    items = run.split("、")
    # trim the lead-in of the first item and the tail of the last (…等群体, …方面每有…)
    head = re.sub(r"^.*?(在|针对|用于|具备)", "", items[0])
    if head == items[0]:
        head = re.sub(r"^.*的", "", head)
    items[0] = re.sub(r"^.*(所必须的|所需的)", "", head) or items[0]
    last = re.split(r"(等|方面|每|的)", items[-1])[0]
    if "和" in last:  # "A和B": two items, or one item named with 和 (创业和岗位开发补贴)
        a, b = last.rsplit("和", 1)
        items[-1:] = [a, b]
        items.append(AMBIGUOUS)
    else:
        items[-1] = last
    items = [i.strip() for i in items if i.strip()]
    return items if len(items) >= 2 else None


AMBIGUOUS = "\x00和"  # marker: the last split on 和 may be wrong


def _targets(text: str) -> list[tuple[str, Decimal]] | None:
    """ "A、B、C分别达到60%、100%、90%" -> [(A, 0.6), (B, 1), (C, 0.9)]."""
    m = re.search(r"([^，。；]+?)(?:分别)?达到((?:\d+(?:\.\d+)?[%％]、?)+)", text)
    if not m:
        return None
    names = [n for n in re.split(r"[、和]", m.group(1)) if n]
    values = [Decimal(v) / 100 for v in re.findall(r"(\d+(?:\.\d+)?)[%％]", m.group(2))]
    return list(zip(names, values, strict=True)) if len(names) == len(values) else None


def type_clause(text: str, context: str = "") -> Clause:
    t = text.replace(" ", "")
    pts = amount(t)
    if re.search(r"每(完成|达到|实现)一项", t) and pts is not None:
        c = Clause("target_each", text, pts, confidence=0.6)
        c.extra["targets"] = _targets(context + t) or []
        c.review = "每完成一项得分：请核对各项指标名称与目标值"
        return c
    if re.search(r"(一|每)项未(完成|达到|达标)", t) and "扣" in t and pts is not None:
        c = Clause("threshold_deduct", text, pts, confidence=0.6)
        c.extra["targets"] = _targets(context) or []
        c.review = "未达标扣分：请核对各项指标名称与目标值"
        return c
    if "每" in t and "扣" in t and pts is not None:
        c = Clause("deduct_each", text, pts)
        items = _enumeration(t)
        count_word = re.search(r"([一二两三四五六七八])类", t)
        if items and AMBIGUOUS in items:
            c.items = [i for i in items if i != AMBIGUOUS]
            c.confidence = 0.6
            c.review = "列举项的最后一项含「和」，可能是两项也可能是一项，请核对"
        elif items:
            c.items, c.confidence = items, 0.9
        elif count_word:
            c.review = f"条款提到「{count_word.group(0)}」，请列出各项（items）"
            c.confidence = 0.5
        return c
    if re.search(r"各[得加]", t) and pts is not None:  # 建立和开发的各得2分: per item named
        c = Clause("award_each", text, pts, confidence=0.6)
        c.review = "「各得」按所列各项分别得分：请列出各项（items）"
        return c
    if PER.search(t) and re.search("[得加]", t) and pts is not None:
        c = Clause("award_each", text, pts)
        if m := CAP.search(t):
            c.cap = Decimal(m.group(1))
        return c
    if "扣" in t and pts is not None:
        return Clause("deduct", text, pts)
    if t.endswith("不得分") or "，不得分" in t or "否则不得分" in t:
        return Clause("zero", text)
    if pts is not None and re.search("[得加]", t):
        return Clause("award", text, pts)
    return Clause("review", text, confidence=0.0, review="无法识别的条款，请人工确定类型和分值")


TIER = re.compile(rf"达到{NUM}\s*[%％](以上)?(的)?[，,]?得{NUM}分")
LEVEL = re.compile(rf"([^，,]*?)(得满分|得{NUM}分|不得分)")


def _tiers(sentence_group: str) -> list[tuple[Decimal, Decimal]] | None:
    found = TIER.findall(sentence_group)
    if len(found) < 2:
        return None
    return [(Decimal(p) / 100, Decimal(n)) for p, _, _, n in found]


def _grade(sentence: str) -> list[tuple[Decimal | None, str]] | None:
    """得满分 / 得N分 / 不得分 levels in one sentence, without any deduction: a grade."""
    if "扣" in sentence or "每" in sentence:
        return None
    levels = []
    for label, outcome, n in LEVEL.findall(sentence):
        label = label.strip("，, ")
        if outcome == "得满分":
            levels.append((None, label))
        elif outcome == "不得分":
            levels.append((Decimal(0), label))
        else:
            levels.append((Decimal(n), label))
    pts = [p for p, _ in levels if p is not None]
    if any(a <= b for a, b in zip(pts, pts[1:], strict=False)):
        return None  # 落实的得1分，建立的得2分: points that do not fall are separate awards
    return levels if len(levels) >= 3 else None


def _unit(text: str) -> str | None:
    """The counted noun of a deduct_each clause: 每缺少一个实体 -> 实体."""
    m = re.search(r"每(?:有|缺少|缺)?一?[个项类名次](\w{2,4}?)(?:未|不|但|的|扣|，|$)", text)
    return m.group(1) if m else None


def _target(requirement: str) -> Clause | None:
    m = PERCENT.search(requirement)
    if m and "达到" in requirement:
        c = Clause("target", requirement, threshold=Decimal(m.group(1)) / 100)
        return c
    return None


def _unexplained(c: Clause) -> list[str]:
    """Numbers in a clause's text that its typed rule does not use: a sign it was misread."""
    used: set[Decimal] = set()
    used |= {c.points} if c.points is not None else set()
    used |= {c.threshold * 100} if c.threshold is not None else set()
    used |= {c.cap} if c.cap is not None else set()
    for at, p in c.tiers or []:
        used |= {at * 100, p}
    for p, _ in c.levels or []:
        used |= {p} if p is not None else set()
    for _, v in c.extra.get("targets") or []:
        used.add(v * 100)
    found = re.findall(r"\d+(?:\.\d+)?", c.text)
    return [n for n in found if Decimal(n) not in used and not re.fullmatch(r"(19|20)\d\d", n)]


# 「达到90%的得5分，未达到的不得分」: the second clause is the other branch of the first, not a
# rule of its own (the hand encoding has one target)
ELSE_BRANCH = re.compile(r"^(未达到|达不到|未达标|不达标|否则)")


def parse_scoring(cell: str, requirement: str = "") -> tuple[list[Clause], dict]:
    """Clauses of one 评分办法 cell and what the cell says about the requirement (base, floor).

    ``requirement`` (the 创建要求 cell) is read for a target ("达到15%") when the 评分办法
    names no points, and for an enumeration a count clause may refer to.
    """
    info: dict = {"floor": FLOOR in cell, "base_text": None}
    out: list[Clause] = []
    sents = sentences(cell)
    if not any(SCORE.search(x) for x in sents):
        target = _target(requirement)
        if target is not None:
            target.text = cell.strip("。 ") or requirement
            return [target], info
    joined = "；".join(sents)
    tiers = _tiers(joined)
    for s in sents:
        grade = _grade(s)
        if grade:
            levels = [(p, label) for p, label in grade]
            c = Clause("grade", s, levels=levels)
            if all(p != 0 for p, _ in levels):  # no 不得分 level written: added, to be confirmed
                c.levels = [*levels, (Decimal(0), "以上均不符合")]
                c.review, c.confidence = "原文未写不得分的情形，已加 0 分档，请核对", 0.7
            out.append(c)
            continue
        first = len(out)
        for text in split_clauses(s):
            if NEUTRAL.match(text) or (DONE.match(text) and "扣" in s):
                info["base_text"] = text  # 符合评估标准得N分: the base, not a rule
                continue
            if tiers and TIER.search(text):
                if out and out[-1].kind == "tiers":
                    out[-1].text += "；" + text if "；" not in text else text
                    continue
                out.append(Clause("tiers", text, tiers=tiers))
                continue
            out.append(type_clause(text, requirement))
        same = [c for c in out[first:] if c.kind == "award"]
        falling = all(a.points > b.points for a, b in zip(same, same[1:], strict=False))
        for c in same if len(same) > 1 and falling else []:  # 国家级得10分，省级的得6分: a grade?
            c.review = c.review or "同一句中有多个得分档次，可能是分级评定（grade），请核对"
            c.confidence = min(c.confidence, 0.5)
    for c in out:
        if c.kind == "tiers":
            c.text = "，".join([c.text]) if c.text else c.text
    context = requirement + "。" + cell
    for n, c in enumerate(out):
        noun = _unit(c.text) if c.kind == "deduct_each" and not c.items else None
        if noun and not c.review and re.search(f"、[^，。；;]*{re.escape(noun)}", context):
            c.review = f"创建要求或检查方法中列有各「{noun}」，请核对是否按列举项扣分（items）"
            c.confidence = 0.6
        prev = out[n - 1] if n else None
        noun = _unit(prev.text) if prev is not None and prev.kind == "deduct_each" else None
        if c.kind == "deduct" and noun and noun in c.text:
            c.review = f"与上一条同指「{noun}」，可能应按个数扣分（deduct_each）"
            c.confidence = 0.5
        if c.kind == "zero" and prev is not None and not c.review and ELSE_BRANCH.match(c.text):
            c.review = (
                "与上一条是同一条件的两种结果（达到的得分，未达到的不得分），请与上一条合并复核"
            )
            c.confidence = 0.5
    for c in out:
        left = _unexplained(c)
        if left and not c.review:
            c.review = f"条款中的数字 {'、'.join(left)} 未被识别，请核对类型与分值"
            c.confidence = min(c.confidence, 0.4)
    awards = [c for c in out if c.kind in ("award", "award_each", "tiers", "grade")]
    deducts = [c for c in out if c.kind in ("deduct", "deduct_each")]
    if awards and deducts and not info["base_text"]:  # a stated base (符合…得2分) settles it
        for c in out:
            c.review = c.review or "本条既有加分又有扣分，起始分需人工确定"
            c.confidence = min(c.confidence, 0.5)
    return out, info
