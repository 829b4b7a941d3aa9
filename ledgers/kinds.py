"""The five ledger kinds, their canonical columns and tolerant header matching."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ledgers.errors import MappingError

# Column value types understood by the validator.
TEXT, ID, DATE, BOOL, AMOUNT = "text", "id", "date", "bool", "amount"

_ID_SYNONYMS = (
    "身份证号码",
    "公民身份号码",
    "公民身份证号",
    "公民身份证号码",
    "证件号码",
    "证件号",
    "身份证",
    "身份证件号码",
    "身份证件号",
    "社会保障号码",
    "社会保障号",
)
_NAME_SYNONYMS = ("名字", "人员姓名", "学员姓名", "创业者姓名")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerKind:
    code: str
    title: str
    columns: tuple[Column, ...]
    key_columns: tuple[str, ...]
    # (start, end) pairs: end must not be earlier than start
    date_order: tuple[tuple[str, str], ...] = ()

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def id_column(self) -> str | None:
        return next((c.name for c in self.columns if c.type == ID), None)

    @property
    def person_column(self) -> str:
        return self.columns[0].name

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


TRAINING = LedgerKind(
    code="training",
    title="创业培训实名制台账",
    columns=(
        Column("姓名", TEXT, True, _NAME_SYNONYMS),
        Column("身份证号", ID, True, _ID_SYNONYMS),
        Column("培训类别", TEXT, False, ("培训类型", "培训项目", "培训种类", "培训工种", "班型")),
        Column(
            "培训机构",
            TEXT,
            False,
            ("培训机构名称", "培训单位", "承训机构", "承训单位", "定点培训机构", "培训学校"),
        ),
        Column(
            "开班日期",
            DATE,
            True,
            ("开班时间", "开训日期", "开课日期", "开始日期", "培训开始日期", "培训开始时间"),
        ),
        Column(
            "结业日期",
            DATE,
            True,
            ("结业时间", "结训日期", "结束日期", "培训结束日期", "培训结束时间"),
        ),
        Column(
            "是否合格",
            BOOL,
            True,
            (
                "考核结果",
                "结业考核",
                "结业考核结果",
                "考核是否合格",
                "合格与否",
                "培训结果",
                "考试结果",
                "是否结业",
            ),
        ),
    ),
    key_columns=("身份证号", "开班日期"),
    date_order=(("开班日期", "结业日期"),),
)

SUBSIDY = LedgerKind(
    code="subsidy",
    title="一次性创业补贴台账",
    columns=(
        Column("姓名", TEXT, True, _NAME_SYNONYMS + ("申请人", "申请人姓名")),
        Column("身份证号", ID, True, _ID_SYNONYMS),
        Column("人员类别", TEXT, False, ("人员类型", "人员身份", "身份类别", "申请人类别")),
        Column(
            "是否符合条件",
            BOOL,
            True,
            (
                "符合条件",
                "是否符合申领条件",
                "资格审核",
                "资格审核结果",
                "审核结果",
                "审核是否通过",
            ),
        ),
        Column(
            "是否享受",
            BOOL,
            True,
            ("是否享受补贴", "享受补贴", "是否已享受", "是否发放", "是否已发放", "是否领取"),
        ),
        Column("金额", AMOUNT, False, ("补贴金额", "发放金额", "享受金额", "补贴标准")),
        Column("发放日期", DATE, False, ("发放时间", "拨付日期", "拨付时间", "补贴发放日期")),
    ),
    key_columns=("身份证号", "发放日期"),
)

LOAN = LedgerKind(
    code="loan",
    title="创业担保贷款台账",
    columns=(
        Column(
            "姓名", TEXT, True, _NAME_SYNONYMS + ("借款人", "借款人姓名", "申请人", "申请人姓名")
        ),
        Column("身份证号", ID, True, _ID_SYNONYMS),
        Column(
            "是否符合条件",
            BOOL,
            True,
            ("符合条件", "是否符合贷款条件", "资格审核", "资格审核结果", "审核结果"),
        ),
        Column(
            "是否获贷",
            BOOL,
            True,
            ("是否获得贷款", "获得贷款", "是否放款", "是否发放贷款", "是否贷款", "是否已放款"),
        ),
        Column("贷款金额", AMOUNT, False, ("放款金额", "贷款额度", "发放金额", "借款金额", "金额")),
        Column(
            "放款日期",
            DATE,
            False,
            ("发放日期", "放款时间", "贷款发放日期", "贷款日期", "借款日期", "发放时间"),
        ),
    ),
    key_columns=("身份证号", "放款日期"),
)

SERVICE = LedgerKind(
    code="service",
    title="创业“一件事”办件台账",
    columns=(
        Column("申请人", TEXT, True, ("姓名", "申请人姓名", "办事人", "办事人姓名")),
        Column("身份证号", ID, True, _ID_SYNONYMS),
        Column("事项", TEXT, True, ("办理事项", "事项名称", "申请事项", "服务事项", "业务类型")),
        Column("受理日期", DATE, True, ("受理时间", "申请日期", "申请时间")),
        Column("办结日期", DATE, False, ("办结时间", "完成日期", "办理完成日期")),
        Column("办理结果", TEXT, False, ("办理状态", "审批结果", "办结结果", "结果")),
    ),
    key_columns=("身份证号", "事项", "受理日期"),
    date_order=(("受理日期", "办结日期"),),
)

REGISTRY = LedgerKind(
    code="registry",
    title="市场主体登记",
    columns=(
        Column(
            "名称",
            TEXT,
            True,
            ("市场主体名称", "主体名称", "企业名称", "字号名称", "个体工商户名称", "企业字号名称"),
        ),
        Column("类型", TEXT, False, ("市场主体类型", "主体类型", "企业类型", "组织形式", "类别")),
        Column(
            "登记日期", DATE, True, ("成立日期", "注册日期", "登记时间", "成立时间", "注册时间")
        ),
        Column("注销日期", DATE, False, ("注销时间", "吊销注销日期", "注吊销日期")),
        Column(
            "经营者身份证号",
            ID,
            False,
            (
                "经营者身份证号码",
                "经营者证件号码",
                "法定代表人身份证号",
                "法定代表人身份证号码",
                "法定代表人证件号码",
                "负责人身份证号",
                "身份证号",
            )
            + _ID_SYNONYMS,
        ),
    ),
    key_columns=("名称", "登记日期"),
    date_order=(("登记日期", "注销日期"),),
)

# The four items of the 创业"一件事" bundle; other items are kept as written.
SERVICE_ITEMS = ("创业培训", "创业担保贷款", "一次性创业补贴", "创业开业指导")

KINDS: dict[str, LedgerKind] = {k.code: k for k in (TRAINING, SUBSIDY, LOAN, SERVICE, REGISTRY)}


def get_kind(kind: str | LedgerKind) -> LedgerKind:
    if isinstance(kind, LedgerKind):
        return kind
    try:
        return KINDS[kind]
    except KeyError:
        raise MappingError(f"未知的台账类型：{kind}") from None


# ---------------------------------------------------------------- header matching

_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]|【([^【】]*)】")
_WAN = Decimal(10000)


def split_header(header: object) -> tuple[str, Decimal | None]:
    """Normalise a header cell: (comparable base text, amount multiplier from a unit if any).

    NFKC folds full-width brackets, letters and spaces; all whitespace, '*' markers and a
    trailing colon go; bracketed notes are removed and '万元'/'元' units recorded.
    """
    text = unicodedata.normalize("NFKC", "" if header is None else str(header))
    text = "".join(text.split()).replace("*", "").rstrip(":").lower()
    unit: Decimal | None = None
    for m in _PARENS.finditer(text):
        note = next(g for g in m.groups() if g is not None)
        if "万元" in note:
            unit = _WAN
        elif note.endswith("元") and unit is None:
            unit = Decimal(1)
    base = _PARENS.sub("", text)
    for suffix in ("/万元", "万元"):
        if base.endswith(suffix) and len(base) > len(suffix):
            base, unit = base[: -len(suffix)], _WAN
    for suffix in ("/元",):
        if base.endswith(suffix):
            base, unit = base[: -len(suffix)], unit or Decimal(1)
    return base, unit


@dataclass
class HeaderMatch:
    """How the source columns map onto a kind's canonical columns."""

    kind: LedgerKind = field(repr=False)
    headers: list[str]
    mapping: dict[str, int] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    units: dict[str, Decimal] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing_required

    def describe(self) -> list[str]:
        """One Chinese line per canonical column, for a mapping step in the UI."""
        lines = []
        for col in self.kind.columns:
            idx = self.mapping.get(col.name)
            need = "必填" if col.required else "选填"
            if idx is None:
                lines.append(f"{col.name}（{need}）：未找到对应的列")
            else:
                note = "（按近似名称匹配，请确认）" if col.name in self.unsure else ""
                lines.append(f"{col.name}（{need}）← 第{idx + 1}列“{self.headers[idx]}”{note}")
        return lines


