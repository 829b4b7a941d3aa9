"""Match the rubric's 责任部门 (区人社局, 区督考办…) to the departments of the member list
(区人力资源和社会保障局, 区督查考核办公室…).

Names are compared after dropping the place (济宁市, 兖州区, a leading 区/县/市) and expanding the
usual short forms. A rubric name then matches a department:

1. 同名: the same name;
2. 简称: a known short form (人社局 = 人力资源和社会保障局), or the short name's characters in
   order within the full one with the same ending (科技局 in 科学技术局, 督考办 in 督查考核办公室);
3. 近似: the same first four characters and the same kind of body (中小企业服务中心 and
   中小企业发展促进中心) — shown to the office to confirm.

A name two departments match equally well is left unmatched, with both as candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EXACT, SHORT, NEAR = "同名", "简称", "近似"
HOW_ORDER = {EXACT: 0, SHORT: 1, NEAR: 2}

# short form -> the full form (after the place is dropped)
SHORT_FORMS = {
    "人社局": "人力资源和社会保障局",
    "人社": "人力资源和社会保障",
    "编办": "委机构编制委员会办公室",
    "督考办": "督查考核办公室",
    "科技局": "科学技术局",
    "发改局": "发展和改革局",
    "发改委": "发展和改革委员会",
    "工信局": "工业和信息化局",
    "教体局": "教育和体育局",
    "教育局": "教育和体育局",
    "文旅局": "文化和旅游局",
    "市场监管局": "市场监督管理局",
    "审批局": "行政审批服务局",
    "行政审批局": "行政审批服务局",
    "金融局": "地方金融监督管理局",
    "金融监管局": "地方金融监督管理局",
    "执法局": "综合行政执法局",
    "综合执法局": "综合行政执法局",
    "农业局": "农业农村局",
    "退役军人局": "退役军人事务局",
    "工会": "总工会",
    "青团": "团委",
    "共青团": "团委",
    "团委": "团委",
    "妇联": "妇女联合会",
    "残联": "残疾人联合会",
    "科协": "科学技术协会",
    "政府办": "政府办公室",
    "人民银行": "人行",
    "中国人民银行": "人行",
}
# the kind of body a name ends with: 科技局 and 科学技术局 are both a 局
_KINDS = (
    ("办公室", "办"),
    ("委员会", "委"),
    ("联合会", "联"),
    ("中心", "中心"),
    ("支行", "行"),
    ("分局", "局"),
    ("局", "局"),
    ("办", "办"),
    ("委", "委"),
    ("部", "部"),
    ("联", "联"),
    ("会", "会"),
    ("院", "院"),
    ("行", "行"),
)


def place_names(unit: str) -> list[str]:
    """The unit's own name and its short form: 兖州区 -> 兖州区, 兖州."""
    unit = (unit or "").strip()
    names = [unit]
    m = re.match(r"^(.+?)(市|区|县|旗)$", unit)
    if m and len(m.group(1)) >= 2:
        names.append(m.group(1))
    return [n for n in names if n]


def normalize(name: str, places: Sequence[str] = ()) -> str:
    """The name without spaces, the place and a leading 区/县/市; short forms expanded."""
    s = re.sub(r"\s+", "", name or "")
    s = re.sub(r"^(中共|中国共产党)", "", s)
    s = re.sub(r"^[\u4e00-\u9fff]{2,3}市(?=[\u4e00-\u9fff]{2})", "", s)  # 济宁市
    for place in sorted(places, key=len, reverse=True):
        if s.startswith(place) and len(s) > len(place) + 1:
            s = s[len(place) :]
            break
    s = re.sub(r"^团(区|县|市)委$", "团委", s)
    if len(s) > 2 and s[0] in "区县市":
        s = s[1:]
    return SHORT_FORMS.get(s, s)


def kind_of(name: str) -> str:
    return next((k for suffix, k in _KINDS if name.endswith(suffix)), "")


def _is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def how_close(rubric_name: str, dept_name: str, places: Sequence[str] = ()) -> str | None:
    """同名, 简称, 近似 or None: how the rubric's name matches a department of the list."""
    if rubric_name == dept_name:
        return EXACT
    a, b = normalize(rubric_name, places), normalize(dept_name, places)
    if not a or not b:
        return None
    if a == b:
        return EXACT if re.sub(r"\s", "", rubric_name) == re.sub(r"\s", "", dept_name) else SHORT
    same_kind = kind_of(a) == kind_of(b) and kind_of(a) != ""
    if same_kind and a[0] == b[0] and len(a) < len(b) and _is_subsequence(a, b):
        return SHORT
    if same_kind and len(a) >= 6 and len(b) >= 6 and a[:4] == b[:4]:
        return NEAR
    return None


@dataclass
class Match:
    rubric_name: str
    department: str | None  # the list's department, None when unmatched
    how: str = ""  # 同名 | 简称 | 近似 | "" (未找到)
    candidates: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.how or "未找到"


def match_departments(
    rubric_names: Iterable[str], departments: Sequence[str], unit: str = ""
) -> list[Match]:
    """For each rubric name, the list's department it means (or none, with candidates)."""
    places = place_names(unit)
    out = []
    for name in rubric_names:
        scored = [(d, how_close(name, d, places)) for d in departments]
        scored = [(d, h) for d, h in scored if h]
        if not scored:
            out.append(Match(name, None))
            continue
        best = min(HOW_ORDER[h] for _, h in scored)
        top = [d for d, h in scored if HOW_ORDER[h] == best]
        if len(top) == 1:
            out.append(Match(name, top[0], next(h for d, h in scored if d == top[0])))
        else:
            out.append(Match(name, None, candidates=top))
    return out


def find_in(name: str, departments: Sequence[str], unit: str = "") -> str | None:
    """The one department ``name`` (as written in a sentence, e.g. 区人社局) refers to."""
    found = match_departments([name], departments, unit)[0]
    return found.department
