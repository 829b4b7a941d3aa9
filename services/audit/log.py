"""审计日志 for the office: the events of its unit's subtree, filtered, and as an Excel sheet.

An office sees the chains of the units it may read (its own unit and every unit below); an
office of the whole deployment (no unit) also sees chain 0, the command line's and the system's.
Filters: a time range (dates, inclusive, in the server's local time), the user (part of the
username), the action, and the object (entity kind and, optionally, its id).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from reports.xlsx import table_xlsx
from services import access, audit
from services.actor import Actor
from services.audit.chain import unit_names
from store.audit import AuditEvent
from store.db import session_scope

LIMIT = 2000  # rows on the page; the export takes up to EXPORT_LIMIT
EXPORT_LIMIT = 100_000

ACTION_LABELS = {
    "user.login": "登录",
    "user.login_failed": "登录失败",
    "user.locked": "账号锁定",
    "user.create": "新建账号",
    "user.disable": "停用账号",
    "user.enable": "启用账号",
    "user.reset_password": "重置密码",
    "user.password_change": "修改密码",
    "user.password_change_failed": "修改密码失败",
    "evidence.add": "上传材料",
    "evidence.revise": "重新上传材料",
    "evidence.review": "审核材料",
    "evidence.withdraw": "撤回材料",
    "evidence.ocr": "识别扫描件",
    "evidence.reindex": "重建检索索引",
    "evidence.transfer": "转交材料",
    "evidence.transfer_accept": "接收转交材料",
    "evidence.transfer_decline": "拒收转交材料",
    "finding.save": "保存评分",
    "finding.agree": "确定评分",
    "figure.enter": "填报数据",
    "indicator.propose": "提出指标建议值",
    "indicator.confirm": "确认指标建议值",
    "indicator.override": "改定指标得分",
    "precheck.confirm": "确认预评建议值",
    "precheck.override": "改定预评得分",
    "export.gaps": "导出整改清单",
    "export.evidence": "导出材料清单",
    "export.scores": "导出得分表",
    "ledger.import": "导入台账",
    "ledger.withdraw": "撤回台账",
    "survey.import": "导入满意度调查",
    "sample.draw": "抽样",
    "assignment.set": "修改责任分工",
    "responsibility.seed": "生成责任分工",
    "deadline.set": "设置整改期限",
    "deadline.clear": "清除整改期限",
    "round.create": "新建轮次",
    "round.current": "设定当前轮次",
    "round.archive": "归档轮次",
    "round.restore": "恢复轮次",
    "round.delete": "删除轮次",
    "round.inspectors": "指定考核组",
    "unit.create": "新建单位",
    "unit.update": "修改单位",
    "unit.move": "调整上级单位",
    "unit.seed": "建立单位",
    "unit.setup": "首次设置",
    "department.create": "新建成员单位",
    "department.update": "修改成员单位",
    "report.assessment": "生成考评报告",
    "report.notices": "生成整改通知书",
    "report.bulletin": "生成工作简报",
    "report.binder": "生成迎检材料汇编",
    "report.rollup_notice": "生成进展通报",
    "export.rollup": "导出汇总表",
    "issue.number": "取发文号",
    "issue.reprint": "重印文书",
    "issuing.save": "修改发文设置",
    "precheck.run": "自查预评",
    "precheck.enable": "启用预评规则",
    "precheck.disable": "停用预评规则",
    "reminder_target.add": "添加提醒接收",
    "reminder_target.remove": "删除提醒接收",
    "target.create": "设定工作目标",
    "target.report": "报送目标进度",
    "demo.refresh": "刷新演示数据",
    "audit.export": "导出审计日志",
}
ENTITY_LABELS = {
    "user": "账号",
    "unit": "单位",
    "department": "成员单位",
    "evidence": "材料",
    "revision": "材料版本",
    "evidencepage": "材料页面",
    "round": "轮次",
    "requirement": "要求",
    "check": "复核",
    "proposed_finding": "建议值",
    "entered_figure": "填报数据",
    "ledger_import": "台账导入",
    "ledger_sample": "抽样",
    "survey_import": "满意度调查",
    "work_target": "工作目标",
    "reminder_target": "提醒接收",
    "issued_number": "发文号",
    "auditevent": "审计日志",
}
HEADERS = ("时间", "单位", "用户", "操作", "对象", "对象编号", "修改前", "修改后", "事件编号")


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


@dataclass(frozen=True)
class AuditFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    user: str | None = None  # part of the username
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True)
class EventRow:
    id: int
    at: dt.datetime
    unit: str
    username: str
    action: str
    action_label: str
    entity: str
    entity_id: str | None
    before: str
    after: str


def _chains(actor: Actor, session: Session) -> set[int]:
    actor.require("office", action="查看审计日志")
    chains = set(access.readable_units(actor, session))
    if access.home_unit(actor, session) is None:
        chains.add(0)
    return chains


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC)


def _query(chains: set[int], f: AuditFilter):
    q = select(AuditEvent).where(AuditEvent.chain.in_(sorted(chains)))  # type: ignore[union-attr]
    if f.since:
        q = q.where(AuditEvent.at >= _local_start(f.since))
    if f.until:
        q = q.where(AuditEvent.at < _local_start(f.until + dt.timedelta(days=1)))
    if f.user and f.user.strip():
        pattern = "%" + f.user.strip()[:64].replace("%", "").replace("_", "") + "%"
        q = q.where(AuditEvent.username.like(pattern))  # type: ignore[union-attr]
    if f.action:
        q = q.where(AuditEvent.action == f.action)
    if f.entity:
        q = q.where(AuditEvent.entity == f.entity)
    if f.entity_id and f.entity_id.strip():
        q = q.where(AuditEvent.entity_id == f.entity_id.strip()[:64])
    return q.order_by(AuditEvent.id.desc())  # type: ignore[union-attr]


def _state(value: object) -> str:
    """A before/after state as 「key：value；…」 (strings as they are, the rest as JSON)."""
    if value is None:
        return ""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "；".join(
        f"{k}：{v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
        for k, v in value.items()
    )


def _rows(session: Session, events: list[AuditEvent]) -> list[EventRow]:
    names = unit_names(session)
    return [
        EventRow(
            e.id,
            e.at,
            names.get(e.chain, str(e.chain)),
            e.username,
            e.action,
            action_label(e.action),
            entity_label(e.entity),
            e.entity_id,
            _state(e.before),
            _state(e.after),
        )
        for e in events
    ]


def list_events(actor: Actor, f: AuditFilter | None = None, limit: int = LIMIT) -> list[EventRow]:
    """The newest events matching ``f`` in the office's units, at most ``limit``."""
    f = f or AuditFilter()
    with session_scope() as session:
        chains = _chains(actor, session)
        events = list(session.exec(_query(chains, f).limit(min(limit, EXPORT_LIMIT))))
        return _rows(session, events)


