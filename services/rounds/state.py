"""The state of a round: every requirement with its score, owners, deadlines and evidence status.

This is the one place where "who must fix what, by when" is worked out. 总览, 整改清单, 我的任务,
the documents, the Excel exports and the command line all read a ``RoundState``; none of them
works out a department, a deadline or an overdue item on its own.

Counting units: an *item* is a requirement (项要求); an *assignment* is a requirement of one
department (项（按部门）). A requirement with two departments past their deadline is one overdue
requirement and two overdue assignments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from rubric import Rubric
from scoring import Findings, Scorecard, gap_gains, score
from services import access
from services.actor import Actor
from services.errors import PermissionDenied
from services.evidence.progress import RANK, requirement_status
from services.org.responsibility import Responsible, responsibilities
from services.rounds.core import merged_sheets
from services.rounds.deadlines import Deadlines, days_overdue, load_deadlines
from services.rounds.sheets import Sheets
from services.rubrics import get_rubric
from store.db import session_scope
from store.evidence_tables import STATUS_LABELS
from store.org import ASSIGNMENT_ROLES, Unit
from store.rounds import Round

ZERO = Decimal(0)
UNIT_REQ = "项要求"
UNIT_PAIR = "项（按部门）"


@dataclass(frozen=True)
class Owner:
    """One department answering for one requirement in this round."""

    department_id: int
    department: str
    role: str  # lead | support
    kind: str  # member | office
    due: dt.date | None
    status: str  # evidence status of this department for the requirement
    overdue_days: int  # > 0 when the item is open and its deadline has passed

    @property
    def role_label(self) -> str:
        return ASSIGNMENT_ROLES.get(self.role, self.role)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class Item:
    """One requirement of the round."""

    requirement: str
    text: str  # 创建要求
    indicator: str
    indicator_name: str
    system: str
    bonus: bool
    score: Decimal
    max: Decimal
    lost: Decimal
    pending: Decimal
    assessed: bool
    provisional: bool  # its values were copied from an earlier round and await re-checking
    gain: Decimal  # points regained if it were fully met
    clauses: tuple[str, ...]  # the clauses that cost points (text, no ids)
    rules: tuple[str, ...]
    owners: tuple[Owner, ...]
    missing: bool = False  # its clauses are 待补充细则 (not known yet): pending, never scored

    @property
    def is_gap(self) -> bool:
        """An open item (整改事项): it lost points or awaits review (bonus items never)."""
        return open_item(self.bonus, self.lost, self.pending)

    @property
    def due(self) -> dt.date | None:
        return min((o.due for o in self.owners if o.due), default=None)

    @property
    def status(self) -> str:
        return max((o.status for o in self.owners), key=lambda s: RANK[s], default="none")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def overdue_owners(self) -> tuple[Owner, ...]:
        return tuple(o for o in self.owners if o.overdue)

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_owners)

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(o.department for o in self.owners)

    def owner(self, department_id: int) -> Owner | None:
        return next((o for o in self.owners if o.department_id == department_id), None)


@dataclass(frozen=True)
class RoundState:
    round: Round
    unit: str
    rubric: Rubric
    findings: Findings
    card: Scorecard
    deadlines: Deadlines
    today: dt.date
    items: tuple[Item, ...]  # every requirement, in rubric order
    split: frozenset[str]  # requirements the inspectors disagree on

    def item(self, requirement_id: str) -> Item:
        return next(i for i in self.items if i.requirement == requirement_id)

    @property
    def gaps(self) -> list[Item]:
        """Open items in rubric order."""
        return [i for i in self.items if i.is_gap]

    def gaps_by_loss(self) -> list[Item]:
        order = {i.requirement: n for n, i in enumerate(self.items)}
        return sorted(self.gaps, key=lambda i: (-i.lost, -i.pending, order[i.requirement]))

    @property
    def provisional(self) -> list[Item]:
        return [i for i in self.items if i.provisional]

    def department_items(self, department_id: int) -> list[tuple[Item, Owner]]:
        """Every requirement the department answers for, in rubric order."""
        out = []
        for i in self.items:
            o = i.owner(department_id)
            if o is not None:
                out.append((i, o))
        return out

    def department_gaps(self, department_id: int) -> list[tuple[Item, Owner]]:
        return [(i, o) for i, o in self.department_items(department_id) if i.is_gap]

    def overdue_pairs(self) -> list[tuple[Item, Owner]]:
        """Overdue assignments (项（按部门）), the longest overdue first."""
        pairs = [(i, o) for i in self.gaps for o in i.overdue_owners]
        order = {i.requirement: n for n, i in enumerate(self.items)}
        return sorted(pairs, key=lambda p: (-p[1].overdue_days, order[p[0].requirement]))

    def due_within(self, days: int) -> list[tuple[Item, Owner]]:
        """Assignments still to act on whose deadline falls in the next ``days`` days (today
        included, overdue ones not), the soonest first: what a reminder announces."""
        until = self.today + dt.timedelta(days=days)
        pairs = [
            (i, o)
            for i in self.gaps
            for o in i.owners
            if owner_must_act(i.is_gap, o.status) and o.due and self.today <= o.due <= until
        ]
        order = {i.requirement: n for n, i in enumerate(self.items)}
        return sorted(pairs, key=lambda p: (p[1].due, order[p[0].requirement]))

    def overdue_items(self) -> list[Item]:
        """Overdue requirements (项要求), in rubric order."""
        return [i for i in self.gaps if i.overdue]

    def addressees(self) -> list[tuple[int, str]]:
        """Departments to send a 整改通知书: member departments with open items, never the office.

        In the order they first lead an open item, then first appear, in rubric order.
        """
        first: dict[int, tuple[int, int, str]] = {}
        for n, item in enumerate(self.gaps):
            for o in item.owners:
                if o.kind == "office":
                    continue
                key = (0 if o.role == "lead" else 1, n, o.department)
                if o.department_id not in first or key < first[o.department_id]:
                    first[o.department_id] = key
        return [(d, v[2]) for d, v in sorted(first.items(), key=lambda kv: kv[1][:2])]


def open_item(bonus: bool, lost: Decimal, pending: Decimal) -> bool:
    """Whether a requirement is an open item (整改事项): it lost points or awaits review; a
    bonus requirement never is."""
    return not bonus and (lost > 0 or pending > 0)


def owner_must_act(is_gap: bool, status: str) -> bool:
    """A department still has to act on an item: it is open and its evidence is not approved."""
    return is_gap and status != "approved"


def clause_texts(
    rubric: Rubric, card: Scorecard, requirement_id: str, index: dict | None = None
) -> tuple[str, ...]:
    """The clauses that cost a requirement points, as written in the rubric (no ids)."""
    rs = card.requirement(requirement_id)
    index = index or rubric.rule_index()
    texts = [a.text for a in rs.applied if a.delta < 0]
    texts += [index[r][1].text for r in rs.short_rules if index[r][1].text not in texts]
    return tuple(texts)


def round_state(session: Session, rnd: Round, today: dt.date | None = None) -> RoundState:
    rubric = get_rubric(rnd.rubric_id)
    unit = session.get(Unit, rnd.unit_id)
    return build_state(
        rnd,
        unit.name if unit else "",
        rubric,
        merged_sheets(session, rnd, rubric),
        responsibilities(session, rnd.unit_id, rubric.id),
        load_deadlines(session, rnd),
        requirement_status(session, rnd.unit_id),
        today,
    )


def build_state(
    rnd: Round,
    unit_name: str,
    rubric: Rubric,
    sheets: Sheets,
    owners: dict[str, tuple[Responsible, ...]],
    deadlines: Deadlines,
    status: dict[tuple[str, int], str],
    today: dt.date | None = None,
    *,
    gains: bool = True,
    memo: dict | None = None,
) -> RoundState:
    """A round's state from rows already loaded (no database): ``round_state`` loads one round's
    rows, ``services.rollup`` loads many units' rows in a few queries. Without ``gains`` the
    what-if gains (the slowest part) are left at zero, for figures that do not show them.
    ``memo``: requirement scores shared by the states of one batch (``scoring.score``)."""
    today = today or dt.date.today()
    card = score(rubric, sheets.findings, memo)
    gain_of = (
        {g.gap.requirement: g.gain for g in gap_gains(rubric, sheets.findings, card)}
        if gains
        else {}
    )
    names = {i.id: i.name for i in rubric.indicators()}
    bonus = {s.id for s in rubric.systems if s.bonus}
    texts = rubric.requirement_index()
    rule_index = rubric.rule_index()
    items = []
    made: dict[tuple, Owner] = {}  # most owners repeat (same department, deadline, status)
    for rs in card.requirements:
        is_gap = open_item(rs.system in bonus, rs.lost, rs.pending)
        row_owners = []
        for r in owners.get(rs.id, ()):
            due = deadlines.due(rs.id, r.department_id)
            st = status.get((rs.id, r.department_id), "none")
            late = days_overdue(due, today) if owner_must_act(is_gap, st) else 0
            key = (r.department_id, r.role, due, st, late)
            o = made.get(key)
            if o is None:
                o = made[key] = Owner(r.department_id, r.name, r.role, r.kind, due, st, late)
            row_owners.append(o)
        items.append(
            Item(
                requirement=rs.id,
                text=texts[rs.id].requirement,
                indicator=rs.indicator,
                indicator_name=names.get(rs.indicator, ""),
                system=rs.system,
                bonus=rs.system in bonus,
                score=rs.score,
                max=rs.max,
                lost=rs.lost,
                pending=rs.pending,
                assessed=rs.status == "assessed",
                provisional=rs.id in sheets.copied,
                gain=gain_of.get(rs.id, ZERO),
                clauses=clause_texts(rubric, card, rs.id, rule_index) if rs.lost > 0 else (),
                rules=rs.short_rules,
                owners=tuple(row_owners),
                missing=rs.missing,
            )
        )
    return RoundState(
        round=rnd,
        unit=unit_name,
        rubric=rubric,
        findings=sheets.findings,
        card=card,
        deadlines=deadlines,
        today=today,
        items=tuple(items),
        split=sheets.split,
    )


STATE_ROLES = ("office", "inspector", "viewer", "department")


def load_state(actor: Actor, round_id: int, today: dt.date | None = None) -> RoundState:
    """A round's state for a reader; a department reads only the round the office made current."""
    actor.require(*STATE_ROLES, action="查看考评轮次")
    with session_scope() as session:
        rnd = access.require_read_round(actor, round_id, session)
        if actor.role == "department":
            unit = session.get(Unit, rnd.unit_id)
            if unit is None or unit.current_round_id != rnd.id:
                raise PermissionDenied("成员单位只能查看办公室设定的当前轮次")
        return round_state(session, rnd, today)
