"""Issue 10 item 4: every service write checks the actor owns what it writes, not only its role.

Inside one county (甲县 of tests/services/city.py) each row of WRITES calls one write service on
something that belongs to 区人社局 (its evidence, ledger import, target, entered figure) or to the
county (rounds, settings). Every role tries it: the office, the owning department, another
department of the same county (区财政局), the leader, the round's inspector and another round's
lead. Those in ``allowed`` must get through the permission checks; every other must be refused.
Across units: tests/services/test_cross_unit.py. The meta-test lists the public write functions
of services/: a new one needs a row here (or a reason in EXEMPT).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from services import precheck
from services.actor import SYSTEM_ACTOR, Actor
from services.documents import binder, issuing
from services.errors import NotFound, PermissionDenied
from services.evidence import details, intake, query, search, transfer
from services.jobs import requests as job_requests
from services.ledgers import figures, imports, indicators, samples, surveys, targets
from services.org import auth, responsibility
from services.org import units as org
from services.org.hierarchy import add_unit, import_units
from services.reminders import targets as reminder_targets
from services.rounds import core as rounds
from services.rounds import deadlines, inspectors, sheets
from tests.services.city import DOC, TRAINING, City, _user, make_city
from tests.services.helpers import PASSWORD
from tests.services.test_cross_unit import _refused_rows, service_functions

ROLES = ("office", "owner", "other", "viewer", "inspector", "lead")
YEAR = {"period_start": dt.date(2020, 1, 1), "period_end": dt.date(2020, 12, 31)}
TODAY = dt.date(2020, 6, 1)


@dataclass
class Shop:
    """甲县 with an actor of every role and a thing of each kind owned by 区人社局."""

    c: City
    actors: dict[str, Actor]
    round_lead: int  # a second round of 甲县 with a lead inspector
    round_spare: int  # a round to archive and delete
    transfer_id: int  # 区人社局's file offered to 区财政局
    reminder_id: int

    def __getattr__(self, name):
        return getattr(self.c, name)


def make_shop() -> Shop:
    c = make_city()
    other = _user("czj_a", "department", c.a, "区财政局")
    lead = _user("insp_lead", "inspector", c.a)
    _user("spare_a", "viewer", c.a)
    r2 = rounds.create_round(
        c.office_a, name="模拟考评", unit_id=c.a, kind="模拟考评", lead_inspector="insp_lead"
    ).id
    inspectors.assign_inspectors(c.office_a, r2, ["insp_lead", "insp_b"])
    spare = rounds.create_round(c.office_a, name="作废轮次", unit_id=c.a, kind="自评").id
    figures.enter_figure(
        c.dept_a, c.a, "activity", 1620, 10000, source="2020年统计年报", **YEAR
    )  # 区人社局's figure
    tid = transfer.offer(c.dept_a, c.evidence_a, "3.4.1", to_department="区财政局")
    depts = org.list_departments(SYSTEM_ACTOR, c.a)
    rid = reminder_targets.add_target(c.office_a, c.a, depts[0].id, "email", "a@example.com")
    actors = {
        "office": c.office_a,
        "owner": c.dept_a,
        "other": other,
        "viewer": _user("leader_a", "viewer", c.a),
        "inspector": c.inspector_b,  # assigned to both rounds of 甲县, lead of neither
        "lead": lead,  # lead of the second round only
    }
    return Shop(c, actors, r2, spare, tid, rid)


@dataclass(frozen=True)
class Row:
    call: Callable[[Actor, Shop], object]
    allowed: frozenset[str]
    refusals: tuple[type[Exception], ...] = (PermissionDenied,)


def row(call, *allowed: str, hidden: bool = False) -> Row:
    """``hidden``: the service answers NotFound to those who may not see the thing."""
    return Row(
        call, frozenset(allowed), (PermissionDenied, NotFound) if hidden else (PermissionDenied,)
    )


def _upload(x: Actor, s: Shop, **kw):
    return intake.add_evidence(
        x, DOC, "通知.docx", requirements=["1.2.1"], department="区人社局", unit=s.a, **kw
    )


# name -> Row; the calls act on 区人社局's things in 甲县
WRITES: dict[str, Row] = {
    "org.units.add_department": row(lambda x, s: org.add_department(x, s.a, "新部门"), "office"),
    "org.units.seed_unit": row(
        lambda x, s: org.seed_unit(x, "新镇", level="街道乡镇", parent_id=s.a), "office"
    ),
    "org.hierarchy.add_unit": row(lambda x, s: add_unit(x, "新村镇", "街道乡镇", s.a), "office"),
    "org.hierarchy.import_units": row(
        lambda x, s: _refused_rows(
            import_units(x, "单位名称,层级\n另一镇,街道乡镇\n".encode(), "单位.csv", parent=s.a)
        ),
        "office",
    ),
    "org.responsibility.set_responsibility": row(
        lambda x, s: responsibility.set_responsibility(
            x, s.a, "yanzhou-2020", "4.3.1", ["区财政局"]
        ),
        "office",
    ),
    "org.auth.create_user": row(
        lambda x, s: auth.create_user(
            x,
            username=f"new_{x.username}",
            display_name="新",
            role="viewer",
            password=PASSWORD,
            unit_id=s.a,
        ),
        "office",
    ),
    "org.auth.reset_password": row(lambda x, s: auth.reset_password(x, "spare_a"), "office"),
    "org.auth.set_active": row(lambda x, s: auth.set_active(x, "spare_a", True), "office"),
    "rounds.core.create_round": row(
        lambda x, s: rounds.create_round(x, name=f"新轮次{x.username}", unit_id=s.a, kind="自评"),
        "office",
    ),
    "rounds.core.set_current_round": row(
        lambda x, s: rounds.set_current_round(x, s.round_a), "office"
    ),
    "rounds.deadlines.set_deadline": row(
        lambda x, s: deadlines.set_deadline(x, s.round_a, TODAY, requirement_id="1.2.1"),
        "office",
    ),
    "rounds.inspectors.assign_inspectors": row(
        lambda x, s: inspectors.assign_inspectors(x, s.round_a, ["insp_b"]), "office"
    ),
    "rounds.sheets.save_requirement": row(
        lambda x, s: sheets.save_requirement(x, s.round_a, "1.2.1", {"1.2.1a": True}),
        "inspector",
    ),
    "rounds.sheets.save_requirement(agreed)": row(
        lambda x, s: sheets.save_requirement(
            x, s.round_lead, "1.2.1", {"1.2.1a": True}, agreed=True
        ),
        "lead",
    ),
    "rounds.sheets.save_draft": row(
        lambda x, s: sheets.save_draft(x, s.round_a, "1.2.1", {"1.2.1a": True}), "inspector"
    ),
    "rounds.sheets.discard_draft": row(
        lambda x, s: sheets.discard_draft(x, s.round_a, "1.2.1"), "inspector"
    ),
    "evidence.intake.add_evidence": row(lambda x, s: _upload(x, s), "office", "owner"),
    "evidence.intake.add_evidence(revision)": row(
        lambda x, s: intake.add_evidence(
            x,
            DOC,
            "通知.docx",
            requirements=[],
            department=x.department_name or "区人社局",  # another acts in its own name
            unit=s.a,
            evidence_id=s.evidence_a,
        ),
        "office",
        "owner",
    ),
    "evidence.details.edit_details": row(
        lambda x, s: details.edit_details(x, s.evidence_a, title="关于成立领导小组的通知"),
        "office",
        "owner",
    ),
    "evidence.query.review": row(
        lambda x, s: query.review(x, s.evidence_a, "returned", "请补充盖章件"),
        "office",
        "inspector",
        "lead",
    ),
    "evidence.transfer.offer": row(
        lambda x, s: transfer.offer(x, s.evidence_a, "3.4.1", to_department="区财政局"), "owner"
    ),
    "evidence.transfer.decline": row(
        lambda x, s: transfer.decline(x, s.transfer_id, "不是本单位的材料"), "other", hidden=True
    ),
    "evidence.transfer.accept": row(
        lambda x, s: transfer.accept(x, s.transfer_id), "other", hidden=True
    ),
    "evidence.search.reindex": row(lambda x, s: search.reindex(x), "office"),
    "ledgers.figures.enter_figure": row(
        lambda x, s: figures.enter_figure(
            x, s.a, "activity", 1200, 10000, source="更正", department="区人社局", **YEAR
        ),
        "office",
        "owner",
    ),
    "ledgers.figures.enter_figure(own name)": row(
        lambda x, s: figures.enter_figure(x, s.a, "activity", 1200, 10000, source="更正", **YEAR),
        "office",
        "owner",
    ),
    "ledgers.imports.import_ledger": row(
        lambda x, s: imports.import_ledger(
            x, TRAINING.encode(), "培训.csv", "training", unit_id=s.a, department="区人社局"
        ),
        "office",
        "owner",
    ),
    "ledgers.imports.withdraw_import": row(
        lambda x, s: imports.withdraw_import(x, s.import_a, "导错了"), "office", "owner"
    ),
    "ledgers.surveys.import_survey": row(
        lambda x, s: surveys.import_survey(x, b"x", "调查.csv", unit_id=s.a, department="区人社局"),
        "office",
        "owner",
    ),
    "ledgers.samples.draw_sample": row(
        lambda x, s: samples.draw_sample(x, "training", 1, 7, unit_id=s.a),
        "office",
        "inspector",
        "lead",
    ),
    "ledgers.targets.add_target": row(
        lambda x, s: targets.add_target(
            x,
            s.a,
            name="创业担保贷款",
            measure="万元",
            target_value=10,
            department="区人社局",
            **YEAR,
        ),
        "office",
    ),
    "ledgers.targets.add_seed_targets": row(
        lambda x, s: targets.add_seed_targets(x, s.a, dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "office",
    ),
    "ledgers.targets.report_progress": row(
        lambda x, s: targets.report_progress(x, s.target_a, "2020-03", 5), "office", "owner"
    ),
    "ledgers.indicators.propose_findings": row(
        lambda x, s: indicators.propose_findings(x, s.round_a, as_of=TODAY),
        "office",
        "inspector",
    ),
    "ledgers.indicators.confirm": row(
        lambda x, s: indicators.confirm(x, s.round_a, "6.1.1a"), "inspector"
    ),
    "documents.issuing.save_issuing": row(lambda x, s: issuing.save_issuing(x, s.a), "office"),
    "documents.issuing.take_number": row(
        lambda x, s: issuing.take_number(x, s.a, "通报", "bulletin", year=2020), "office"
    ),
    "documents.issuing.take_number(report)": row(
        lambda x, s: issuing.take_number(
            x, s.a, "考评", "assessment", year=2020, round_id=s.round_lead
        ),
        "office",
        "inspector",
        "lead",
    ),
    "documents.binder.start_binder": row(lambda x, s: binder.start_binder(x, s.round_a), "office"),
    "jobs.requests.start_ledger_import": row(
        lambda x, s: job_requests.start_ledger_import(
            x, TRAINING.encode(), "培训.csv", "training", unit_id=s.a, department="区人社局"
        ),
        "office",
        "owner",
    ),
    "jobs.requests.start_report_batch": row(
        lambda x, s: job_requests.start_report_batch(x, [s.round_a]), "office", "inspector"
    ),
    "precheck.run.run_precheck": row(
        lambda x, s: precheck.run_precheck(x, s.round_a), "office", "inspector"
    ),
    "precheck.views.set_check_enabled": row(
        lambda x, s: precheck.set_check_enabled(x, s.a, "1.2.1-明确分工", False, "误判较多"),
        "office",
    ),
    "reminders.targets.add_target": row(
        lambda x, s: reminder_targets.add_target(
            x, s.a, org.list_departments(SYSTEM_ACTOR, s.a)[0].id, "email", "b@example.com"
        ),
        "office",
    ),
    "reminders.targets.remove_target": row(
        lambda x, s: reminder_targets.remove_target(x, s.a, s.reminder_id), "office"
    ),
    # last: they end what the rows above use
    "rounds.core.archive_round": row(lambda x, s: rounds.archive_round(x, s.round_spare), "office"),
    "rounds.core.delete_round": row(lambda x, s: rounds.delete_round(x, s.round_spare), "office"),
    "evidence.details.withdraw_evidence": row(  # last: the owners withdraw 区人社局's file
        lambda x, s: details.withdraw_evidence(x, s.evidence_a, "上传错了文件"), "office", "owner"
    ),
}

# public write functions without a row, and why
EXEMPT = {
    "documents.core.audit_document": "writes only the audit event of a document its caller built after checking the round",
    "rubrics.versions.import_rubric": "office of the owning unit only: rows in tests/services/test_cross_unit.py",
    "rubrics.versions.save_text": "office of the owning unit only: rows in tests/services/test_cross_unit.py",
    "rubrics.versions.publish": "office of the owning unit only: rows in tests/services/test_cross_unit.py",
    "rubrics.versions.delete_draft": "office of the owning unit only: rows in tests/services/test_cross_unit.py",
    "org.auth.change_password": "acts on the actor's own account only (tests/services/test_auth.py)",
    "org.login.login": "anonymous: the login itself (tests/security/test_login.py)",
    "org.setup.initialise": "first-run set-up by the system",
    "setup.apply.apply_setup": "checks access.require_write_unit; needs a 成员名单 (tests/setup)",
    "documents.binder.build_binder": "the job start_binder queued after its checks",
    "evidence.upkeep.ocr_revision": "a background job on a revision already checked at upload",
    "backup.snapshot.create_backup": "the command line's and the nightly job's whole snapshot",
    "backup.snapshot.run_pg_tool": "runs pg_dump for create_backup, no actor",
    "jobs.execute.run": "the worker runs queued jobs, no actor",
    "jobs.files.discard": "removes a job's own input file once the job is done, no actor",
    "jobs.requests.start_pdf": "converts bytes its caller built after that document's checks; only the caller reads the job and its PDF (tests/jobs/test_work_kinds.py)",
    "jobs.local.requeue_stale": "the worker's upkeep, no actor",
    "jobs.local.run_due": "the in-process runner of queued jobs, no actor",
    "jobs.local.start": "starts the in-process runner, no actor",
    "jobs.pg.run_worker": "the worker process, no actor",
    "evidence.upkeep.run_pending_ocr": "the OCR job over revisions checked at upload, no actor",
    "evidence.upkeep.start_background_ocr": "starts the OCR job, no actor",
    "reminders.send.deliver": "the sender of one queued message, no actor",
    "reminders.outbox.deliver_due": "the scheduled sender, no actor",
    "reminders.outbox.queue_reminders": "the scheduled job, no actor",
}

# a function writes when its body adds, deletes, updates or audits, or its name says it does
_WRITES_SOURCE = re.compile(
    r"audit\.record\(|session\.add\(|session\.delete\(|\.add_all\(|\bupdate\(|\bdelete\("
)
_WRITES_NAME = re.compile(
    r"^(add|set|save|enter|withdraw|confirm|review|offer|accept|decline|delete|archive|create|"
    r"reset|report|draw|assign|run|take|start|edit|update|remove|discard|propose|change|apply|"
    r"initialise|queue|deliver|requeue)(_|$)"
)


def _writes(name, fn, params) -> bool:
    return bool(_WRITES_SOURCE.search(inspect.getsource(fn)) or _WRITES_NAME.match(name))


def _write_functions() -> set[str]:
    return service_functions(_writes, skip=("services.audit",))


def test_every_write_service_has_an_ownership_row():
    rows = {name.split("(")[0] for name in WRITES}
    missing = _write_functions() - rows - set(EXEMPT)
    assert not missing, f"add a row to WRITES (or a reason to EXEMPT) for: {sorted(missing)}"
    gone = set(EXEMPT) - _write_functions()
    assert not gone, f"EXEMPT names functions that are gone or write nothing: {sorted(gone)}"


def _attempt(r: Row, actor: Actor, shop: Shop) -> str:
    """'refused', 'passed' (the checks let it through; it may still fail for another reason)."""
    try:
        r.call(actor, shop)
    except r.refusals:
        return "refused"
    except Exception:  # noqa: BLE001 - bad data, state: not a permission question
        return "passed"
    return "passed"


def test_every_write_refuses_every_role_but_the_owners(pioneer_home):
    shop = make_shop()
    wrong = []
    # everyone who must be refused first (a refused call changes nothing), then the owners
    for name, r in WRITES.items():
        for role in ROLES:
            if role not in r.allowed and _attempt(r, shop.actors[role], shop) != "refused":
                wrong.append(f"{name}: {role} got through")
    for name, r in WRITES.items():
        for role in ROLES:
            if role in r.allowed:
                try:
                    r.call(shop.actors[role], shop)
                except PermissionDenied as exc:
                    wrong.append(f"{name}: {role} refused ({exc})")
                except Exception:  # noqa: BLE001,S112 - not a permission question
                    continue
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("who", ["other", "office"])
def test_another_department_cannot_replace_an_entered_figure(pioneer_home, who):
    """区财政局 replaced 区人社局's 创业活跃度 (16.20% -> 12.00%); the office still may correct it."""
    shop = make_shop()
    before = figures.compute_figures(SYSTEM_ACTOR, shop.a, as_of=TODAY)
    value = next(f.figure.value for f in before if f.key == "activity")
    call = lambda: figures.enter_figure(  # noqa: E731
        shop.actors[who], shop.a, "activity", 1200, 10000, source="改", **YEAR
    )
    if who == "other":
        with pytest.raises(PermissionDenied, match="区人社局"):
            call()
        after = figures.compute_figures(SYSTEM_ACTOR, shop.a, as_of=TODAY)
        assert next(f.figure.value for f in after if f.key == "activity") == value
    else:
        call()
        after = figures.compute_figures(SYSTEM_ACTOR, shop.a, as_of=TODAY)
        assert next(f.figure.value for f in after if f.key == "activity") != value