def filter_choices(actor: Actor) -> dict[str, list[str]]:
    """The actions and object kinds that occur in the office's units (for the filter lists)."""
    with session_scope() as session:
        chains = sorted(_chains(actor, session))
        base = select(AuditEvent.action).where(AuditEvent.chain.in_(chains))  # type: ignore[union-attr]
        actions = sorted({a for a in session.exec(base.distinct())})
        kinds = select(AuditEvent.entity).where(AuditEvent.chain.in_(chains))  # type: ignore[union-attr]
        entities = sorted({e for e in session.exec(kinds.distinct())})
    return {"actions": actions, "entities": entities}


def count_events(actor: Actor, f: AuditFilter | None = None) -> int:
    f = f or AuditFilter()
    with session_scope() as session:
        q = _query(_chains(actor, session), f).order_by(None)
        return session.exec(select(func.count()).select_from(q.subquery())).one()


def export_xlsx(actor: Actor, f: AuditFilter | None = None) -> bytes:
    """The matching events as an Excel sheet (cells cleaned by reports.xlsx); the export is
    itself audited."""
    f = f or AuditFilter()
    rows = list_events(actor, f, limit=EXPORT_LIMIT)
    data = table_xlsx(
        "审计日志",
        HEADERS,
        (
            (
                r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                r.unit,
                r.username,
                r.action_label,
                r.entity,
                r.entity_id,
                r.before,
                r.after,
                r.id,
            )
            for r in rows
        ),
        widths=(18, 14, 14, 16, 12, 10, 50, 50, 10),
        heading="审计日志",
        dated=dt.date.today(),
    )
    with session_scope() as session:
        audit.record(
            session,
            actor,
            "audit.export",
            "auditevent",
            None,
            after={"rows": len(rows), **{k: v for k, v in vars(f).items() if v}},
        )
    return data
