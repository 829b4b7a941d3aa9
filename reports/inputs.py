"""Plain input objects the callers (CLI, services, UI) fill to ask for a document.

Nothing here touches a database: a caller gathers the rubric, the scorecard and whatever else a
document shows, and hands them over in one of these frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rubric.models import Rubric
from scoring.engine import Scorecard

ROUND_KINDS = ("自评", "模拟考评", "正式考评")


@dataclass(frozen=True)
class Issue:
    """How a document is issued: the 公文 elements around its body (GB/T 9704-2012).

    Filled by the caller from the unit's 发文 settings; ``number`` is the 发文字号 already taken
    (e.g. 兖创办发〔2026〕3号), or the 期号 of a 简报.
    """

    office: str  # 发文机关全称: 署名 and 版头
    number: str | None = None
    seq: int = 0  # the sequence number within the unit's series and year
    code: str = ""  # 机关代字
    signer: str | None = None  # 签发人 (upward documents); "" leaves the name to be written
    addressee: str | None = None  # 主送 (a report's; notices name their department)
    cc: tuple[str, ...] = ()  # 抄送
    printer: str = ""  # 印发机关
    contact: str = ""  # 联系人
    phone: str = ""  # 电话
    distribution: tuple[str, ...] = ()  # 简报: 报、送、发 lines
    copies: int = 0  # 简报: 共印份数

    @property
    def contact_note(self) -> str:
        """联系人及电话 as the 附注 prints them, in parentheses under the date (GB/T 9704
        7.3.7); blanks to write in where 设置 → 发文 leaves them empty."""
        who = self.contact or "　　　　"
        phone = self.phone or "　　　　　　"
        return f"（联系人：{who}，联系电话：{phone}）"


@dataclass(frozen=True)
class CitedEvidence:
    """One piece of evidence cited for a requirement (a file in the evidence library)."""

    file_name: str
    title: str
    doc_number: str | None = None  # 文号, e.g. 兖政办发〔2020〕3号
    doc_date: date | None = None  # 成文日期


@dataclass(frozen=True)
class Assignee:
    """A department answering for a requirement, with its role and 整改期限 in the round."""

    department: str
    role: str = "牵头"  # 牵头 | 配合
    due: date | None = None


# requirement id -> who answers for it (services.rounds.state); empty: the rubric's 责任部门
Owners = Mapping[str, Sequence[Assignee]]


@dataclass(frozen=True)
class FigureLine:
    """A data indicator as shown in a report.

    ``FigureLine("创业活跃度", "16.20%", "参与创业活动人数 ÷ 城镇劳动者人数 = 8,100 ÷ 50,000",
    "区市场监督管理局、区统计局，2020年度")``
    """

    name: str
    value: str
    formula: str
    source: str
    target: str = ""  # e.g. ≥15%
    met: bool | None = None  # the value reaches its target
    confirmed: bool = True  # an inspector has confirmed (or set) the value


@dataclass(frozen=True)
class SelfCheckSummary:
    """自查预评 of a round, for the report and the bulletin (reports.selfcheck)."""

    total: Decimal
    max: Decimal
    pending: Decimal  # points the checks leave to the inspectors
    complete: int  # requirements whose evidence is 齐全
    short: int  # 不足
    missing: int  # 缺失
    gaps: tuple[tuple[str, str, str], ...]  # (创建要求, 责任单位, 需补充的材料或内容)


MISSING_WORD = "待补充细则"  # a part of the table whose clauses are not known yet


@dataclass(frozen=True)
class ScoreWords:
    """What a scorecard's numbers do not say on their own: the parts whose clauses are 待补充细则,
    each cap and what it cut, and the 加分 line. Built by ``services.rounds.words.score_words``,
    the one source: 总览, 模拟考评, 整改清单 and the 考评报告 show it, none works it out."""

    missing: frozenset[str] = frozenset()  # requirement ids whose clauses are 待补充细则
    missing_parts: tuple[str, ...] = ()  # every part 待补充细则, named: 档案管理（四，15分）
    systems: Mapping[str, str] = field(default_factory=dict)  # id -> name　加分（上限10分）
    caps: tuple[str, ...] = ()  # each group cap explained, named
    system_caps: Mapping[str, str] = field(default_factory=dict)  # system id -> its cap explained
    requirement_caps: Mapping[str, str] = field(default_factory=dict)  # id -> its rules' caps
    bonus: str | None = None  # 加分 on its own line; None without a bonus section

    def score(self, requirement_id: str, shown: str) -> str:
        """A requirement's score as shown, or 待补充细则 when its clauses are not known yet."""
        return MISSING_WORD if requirement_id in self.missing else shown

    def system(self, system_id: str, name: str) -> str:
        return self.systems.get(system_id, name)

    def notes(self) -> list[str]:
        """The 加分 line, the caps and the parts 待补充细则, one sentence each."""
        out = [self.bonus] if self.bonus else []
        out += [f"{c}。" for c in self.caps]
        if self.missing_parts:
            out.append(
                f"{MISSING_WORD}：{'、'.join(self.missing_parts)}，"
                "其分值暂计入待评分值，细则补充后再评分。"
            )
        return out


