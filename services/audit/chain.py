"""The per-unit hash chain of audit events: appending, and checking it end to end.

Appending takes the chain's head row first (``UPDATE audit_head … RETURNING``): on PostgreSQL
that row stays locked until the transaction ends, on SQLite the statement takes the database's
write lock, so two writers of one unit never take the same place. ``(chain, seq)`` is unique
besides.

``verify_chain`` walks every chain in order and names each event that does not fit: content
changed (its hash no longer matches), an event missing (a gap, or the next event's
``prev_hash`` pointing elsewhere), events cut from the end (the head is further on), and,
when the anchor file (services.audit.anchor) holds a head written earlier, a chain rewritten
since.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, select

from store.audit import GENESIS, AuditEvent, AuditHead, hash_of
from store.org import Unit

_TAKE = text("UPDATE audit_head SET seq = seq + 1 WHERE chain = :c RETURNING seq, hash")
_OPEN = text("INSERT INTO audit_head (chain, seq, hash) VALUES (:c, 0, :g) ON CONFLICT DO NOTHING")
_SET = text("UPDATE audit_head SET hash = :h WHERE chain = :c")


def append(session: Session, event: AuditEvent, chain: int) -> None:
    """Give the event its place in ``chain`` and its hash, and add it to the session."""
    row = session.execute(_TAKE, {"c": chain}).first()
    if row is None:
        session.execute(_OPEN, {"c": chain, "g": GENESIS})
        row = session.execute(_TAKE, {"c": chain}).first()
    seq, prev = row
    event.chain, event.seq, event.prev_hash = chain, seq, prev
    event.hash = hash_of(event)
    session.execute(_SET, {"h": event.hash, "c": chain})
    session.add(event)


@dataclass
class ChainReport:
    events: int = 0
    chains: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad: dict[int, int] = field(default_factory=dict)  # chain -> id of its first bad event

    @property
    def ok(self) -> bool:
        return not self.problems


def unit_names(session: Session) -> dict[int, str]:
    names = {uid: name for uid, name in session.exec(select(Unit.id, Unit.name))}
    names[0] = "系统与命令行"
    return names


def describe(ev: AuditEvent, names: dict[int, str]) -> str:
    """「兖州区」审计链第 3 条（事件 #12，2026-12-01 08:00:01，admin，evidence.review）."""
    at = ev.at.strftime("%Y-%m-%d %H:%M:%S") if ev.at else "时间缺失"
    unit = names.get(ev.chain, f"单位 {ev.chain}")
    return f"「{unit}」审计链第 {ev.seq} 条（事件 #{ev.id}，{at}，{ev.username}，{ev.action}）"


class _Walk:
    """Checks one chain's events as they come, in ``seq`` order."""

    def __init__(
        self, report: ChainReport, names: dict[int, str], chain: int, wanted: set[int]
    ) -> None:
        self.report, self.names, self.chain, self.wanted = report, names, chain, wanted
        self.seq, self.hash = 0, GENESIS
        self.last: AuditEvent | None = None
        self.by_seq: dict[int, str] = {}  # the hashes of the places an anchor names

    def bad(self, ev_id: int | None, message: str) -> None:
        self.report.problems.append(message)
        if ev_id is not None:
            self.report.first_bad.setdefault(self.chain, ev_id)

    def step(self, ev: AuditEvent) -> None:
        where = describe(ev, self.names)
        if ev.seq <= self.seq:
            self.bad(ev.id, f"{where}：序号重复或倒序（事件被直接插入数据库）")
        elif ev.seq > self.seq + 1:
            gap = (
                f"第 {self.seq + 1} 条"
                if ev.seq == self.seq + 2
                else f"第 {self.seq + 1}–{ev.seq - 1} 条"
            )
            self.bad(ev.id, f"{where}：之前的{gap}已不存在（审计事件被直接删除）")
        elif ev.prev_hash != self.hash:
            self.bad(ev.id, f"{where}：前一事件的哈希不符（前一事件被删除、替换或改动）")
        if hash_of(ev) != ev.hash:
            self.bad(ev.id, f"{where}：内容与哈希不符（该事件在数据库中被直接改动）")
        self.seq, self.hash, self.last = max(self.seq, ev.seq), ev.hash, ev
        if ev.seq in self.wanted:
            self.by_seq[ev.seq] = ev.hash

    def finish(self, head: AuditHead | None) -> None:
        unit = self.names.get(self.chain, f"单位 {self.chain}")
        if head is None:
            self.bad(
                self.last.id if self.last else None,
                f"「{unit}」审计链缺少链头记录（audit_head 被改动）",
            )
        elif head.seq > self.seq:
            tail = (
                f"第 {self.seq + 1}–{head.seq} 条"
                if head.seq > self.seq + 1
                else f"第 {head.seq} 条"
            )
            after = f"，最后一条现存事件为 #{self.last.id}" if self.last else ""
            self.bad(None, f"「{unit}」审计链末尾的{tail}已不存在（被直接删除{after}）")
        elif head.seq != self.seq or head.hash != self.hash:
            self.bad(
                self.last.id if self.last else None, f"「{unit}」审计链的链头与最后一条事件不符"
            )


def _events(session: Session) -> Iterable[AuditEvent]:
    q = select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq, AuditEvent.id)
    return session.exec(q.execution_options(yield_per=2000))


def verify_chain(session: Session, anchors: Iterable[tuple[int, int, str]] = ()) -> ChainReport:
    """Every chain checked from its first event to its head, and against ``anchors``
    ((chain, seq, hash) heads written out earlier)."""
    report = ChainReport()
    anchors = list(anchors)
    wanted: dict[int, set[int]] = {}
    for chain, seq, _ in anchors:
        wanted.setdefault(chain, set()).add(seq)
    names = unit_names(session)
    heads = {h.chain: h for h in session.exec(select(AuditHead))}
    walks: dict[int, _Walk] = {}
    walk: _Walk | None = None
    for ev in _events(session):
        report.events += 1
        if walk is None or walk.chain != ev.chain:
            if walk is not None:
                walk.finish(heads.get(walk.chain))
            walk = walks[ev.chain] = _Walk(report, names, ev.chain, wanted.get(ev.chain, set()))
        walk.step(ev)
        session.expunge(ev)
    if walk is not None:
        walk.finish(heads.get(walk.chain))
    for chain, head in heads.items():
        if chain not in walks and head.seq:
            unit = names.get(chain, f"单位 {chain}")
            report.problems.append(
                f"「{unit}」审计链的全部 {head.seq} 条事件已不存在（被直接删除）"
            )
    for chain, seq, digest in anchors:
        w = walks.get(chain)
        unit = names.get(chain, f"单位 {chain}")
        if w is None or seq > w.seq:
            have = w.seq if w else 0
            report.problems.append(
                f"锚点文件记录了「{unit}」审计链的第 {seq} 条，但审计链只到第 {have} 条"
                "（之后的事件已不存在：被删除，或数据库是从更早的备份恢复的）"
            )
        elif w.by_seq.get(seq) != digest:
            report.problems.append(
                f"「{unit}」审计链第 {seq} 条与锚点文件记录的哈希不符（审计链在记录锚点后被改写）"
            )
    report.chains = len(walks)
    return report