def _candidates(kind: LedgerKind) -> list[tuple[str, str]]:
    out = []
    for col in kind.columns:
        for s in (col.name, *col.synonyms):
            out.append((col.name, split_header(s)[0]))
    return out


def match_headers(headers: list[object], kind: str | LedgerKind) -> HeaderMatch:
    """Match source headers to canonical columns: exact (after normalising) first, then by
    containment, then by similarity; the last two are reported in `unsure`."""
    kind = get_kind(kind)
    texts = ["" if h is None else str(h).strip() for h in headers]
    bases = [split_header(h) for h in texts]
    cands = _candidates(kind)
    mapping: dict[str, int] = {}
    unsure: list[str] = []

    def free(i: int) -> bool:
        return bool(bases[i][0]) and i not in mapping.values()

    for i, (base, _) in enumerate(bases):  # exact
        for name, syn in cands:
            if base == syn and name not in mapping and free(i):
                mapping[name] = i
    for i, (base, _) in enumerate(bases):  # containment, longest synonym wins
        if not free(i) or len(base) < 2:
            continue
        hits = [(len(syn), name) for name, syn in cands if name not in mapping and syn in base]
        hits += [(len(base), name) for name, syn in cands if name not in mapping and base in syn]
        best = _unique_best(hits)
        if best:
            mapping[best] = i
            unsure.append(best)
    for i, (base, _) in enumerate(bases):  # similarity (typos such as 身分证号)
        if not free(i) or len(base) < 2:
            continue
        hits = []
        for name, syn in cands:
            r = difflib.SequenceMatcher(None, base, syn).ratio()
            if name not in mapping and r >= 0.75:
                hits.append((r, name))
        best = _unique_best(hits)
        if best:
            mapping[best] = i
            unsure.append(best)
    return _finish(kind, texts, bases, mapping, unsure)