@dataclass(frozen=True)
class AssessmentInput:
    """Everything the 自评报告 / 模拟考评报告 / 考评报告 of one round shows."""

    unit: str  # e.g. 兖州区（演示）
    round_name: str  # e.g. 2020年第三季度模拟考评
    round_kind: str  # 自评 / 模拟考评 / 正式考评
    issuer: str  # 发文机关署名
    issued_on: date  # 成文日期
    doc_number: str | None  # 文号, printed under the title when given
    rubric: Rubric
    card: Scorecard
    comments: Mapping[str, str] = field(default_factory=dict)  # requirement id -> 检查意见
    evidence: Mapping[str, Sequence[CitedEvidence]] = field(default_factory=dict)
    owners: Owners = field(default_factory=dict)
    trend: Sequence[tuple[str, Decimal]] = ()  # (round label, total); < 2 items: no chart
    figures: Sequence[FigureLine] = ()
    issue: Issue | None = None  # 版头, 文号, 主送, 版记; None: defaults from the unit's name
    selfcheck: SelfCheckSummary | None = None  # 自查预评 section, when the round has one
    words: ScoreWords = field(default_factory=ScoreWords)  # 待补充细则, caps, 加分


@dataclass(frozen=True)
class NoticeInput:
    """A 整改通知书 to one responsible department."""

    unit: str
    issuer: str
    issued_on: date
    doc_number: str | None
    department: str  # as written in the rubric, e.g. 区人社局; also the 主送 line
    rubric: Rubric
    card: Scorecard
    owners: Owners = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)
    round_name: str | None = None  # e.g. 2020年第三季度模拟考评; named in the opening line
    issue: Issue | None = None
    reply_by: date | None = None  # 报送整改情况的日期 (default: the latest deadline)


@dataclass(frozen=True)
class DepartmentProgress:
    """Evidence progress of one department: requirements assigned and evidence review counts."""

    department: str
    assigned: int  # requirements the department answers for
    approved: int  # evidence items approved
    pending: int  # evidence items awaiting review
    returned: int  # evidence items sent back


@dataclass(frozen=True)
class BulletinEvent:
    """One 工作动态 of a 简报: a short sentence, the kind of work it tells of (named in the
    sentence that counts those left out) and how much it matters.

    ``rank`` 0 is always printed (the period's summary figures: materials, notices, overdue
    items); higher ranks are left out first when the section is full; among equals the larger
    ``weight`` (e.g. the records of a day's ledgers) is kept.
    """

    text: str
    kind: str = "其他工作"
    rank: int = 1
    weight: float = 0


@dataclass(frozen=True)
class BulletinInput:
    """One issue of the 工作简报 of the campaign office."""

    unit: str
    issuer: str
    issued_on: date
    issue_no: int  # 第N期
    period_start: date
    period_end: date
    rubric: Rubric
    card: Scorecard
    department_progress: Sequence[DepartmentProgress] = ()
    # (requirement id, evidence title, department, approved date)
    approved_in_period: Sequence[tuple[str, str, str, date]] = ()
    gaps_closed: Sequence[str] = ()  # requirement ids that stopped losing points in the period
    overdue: Sequence[tuple[str, str, date]] = ()  # (requirement id, department, due date)
    trend: Sequence[tuple[str, Decimal]] = ()
    owners: Owners = field(default_factory=dict)
    issue: Issue | None = None
    events: Sequence[BulletinEvent] = ()  # 工作动态: what happened in the period, in order
    selfcheck: SelfCheckSummary | None = None  # 自查预评 section, when the round has one


# -- rows of the spreadsheets ---------------------------------------------------------------


@dataclass(frozen=True)
class GapRow:
    """One line of the 整改清单 spreadsheet (see ``reports.common.gap_rows``)."""

    requirement: str  # 要求编号
    indicator: str  # 所属指标, e.g. "1.2 组织领导"
    text: str  # 创建要求
    lost: Decimal  # 失分
    pending: Decimal  # 待评分值
    clauses: str  # 失分条款
    departments: str  # 责任部门, joined with 、
    due: date | None = None  # 整改期限
    status: str = "未整改"  # 状态
    gain: Decimal = Decimal(0)  # 可挽回分
    overdue_days: int = 0  # > 0: 已逾期

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class EvidenceRow:
    """One line of the 材料清单 spreadsheet."""

    requirement: str  # 要求编号
    title: str  # 材料标题
    doc_number: str | None  # 文号
    doc_date: date | None  # 成文日期
    department: str  # 责任部门
    status: str  # 状态, e.g. 待审核 / 已通过 / 已退回
