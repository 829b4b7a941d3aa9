"""What the office decides in a first setup (a ``SetupPlan``) and its reading from a YAML file.

The same plan comes from the wizard (设置 → 初始化向导) and from ``pioneer setup --from F.yaml``.
``draft`` turns a plan into what will be created — departments with their contacts and rubric
names, unmatched rubric names, accounts — so the office confirms before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rubric.loader import available_rubrics
from services.errors import InvalidInput
from services.org.responsibility import department_kind, named_departments
from services.rubrics import DEFAULT_RUBRIC, get_rubric
from services.rubrics.versions import published_refs
from services.setup.matching import Match, find_in, match_departments
from services.setup.roster import Roster, parse_roster_text
from store.org import UNIT_LEVELS
from store.rounds import ROUND_KINDS, STAGES

NEW = "新建"  # in ``match``: create the department under the rubric's name
STAGE_NAMES = {label: key for key, label in STAGES}
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
OFFICE_NAME = "领导小组办公室"


@dataclass
class RoundPlan:
    name: str
    kind: str = "自评"
    starts_on: dt.date | None = None
    stages: dict[str, dt.date | None] = field(default_factory=dict)  # prepare_until... -> date


@dataclass
class SetupPlan:
    unit: str
    roster: Roster
    level: str = "县区"
    rubric: str = DEFAULT_RUBRIC
    match: dict[str, str] = field(default_factory=dict)  # rubric name -> department | 新建
    include: list[str] = field(default_factory=list)  # 兼任 departments to take in
    exclude: list[str] = field(default_factory=list)  # list departments to leave out
    user_prefix: str = "bm"
    leader_accounts: bool = True
    office_username: str = "bangongshi"
    round: RoundPlan | None = None


@dataclass
class PlannedDepartment:
    name: str
    role: str  # lead | member | office
    contact_name: str = ""
    contact_title: str = ""
    contact_phone: str = ""
    aliases: list[str] = field(default_factory=list)  # the rubric's names for it
    source: str = "名单"  # 名单 | 名单（兼任） | 细则（名单中未找到）| 办公室


@dataclass
class PlannedAccount:
    username: str
    display_name: str
    role: str  # office | department | viewer
    department: str | None
    title: str = ""


@dataclass
class Draft:
    departments: list[PlannedDepartment]
    matches: list[Match]
    unmatched: list[str]  # rubric names with no department of the list: created as named
    accounts: list[PlannedAccount]
    lead: str | None  # the department hosting the office (牵头)
    warnings: list[str] = field(default_factory=list)


def _office_name(rubric_names: list[str]) -> str:
    return next((n for n in rubric_names if department_kind(n) == "office"), OFFICE_NAME)


def check_plan(plan: SetupPlan) -> None:
    if not plan.unit.strip():
        raise InvalidInput("请填写被考评单位名称")
    if len(plan.unit.strip()) > 100:
        raise InvalidInput("被考评单位名称不能超过 100 个字")
    if plan.level not in UNIT_LEVELS:
        raise InvalidInput(f"单位层级应为 {'、'.join(UNIT_LEVELS)} 之一，收到「{plan.level}」")
    # a round keeps the rubric's id: it must stay loadable by id (a built-in file or a version
    # published in 设置 → 评分细则); whether the unit may use a version, apply_setup checks
    known = list(available_rubrics())
    if plan.rubric not in known:  # a published version, read only then
        known += published_refs()
    if plan.rubric not in known:
        raise InvalidInput(
            f"评分细则「{plan.rubric}」不可用：只能选择系统内置的评分细则或已发布的评分细则"
            f"（{'、'.join(known)}）"
        )
    get_rubric(plan.rubric)
    for name in (plan.user_prefix + "01", plan.office_username or "office"):
        if not USERNAME.match(name):
            raise InvalidInput(f"用户名「{name}」只能由字母、数字和 _ . - 组成")
    if plan.round is not None:
        if plan.round.kind not in ROUND_KINDS:
            raise InvalidInput(f"轮次类型应为 {'、'.join(ROUND_KINDS)} 之一")
        if not plan.round.name.strip():
            raise InvalidInput("请填写第一轮的名称")


def draft(plan: SetupPlan) -> Draft:
    """What the plan will create; nothing is written."""
    check_plan(plan)
    rubric_names = named_departments(get_rubric(plan.rubric))
    office = _office_name(rubric_names)
    listed = plan.roster.departments
    names = [d.name for d in listed if d.name not in plan.exclude]
    wanted = [n for n in rubric_names if department_kind(n) != "office"]
    matches = match_departments(wanted, names, plan.unit)
    warnings: list[str] = []
    for m in matches:
        chosen = plan.match.get(m.rubric_name)
        if chosen == NEW:
            m.department, m.how = None, ""
        elif chosen:
            if chosen not in names:
                raise InvalidInput(f"「{m.rubric_name}」对应的单位「{chosen}」不在名单中")
            m.department, m.how = chosen, "指定"
    aliases: dict[str, list[str]] = {}
    for m in matches:
        if m.department and m.department != m.rubric_name:
            aliases.setdefault(m.department, []).append(m.rubric_name)
    matched = {m.department for m in matches if m.department}
    depts: list[PlannedDepartment] = []
    for d in listed:
        if d.name in plan.exclude:
            continue
        if d.secondary and d.name not in matched and d.name not in plan.include:
            continue
        depts.append(
            PlannedDepartment(
                d.name,
                d.role,
                d.contact_name,
                d.contact_title,
                d.contact_phone,
                aliases.get(d.name, []),
                "名单（兼任）" if d.secondary else "名单",
            )
        )
    unmatched = [m.rubric_name for m in matches if not m.department]
    depts += [PlannedDepartment(n, "member", source="细则（名单中未找到）") for n in unmatched]
    host = plan.roster.office_host
    lead = (
        find_in(host, [d.name for d in depts], plan.unit)
        if host
        else next((d.name for d in depts if d.role == "lead"), None)
    )
    if host and lead is None:
        warnings.append(f"名单写明办公室设在「{plan.roster.office_host}」，但未找到对应单位")
    for d in depts:
        d.role = "lead" if d.name == lead else "member"
    director = plan.roster.office_director
    depts.insert(0, PlannedDepartment(office, "office", director, "办公室主任", source="办公室"))
    return Draft(depts, matches, unmatched, _accounts(plan, depts), lead, warnings)


def _accounts(plan: SetupPlan, depts: list[PlannedDepartment]) -> list[PlannedAccount]:
    office = depts[0]
    out = []
    if plan.office_username:  # blank: the office already has its accounts
        out.append(
            PlannedAccount(
                plan.office_username, office.contact_name or office.name, "office", None, "办公室"
            )
        )
    members = [d for d in depts if d.role != "office"]
    width = max(2, len(str(len(members))))
    for n, d in enumerate(members, start=1):
        out.append(
            PlannedAccount(
                f"{plan.user_prefix}{n:0{width}d}",
                d.contact_name or d.name,
                "department",
                d.name,
                d.contact_title,
            )
        )
    if plan.leader_accounts:
        leaders = plan.roster.leaders
        for n, p in enumerate(leaders, start=1):
            out.append(PlannedAccount(f"ld{n:02d}", p.name, "viewer", None, p.title))
    return out


# -- the YAML file ------------------------------------------------------------------------------


def _date(value, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what}的日期「{value}」应写作 YYYY-MM-DD，例如 2020-06-10") from None


def _round(data) -> RoundPlan | None:
    if not data:
        return None
    if not isinstance(data, dict):
        raise InvalidInput("round 应包含 name、kind、starts_on 和 stages")
    stages_in = data.get("stages") or {}
    unknown = [k for k in stages_in if k not in STAGE_NAMES and k not in dict(STAGES)]
    if unknown:
        raise InvalidInput(f"未知的阶段「{unknown[0]}」：应为 {'、'.join(STAGE_NAMES)}")
    stages = {
        STAGE_NAMES.get(k, k): _date(v, f"「{dict(STAGES).get(STAGE_NAMES.get(k, k))}」阶段")
        for k, v in stages_in.items()
    }
    return RoundPlan(
        name=str(data.get("name") or "").strip(),
        kind=str(data.get("kind") or "自评"),
        starts_on=_date(data.get("starts_on"), "开始"),
        stages=stages,
    )


def plan_from_yaml(path: str | Path) -> tuple[SetupPlan, dict]:
    """The plan in a setup file, and the file's other settings (``passwords``: where to export).

    ``roster`` is a .docx/.xlsx path relative to the file; ``roster_text`` is pasted text.
    """
    from services.setup.roster_file import read_roster_file

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"找不到设置文件：{p}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"设置文件不是 UTF-8 编码的文本：{p}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"设置文件格式有误（{p.name}）：{exc}") from None
    if not isinstance(data, dict):
        raise InvalidInput("设置文件应是「键: 值」的 YAML 文件，见 examples/setup-yanzhou.yaml")
    if data.get("roster_text"):
        roster = parse_roster_text(str(data["roster_text"]))
    elif data.get("roster"):
        file = (p.parent / str(data["roster"])).resolve()
        try:
            content = file.read_bytes()
        except OSError:
            raise InvalidInput(f"找不到名单文件：{file}") from None
        roster = read_roster_file(content, file.name)
    else:
        raise InvalidInput("设置文件缺少 roster（名单文件）或 roster_text（名单文字）")
    users = data.get("users") or {}
    plan = SetupPlan(
        unit=str(data.get("unit") or "").strip(),
        level=str(data.get("level") or "县区"),
        rubric=str(data.get("rubric") or DEFAULT_RUBRIC),
        roster=roster,
        match={str(k): str(v) for k, v in (data.get("match") or {}).items()},
        include=[str(x) for x in data.get("include") or []],
        exclude=[str(x) for x in data.get("exclude") or []],
        user_prefix=str(users.get("prefix") or "bm"),
        leader_accounts=bool(users.get("leaders", True)),
        office_username=str(users.get("office") or "bangongshi"),
        round=_round(data.get("round")),
    )
    check_plan(plan)
    return plan, {"passwords": data.get("passwords")}
