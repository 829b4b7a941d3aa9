"""Personal names shown masked: 张三 -> 张*, 欧阳娜娜 -> 欧阳**, as rejected rows list them."""

from __future__ import annotations

import unicodedata

# two-character surnames (复姓) kept whole, as the family name is not what identifies a person
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "澹台",
        "申屠",
        "濮阳",
        "太史",
        "闻人",
        "赫连",
        "万俟",
        "东郭",
        "第五",
    ]
)


def mask_name(name: object) -> str:
    """The surname, then one * per further character; a one-character name is only *."""
    text = "".join(unicodedata.normalize("NFKC", "" if name is None else str(name)).split())
    if not text:
        return ""
    keep = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
    if len(text) <= keep:
        return "*" * len(text)
    return text[:keep] + "*" * (len(text) - keep)
