"""Suggest which rubric requirements a document is evidence for.

Keywords of a requirement are the Chinese 2-4 character n-grams of its 创建要求, 评分办法 and
evidence list, weighted by how distinctive they are across requirements (IDF). A short hand
list of strong terms per concept adds weight (领导小组 → 1.2.1/1.2.2, …). Scores are relative
(the best suggestion of a text scores 1.0).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

_RUN = re.compile(r"[\u4e00-\u9fff]+")
MAX_TEXT_CHARS = 100_000
MAX_MATCHED_SHOWN = 8
STRONG_WEIGHT = 2.0

# Grams that occur in almost every requirement's wording carry no signal.
_STOP = {"创业", "创建", "工作", "相关", "查阅", "文件", "资料", "不得", "得分", "不得分", "评估"}

# (pattern, label shown to the user, requirement ids). Ids missing from a rubric are ignored.
STRONG_TERMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("政府工作报告", "政府工作报告", ("1.1.1",)),
    ("议事日程|常务会议", "议事日程", ("1.1.2",)),
    ("领导小组", "领导小组", ("1.2.1", "1.2.2")),
    ("组长|副组长|成员单位", "组长/成员单位", ("1.2.1",)),
    ("职责|工作制度|会议制度", "职责/工作制度", ("1.2.2",)),
    ("领导小组办公室|日常事务", "领导小组办公室", ("1.2.3",)),
    ("工作方案|实施方案", "工作方案", ("1.3.1",)),
    ("印发[^。]{0,60}?(?:方案|意见|办法)[^。]{0,10}?的?通知", "印发…通知", ("1.3.2",)),
    ("工会|共青团|妇联|残联|工商联", "群团组织", ("1.4.2",)),
    ("宣传|创业文化|创业精神", "宣传", ("1.5.1",)),
    ("典型|表彰|评选", "典型/表彰", ("1.5.2",)),
    ("一次性创业补贴|岗位开发补贴", "创业补贴", ("2.2.1",)),
    ("担保贷款|担保基金|贷款担保", "担保贷款", ("2.2.2",)),
    ("创业培训", "创业培训", ("3.1.1", "3.2.1", "3.3.1", "3.4.1", "3.5.1")),
    ("培训机构|招投标|购买培训成果", "培训机构", ("3.2.1",)),
    ("实名制|培训台帐|培训台账", "实名制", ("3.3.1",)),
    ("培训补贴", "培训补贴", ("3.4.1",)),
    ("合格率|创业成功率", "培训合格率", ("3.5.1",)),
    ("服务体系|发展建设规划", "服务体系规划", ("4.1.1",)),
    ("创业指导|服务平台", "创业指导服务", ("4.2.1",)),
    ("创业导师|专家库|专家资源库|指导服务队伍", "创业导师/专家库", ("4.2.2",)),
    ("项目库|项目推介", "项目库", ("4.3.1",)),
    ("孵化基地|孵化平台|创业孵化", "孵化基地", ("4.3.2",)),
    ("经办银行|金融服务平台", "金融服务", ("4.3.3",)),
    ("统计制度|统计调查|统计报表", "统计制度", ("5.1.1", "5.1.3")),
    ("目标责任|考核", "考核", ("5.2.1", "5.2.2")),
    ("督办|督查", "督办", ("5.3.1",)),
    ("调度", "调度", ("5.3.2",)),
    ("创业活跃度|市场主体", "创业活跃度", ("6.1.1",)),
    ("满意度|问卷|抽样调查", "满意度", ("6.4.1",)),
)


@dataclass(frozen=True)
class Suggestion:
    requirement_id: str
    score: float
    matched: tuple[str, ...]


def ngrams(text: str, low: int = 2, high: int = 4) -> set[str]:
    """All 2-4 character windows of every run of Chinese characters."""
    grams: set[str] = set()
    for run in _RUN.findall(text):
        for size in range(low, high + 1):
            for start in range(len(run) - size + 1):
                grams.add(run[start : start + size])
    return grams


@dataclass(frozen=True)
class _Index:
    ids: tuple[str, ...]
    keywords: dict[str, dict[str, float]]  # requirement id -> gram -> weight
    runs: dict[str, tuple[str, ...]]  # requirement id -> runs of Chinese in its wording
    norms: dict[str, float]
    strong: tuple[tuple[re.Pattern, str, tuple[str, ...]], ...]


_cache: dict[int, tuple[object, _Index]] = {}


def _index(rubric) -> _Index:
    cached = _cache.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    requirements = rubric.requirements()
    wording = {r.id: " ".join([r.requirement, r.scoring, *r.evidence]) for r in requirements}
    grams = {rid: ngrams(text) - _STOP for rid, text in wording.items()}
    runs = {rid: tuple(_RUN.findall(text)) for rid, text in wording.items()}
    df = Counter(g for gs in grams.values() for g in gs)
    total = len(requirements)
    keywords: dict[str, dict[str, float]] = {}
    for rid, gs in grams.items():
        weights = {}
        for gram in gs:
            if df[gram] > max(2, total // 4):
                continue  # not distinctive
            weights[gram] = math.log(total / df[gram]) * (1 + 0.25 * (len(gram) - 2))
        keywords[rid] = weights
    norms = {rid: math.sqrt(sum(w.values())) or 1.0 for rid, w in keywords.items()}
    ids = tuple(r.id for r in requirements)
    known = set(ids)
    strong = tuple(
        (re.compile(pattern), label, tuple(i for i in targets if i in known))
        for pattern, label, targets in STRONG_TERMS
    )
    index = _Index(ids, keywords, runs, norms, strong)
    _cache[id(rubric)] = (rubric, index)
    return index


_EDGE = "的和与及或等对在为了是并由将把之其"


def _matched_words(runs: tuple[str, ...], hits: set[str], text: str) -> list[str]:
    """Longest stretches of the requirement's wording covered by matched grams that also
    occur in the text as a whole (``工作领导小组``), trimmed of function characters."""
    words: dict[str, None] = {}
    for run in runs:
        covered = [False] * len(run)
        for size in (2, 3, 4):
            for start in range(len(run) - size + 1):
                if run[start : start + size] in hits:
                    covered[start : start + size] = [True] * size
        start = None
        for i, flag in enumerate([*covered, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                segment = run[start:i].strip(_EDGE)
                start = None
                if len(segment) >= 2 and segment in text:
                    words[segment] = None
                elif len(segment) >= 2:
                    words.update(dict.fromkeys(g for g in ngrams(segment) if g in hits))
    kept: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        if not any(word in longer for longer in kept):
            kept.append(word)
    return kept


def suggest(text: str, rubric, n: int = 3) -> list[Suggestion]:
    """The ``n`` requirements the text most likely documents, best first (may be fewer)."""
    index = _index(rubric)
    text = text[:MAX_TEXT_CHARS]
    text_grams = ngrams(text)
    scores: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for rid in index.ids:
        weights = index.keywords[rid]
        hits = {g for g in weights if g in text_grams}
        if hits:
            scores[rid] = sum(weights[g] for g in hits) / index.norms[rid]
            words = _matched_words(index.runs[rid], hits, text)
            words.sort(key=lambda w: -sum(weights.get(g, 0.0) for g in ngrams(w)))
            matched[rid] = words[:MAX_MATCHED_SHOWN]
    for pattern, label, targets in index.strong:
        found = pattern.search(text) if targets else None
        if found:
            shown = label if "…" in label else found.group(0)
            for rid in targets:
                scores[rid] = scores.get(rid, 0.0) + STRONG_WEIGHT
                matched.setdefault(rid, []).insert(0, shown)
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(scores, key=lambda rid: (-scores[rid], index.ids.index(rid)))
    return [
        Suggestion(rid, round(scores[rid] / best, 4), tuple(dict.fromkeys(matched[rid])))
        for rid in ranked[:n]
    ]