def _unique_best(hits: list[tuple[float, str]]) -> str | None:
    if not hits:
        return None
    top = max(score for score, _ in hits)
    names = {name for score, name in hits if score == top}
    return names.pop() if len(names) == 1 else None


def _finish(kind, texts, bases, mapping, unsure) -> HeaderMatch:
    ordered = {c.name: mapping[c.name] for c in kind.columns if c.name in mapping}
    units = {}
    for name, i in ordered.items():
        if kind.column(name).type == AMOUNT:
            units[name] = bases[i][1] or Decimal(1)
    used = set(ordered.values())
    return HeaderMatch(
        kind=kind,
        headers=texts,
        mapping=ordered,
        missing_required=[n for n in kind.required if n not in ordered],
        unknown=[t for i, t in enumerate(texts) if t and i not in used],
        unsure=[n for n in kind.names if n in unsure and n in ordered],
        units=units,
    )


def apply_mapping(
    headers: list[object], kind: str | LedgerKind, mapping: dict[str, int]
) -> HeaderMatch:
    """A HeaderMatch from a mapping the user confirmed (canonical name -> 0-based column)."""
    kind = get_kind(kind)
    texts = ["" if h is None else str(h).strip() for h in headers]
    seen: dict[int, str] = {}
    for name, idx in mapping.items():
        if name not in kind.names:
            raise MappingError(f"“{name}”不是{kind.title}的列")
        if not isinstance(idx, int) or not 0 <= idx < len(texts):
            raise MappingError(f"“{name}”对应的列号 {idx} 超出范围（共{len(texts)}列）")
        if idx in seen:
            raise MappingError(f"第{idx + 1}列同时对应了“{seen[idx]}”和“{name}”")
        seen[idx] = name
    bases = [split_header(h) for h in texts]
    return _finish(kind, texts, bases, dict(mapping), [])
