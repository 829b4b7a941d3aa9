"""Every service that takes a unit, round, department or evidence refuses another unit's actor.

A city (济宁市) with two counties (甲县, 乙县). Each row of CASES calls one service against 甲县's
data; the office of 乙县 must be refused each one. Reads must work for the city's office; the city
office must be refused writes into a county. The meta-test lists the services' public functions
that take such an id: a new one needs a row here (or a reason in EXEMPT).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import services
from rubric.importer.outline import PartEdit
from rubric.importer.review import ClauseEdit
from services import access, precheck
from services.actor import SYSTEM_ACTOR
from services.documents import binder, issuing
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.errors import PermissionDenied
from services.evidence import details, intake, query, search, transfer
from services.jobs import requests as job_requests
from services.ledgers import figures, imports, indicators, rows, samples, surveys, targets
from services.org import auth, responsibility
from services.org import units as org
from services.org.hierarchy import add_unit, import_units
from services.reminders import targets as reminder_targets
from services.rollup import documents as rollup_docs
from services.rollup.figures import build_rollup
from services.rounds import core as rounds
from services.rounds import deadlines, inspectors, listing, overview, sheets, state, tasks, views
from services.rubrics import diff as rubric_diff
from services.rubrics import review as rubric_review
from services.rubrics import versions as rubric_versions
from tests.services.city import DOC, TRAINING, City, make_city
from tests.services.helpers import PASSWORD

R, W = "read", "write"


def _refused_rows(result: dict) -> None:
    """A bulk import reports refused rows instead of raising: raise the first one."""
    for line in result["errors"]:
        if "无权" in line:
            raise PermissionDenied(line)


TODAY = dt.date(2020, 6, 1)
SHEQU = (
    (Path(__file__).resolve().parents[2] / "rubric/standards/chongfen-jiuye-shequ.yaml")
    .read_bytes()
    .replace(b"id: chongfen-jiuye-shequ", b"id: shequ-a", 1)
)


def _draft_of_a(c: City) -> int:
    """A rubric draft of 甲县 (imported by the system for each row that needs one)."""
    return rubric_versions.import_rubric(SYSTEM_ACTOR, c.a, SHEQU, "社区细则.yaml").id


# name -> (read|write, call(actor, city)); the actor acts on 甲县's data
CASES = {
    "org.units.list_departments": (R, lambda x, c: org.list_departments(x, c.a)),
    "org.units.add_department": (W, lambda x, c: org.add_department(x, c.a, "新部门")),
    "org.units.seed_unit": (
        W,
        lambda x, c: org.seed_unit(x, "新镇", level="街道乡镇", parent_id=c.a),
    ),
    "org.hierarchy.add_unit": (W, lambda x, c: add_unit(x, "新镇", "街道乡镇", c.a)),
    "org.hierarchy.import_units": (
        W,
        lambda x, c: _refused_rows(
            import_units(x, "单位名称,层级\n新镇,街道乡镇\n".encode(), "单位.csv", parent=c.a)
        ),
    ),
    "rollup.figures.build_rollup": (R, lambda x, c: build_rollup(x, c.a, TODAY)),
    "rollup.documents.rollup_notice": (R, lambda x, c: rollup_docs.rollup_notice(x, c.a, TODAY)),
    "rollup.documents.rollup_export": (R, lambda x, c: rollup_docs.rollup_export(x, c.a, TODAY)),
    "org.responsibility.get_responsibilities": (
        R,
        lambda x, c: responsibility.get_responsibilities(x, c.a, "yanzhou-2020"),
    ),
    "org.responsibility.assigned_counts_of": (
        R,
        lambda x, c: responsibility.assigned_counts_of(x, c.a, "yanzhou-2020"),
    ),
    "org.responsibility.version_info": (
        R,
        lambda x, c: responsibility.version_info(x, c.a, "yanzhou-2020"),
    ),
    "org.responsibility.set_responsibility": (
        W,
        lambda x, c: responsibility.set_responsibility(
            x, c.a, "yanzhou-2020", "4.3.1", ["区财政局"]
        ),
    ),
    "org.auth.create_user": (
        W,
        lambda x, c: auth.create_user(
            x, username="new_a", display_name="新", role="viewer", password=PASSWORD, unit_id=c.a
        ),
    ),
    "org.auth.reset_password": (W, lambda x, c: auth.reset_password(x, "rsj_a")),
    "org.auth.set_active": (W, lambda x, c: auth.set_active(x, "rsj_a", False)),
    "rounds.core.create_round": (
        W,
        lambda x, c: rounds.create_round(x, name="第二轮", unit_id=c.a, kind="自评"),
    ),
    "rounds.core.get_round": (R, lambda x, c: rounds.get_round(x, c.round_a)),
    "rounds.core.list_rounds": (R, lambda x, c: rounds.list_rounds(x, c.a)),
    "rounds.core.current_round_id": (R, lambda x, c: rounds.current_round_id(x, c.a)),
    "rounds.core.round_notes": (R, lambda x, c: rounds.round_notes(x, c.round_a)),
    "rounds.core.set_current_round": (W, lambda x, c: rounds.set_current_round(x, c.round_a)),
    "rounds.core.archive_round": (W, lambda x, c: rounds.archive_round(x, c.round_a)),
    "rounds.core.delete_round": (W, lambda x, c: rounds.delete_round(x, c.round_a)),
    "rounds.sheets.round_findings": (R, lambda x, c: sheets.round_findings(x, c.round_a)),
    "rounds.sheets.round_scorecard": (R, lambda x, c: sheets.round_scorecard(x, c.round_a)),
    "rounds.sheets.save_requirement": (
        W,
        lambda x, c: sheets.save_requirement(x, c.round_a, "1.2.1", {"1.2.1a": True}),
    ),
    "rounds.sheets.save_draft": (
        W,
        lambda x, c: sheets.save_draft(x, c.round_a, "1.2.1", {"1.2.1a": True}),
    ),
    "rounds.sheets.drafts": (R, lambda x, c: sheets.drafts(x, c.round_a)),
    "rounds.sheets.discard_draft": (W, lambda x, c: sheets.discard_draft(x, c.round_a, "1.2.1")),
    "rounds.views.inspector_sheet": (R, lambda x, c: views.inspector_sheet(x, c.round_a)),
    "rounds.views.disagreements": (R, lambda x, c: views.disagreements(x, c.round_a)),
    "rounds.views.compare_rounds": (
        R,
        lambda x, c: views.compare_rounds(x, c.round_a, c.round_a),
    ),
    "rounds.listing.round_rows": (R, lambda x, c: listing.round_rows(x, c.a)),
    "rounds.state.load_state": (R, lambda x, c: state.load_state(x, c.round_a, TODAY)),
    "rounds.overview.build_overview": (
        R,
        lambda x, c: overview.build_overview(x, c.round_a, TODAY),
    ),
    "rounds.tasks.my_tasks": (R, lambda x, c: tasks.my_tasks(x, c.a, TODAY)),
    "rounds.deadlines.set_deadline": (
        W,
        lambda x, c: deadlines.set_deadline(x, c.round_a, TODAY, requirement_id="1.2.1"),
    ),
    "rounds.deadlines.list_deadlines": (R, lambda x, c: deadlines.list_deadlines(x, c.round_a)),
    "rounds.inspectors.assign_inspectors": (
        W,
        lambda x, c: inspectors.assign_inspectors(x, c.round_a, []),
    ),
    "rounds.inspectors.round_inspectors": (
        R,
        lambda x, c: inspectors.round_inspectors(x, c.round_a),
    ),
    "evidence.intake.add_evidence": (
        W,
        lambda x, c: intake.add_evidence(
            x, DOC, "通知.docx", requirements=["1.2.1"], department="区人社局", unit=c.a
        ),
    ),
    "evidence.query.list_evidence": (R, lambda x, c: query.list_evidence(x, c.a)),
    "evidence.query.get_evidence": (R, lambda x, c: query.get_evidence(x, c.evidence_a)),
    "evidence.query.evidence_text": (R, lambda x, c: query.evidence_text(x, c.evidence_a)),
    "evidence.query.evidence_bytes": (R, lambda x, c: query.evidence_bytes(x, c.evidence_a)),
    "evidence.search.search": (R, lambda x, c: search.search(x, "领导小组", unit_id=c.a)),
    "evidence.search.search_evidence": (
        R,
        lambda x, c: search.search_evidence(x, "领导小组", unit_id=c.a),
    ),
    "evidence.details.edit_details": (
        W,
        lambda x, c: details.edit_details(x, c.evidence_a, title="新标题"),
    ),
    "evidence.query.review": (W, lambda x, c: query.review(x, c.evidence_a, "approved")),
    "evidence.details.withdraw_evidence": (
        W,
        lambda x, c: details.withdraw_evidence(x, c.evidence_a, "上传错了文件"),
    ),
    "evidence.transfer.offer": (W, lambda x, c: transfer.offer(x, c.evidence_a, "1.2.3")),
    "ledgers.indicators.propose_findings": (
        W,
        lambda x, c: indicators.propose_findings(x, c.round_a, as_of=TODAY),
    ),
    "ledgers.indicators.list_proposals": (
        R,
        lambda x, c: indicators.list_proposals(x, c.round_a),
    ),
    "ledgers.indicators.confirm": (W, lambda x, c: indicators.confirm(x, c.round_a, "2.2.1a")),
    "ledgers.indicators.indicator_lines": (
        R,
        lambda x, c: indicators.indicator_lines(x, c.round_a, as_of=TODAY),
    ),
    "ledgers.indicators.figure_lines": (
        R,
        lambda x, c: indicators.figure_lines(x, c.round_a, as_of=TODAY),
    ),
    "ledgers.figures.compute_figures": (
        R,
        lambda x, c: figures.compute_figures(x, c.a, as_of=TODAY),
    ),
    "ledgers.figures.service_summary": (R, lambda x, c: figures.service_summary(x, c.a)),
    "ledgers.figures.list_entered": (R, lambda x, c: figures.list_entered(x, c.a)),
    "ledgers.figures.enter_figure": (
        W,
        lambda x, c: figures.enter_figure(
            x,
            c.a,
            "activity",
            1,
            2,
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2020, 6, 30),
            source="统计年报",
        ),
    ),
    "ledgers.imports.import_ledger": (
        W,
        lambda x, c: imports.import_ledger(
            x, TRAINING.encode(), "培训.csv", "training", unit_id=c.a
        ),
    ),
    "ledgers.imports.withdraw_import": (
        W,
        lambda x, c: imports.withdraw_import(x, c.import_a, "导错了"),
    ),
    "ledgers.rows.list_imports": (R, lambda x, c: rows.list_imports(x, c.a)),
    "ledgers.rows.import_rows": (R, lambda x, c: rows.import_rows(x, c.import_a)),
    "ledgers.rows.import_rejections": (R, lambda x, c: rows.import_rejections(x, c.import_a)),
    "ledgers.samples.draw_sample": (
        W,
        lambda x, c: samples.draw_sample(x, "training", 1, 7, unit_id=c.a),
    ),
    "ledgers.samples.redraw": (R, lambda x, c: samples.redraw(x, c.sample_a)),
    "ledgers.samples.list_samples": (R, lambda x, c: samples.list_samples(x, c.a)),
    "ledgers.samples.sample_xlsx": (R, lambda x, c: samples.sample_xlsx(x, c.sample_a)),
    "ledgers.surveys.import_survey": (
        W,
        lambda x, c: surveys.import_survey(x, b"x", "调查.csv", unit_id=c.a),
    ),
    "ledgers.surveys.list_surveys": (R, lambda x, c: surveys.list_surveys(x, c.a)),
    "ledgers.targets.add_target": (
        W,
        lambda x, c: targets.add_target(
            x,
            c.a,
            name="创业担保贷款",
            measure="万元",
            target_value=10,
            period_start=dt.date(2020, 1, 1),
            period_end=dt.date(2020, 12, 31),
            department="区人社局",
        ),
    ),
    "ledgers.targets.add_seed_targets": (
        W,
        lambda x, c: targets.add_seed_targets(x, c.a, dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
    ),
    "ledgers.targets.report_progress": (
        W,
        lambda x, c: targets.report_progress(x, c.target_a, "2020-03", 5),
    ),
    "ledgers.targets.target_progress": (
        R,
        lambda x, c: targets.target_progress(x, c.a, TODAY),
    ),
    "documents.core.assessment_input": (
        R,
        lambda x, c: documents.assessment_input(x, c.round_a, TODAY),
    ),
    "documents.core.assessment_report": (
        R,
        lambda x, c: documents.assessment_report(x, c.round_a, TODAY),
    ),
    "documents.core.notices": (R, lambda x, c: documents.notices(x, c.round_a, TODAY)),
    "documents.core.issued_notices": (
        W,
        lambda x, c: documents.issued_notices(x, c.round_a, TODAY),
    ),
    "documents.bulletin.bulletin": (
        W,
        lambda x, c: bulletin_docs.bulletin(x, c.round_a, since=dt.date(2020, 1, 1), today=TODAY),
    ),
    "documents.bulletin.issued_bulletin": (
        W,
        lambda x, c: bulletin_docs.issued_bulletin(x, c.round_a, today=TODAY),
    ),
    "documents.bulletin.bulletin_defaults": (
        R,
        lambda x, c: bulletin_docs.bulletin_defaults(x, c.round_a, TODAY),
    ),
    "documents.core.export": (R, lambda x, c: documents.export(x, "gaps", c.round_a, TODAY)),
    "documents.core.issued_assessment": (
        R,
        lambda x, c: documents.issued_assessment(x, c.round_a, TODAY),
    ),
    "documents.issuing.save_issuing": (W, lambda x, c: issuing.save_issuing(x, c.a)),
    "documents.issuing.issuing": (R, lambda x, c: issuing.issuing(x, c.a)),
    "documents.issuing.issued_numbers": (R, lambda x, c: issuing.issued_numbers(x, c.a)),
    "documents.issuing.preview_number": (
        R,
        lambda x, c: issuing.preview_number(x, c.a, 2020),
    ),
    "documents.issuing.next_number": (
        R,
        lambda x, c: issuing.next_number(x, c.a, "doc", 2020),
    ),
    "documents.issuing.last_issue_date": (
        R,
        lambda x, c: issuing.last_issue_date(x, c.a, "bulletin", "bulletin"),
    ),
    "documents.issuing.take_number": (
        W,
        lambda x, c: issuing.take_number(x, c.a, "通报", "bulletin", year=2020),
    ),
    "documents.binder.binder_input": (R, lambda x, c: binder.binder_input(x, c.round_a, TODAY)),
    "documents.binder.start_binder": (W, lambda x, c: binder.start_binder(x, c.round_a)),
    "documents.binder.binder_status": (R, lambda x, c: binder.binder_status(x, c.round_a)),
    "jobs.requests.batch_rounds": (R, lambda x, c: job_requests.batch_rounds(x, c.a)),
    "jobs.requests.start_report_batch": (
        R,
        lambda x, c: job_requests.start_report_batch(x, [c.round_a]),
    ),
    "jobs.requests.start_ledger_import": (
        W,
        lambda x, c: job_requests.start_ledger_import(
            x, TRAINING.encode(), "培训.csv", "training", unit_id=c.a
        ),
    ),
    "precheck.run.run_precheck": (W, lambda x, c: precheck.run_precheck(x, c.round_a)),
    "precheck.views.proposals": (R, lambda x, c: precheck.proposals(x, c.round_a)),
    "precheck.views.self_check": (R, lambda x, c: precheck.self_check(x, c.round_a)),
    "precheck.views.agreement": (R, lambda x, c: precheck.agreement(x, c.a)),
    "precheck.views.summary": (R, lambda x, c: precheck.summary(x, c.round_a)),
    "reminders.targets.list_targets": (R, lambda x, c: reminder_targets.list_targets(x, c.a)),
    "reminders.targets.sent_messages": (R, lambda x, c: reminder_targets.sent_messages(x, c.a)),
    "reminders.targets.add_target": (
        W,
        lambda x, c: reminder_targets.add_target(
            x, c.a, org.list_departments(SYSTEM_ACTOR, c.a)[0].id, "email", "a@example.com"
        ),
    ),
    "precheck.views.set_check_enabled": (
        W,
        lambda x, c: precheck.set_check_enabled(x, c.a, "1.2.1-明确分工", False, "误判较多"),
    ),
}

CASES |= {
    "org.responsibility.unassigned_requirements": (
        R,
        lambda x, c: responsibility.unassigned_requirements(x, c.a, "yanzhou-2020"),
    ),
    "rubrics.versions.list_versions": (R, lambda x, c: rubric_versions.list_versions(x, c.a)),
    "rubrics.versions.rubric_choices": (R, lambda x, c: rubric_versions.rubric_choices(x, c.a)),
    "rubrics.versions.import_rubric": (
        W,
        lambda x, c: rubric_versions.import_rubric(x, c.a, SHEQU, "社区细则.yaml"),
    ),
    "rubrics.diff.comparable": (R, lambda x, c: rubric_diff.comparable(x, c.a)),
    "rubrics.diff.compare_rubrics": (
        R,
        lambda x, c: rubric_diff.compare_rubrics(x, c.a, "yanzhou-2020", f"draft:{_draft_of_a(c)}"),
    ),
    "rubrics.versions.get_version": (
        R,
        lambda x, c: rubric_versions.get_version(x, _draft_of_a(c)),
    ),
    "rubrics.review.clauses_to_review": (
        R,
        lambda x, c: rubric_review.clauses_to_review(x, _draft_of_a(c)),
    ),
    "rubrics.versions.save_text": (
        W,
        lambda x, c: rubric_versions.save_text(x, _draft_of_a(c), SHEQU.decode(), "改"),
    ),
    "rubrics.review.draft_outline": (
        R,
        lambda x, c: rubric_review.draft_outline(x, _draft_of_a(c)),
    ),
    "rubrics.review.correct_part": (
        W,
        lambda x, c: rubric_review.correct_part(
            x, _draft_of_a(c), "rubric", "", PartEdit("社区细则", "100")
        ),
    ),
    "rubrics.review.correct_clause": (
        W,
        lambda x, c: rubric_review.correct_clause(
            x, _draft_of_a(c), "7a", ClauseEdit("deduct", points="1")
        ),
    ),
    "rubrics.versions.publish": (W, lambda x, c: rubric_versions.publish(x, _draft_of_a(c))),
    "rubrics.versions.delete_draft": (
        W,
        lambda x, c: rubric_versions.delete_draft(x, _draft_of_a(c)),
    ),
}

# public functions that take an id but need no row, and why
EXEMPT = {
    "documents.binder.build_binder": "works on a BinderInput that binder_input checked",
    "documents.binder.binder_folder": "a path, no data",
    "documents.binder.binder_file": "reads a file of a summary the caller was given",
    "documents.core.audit_document": "records an audit event of a document its caller made",
    "org.units.get_unit": "session helper, no actor",
    "org.setup.initialise": "first-run set-up by the system",
    "documents.issuing.defaults": "pure: the unit is a name",
    "setup.apply.apply_setup": "checks access.require_write_unit; a plan needs a 成员名单 (tests/setup)",
    "setup.matching.find_in": "pure: matches names, the unit is a name",
    "setup.matching.match_departments": "pure: matches names, the unit is a name",
    "setup.matching.place_names": "pure: the unit is a name",
    "org.units.check_level": "checks a level name against a parent row, reads nothing",
    "rollup.snapshots.unit_figures": "pure: figures of a RoundState the caller was given",
    "org.units.resolve_unit": "command-line lookup by name; the command acts as CLI_ACTOR",
    "evidence.transfer.accept": "the receiving department's own transfer (checked by id)",
    "evidence.transfer.decline": "the receiving department's own transfer (checked by id)",
    "evidence.progress.requirement_status": "session helper",
    "ledgers.rows.acting_department": "the write check itself",
    "ledgers.rows.unit_select": "the read check itself",
    "ledgers.rows.load_rows": "session helper",
    "ledgers.surveys.latest_survey": "session helper",
    "rollup.build.load_unit_states": "session helper (bulk loader)",
    "org.responsibility.owner_order": "pure: the sort key of a role and a department id",
    "reminders.outbox.message_values": "pure: the values of one message the caller built",
    "reminders.targets.remove_target": "looks the target up, then checks write access to its unit (tests/reminders)",
    "precheck.follow.queue_recheck": "session helper: queues the follow-up of an evidence write checked there",
    "precheck.follow.recheck": "the queued follow-up of an evidence write checked there (job handler)",
}

ID_PARAMS = {
    "unit_id",
    "round_id",
    "department_id",
    "evidence_id",
    "sample_id",
    "target_id",
    "import_id",
    "round_a",
    "unit",
    "root_unit_id",
    "parent_id",
    "parent",
    "version_id",
}


def service_functions(keep, skip: tuple[str, ...] = ()) -> set[str]:
    """'module.name' of services' public functions (not session helpers, not the demo's or
    access's) for which ``keep(name, fn, params)`` holds."""
    out = set()
    for mod in pkgutil.walk_packages(services.__path__, "services."):
        if mod.name.startswith(("services.demo", "services.access", *skip)):
            continue
        m = importlib.import_module(mod.name)
        for name, fn in inspect.getmembers(m, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != m.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "session":
                continue  # a helper inside a service's transaction
            if keep(name, fn, params):
                out.add(f"{m.__name__.removeprefix('services.')}.{name}")
    return out


def _service_functions() -> set[str]:
    return service_functions(lambda name, fn, params: bool(ID_PARAMS & set(params)))


def test_every_service_taking_an_id_has_a_cross_unit_row():
    missing = _service_functions() - set(CASES) - set(EXEMPT)
    assert not missing, f"add a row to CASES (or a reason to EXEMPT) for: {sorted(missing)}"


@pytest.fixture
def city(pioneer_home) -> City:
    return make_city()


def test_another_countys_office_is_refused_every_read_and_write(city):
    allowed = []
    for name, (_, call) in CASES.items():
        try:
            call(city.office_b, city)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []


def test_another_countys_department_is_refused_every_read_and_write(city):
    allowed = []
    for name, (_, call) in CASES.items():
        try:
            call(city.dept_b, city)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []


def test_a_city_office_reads_its_counties_but_writes_none_of_them(city):
    refused, allowed = [], []
    for name, (kind, call) in CASES.items():
        try:
            call(city.city_office, city)
        except PermissionDenied as exc:
            if kind == R and access.READ_DENIED in str(exc):
                refused.append(name)
            continue
        except Exception:  # noqa: BLE001 - a read may fail for another reason (no data)
            continue
        if kind == W:
            allowed.append(name)
    assert refused == [] and allowed == []


def test_a_unit_subtree_and_what_each_role_reads(city):
    assert access.readable_units(city.city_office) == {city.city, city.a, city.b}
    assert access.readable_units(city.viewer_city) == {city.city, city.a, city.b}
    assert access.readable_units(city.office_a) == {city.a}
    assert access.readable_units(city.dept_b) == {city.b}
    assert {u.name for u in org.list_units(city.office_b)} == {"乙县"}


def test_inspectors_see_only_the_rounds_of_their_work(city):
    # 甲县's round has an assigned inspector from 乙县 (交叉考评): only they score it
    assert rounds.get_round(city.inspector_b, city.round_a).id == city.round_a
    sheets.save_draft(city.inspector_b, city.round_a, "1.2.1", {"1.2.1a": True})
    for outsider in (city.inspector_a, city.inspector_city):
        with pytest.raises(PermissionDenied):
            rounds.get_round(outsider, city.round_a)
        with pytest.raises(PermissionDenied):
            sheets.save_draft(outsider, city.round_a, "1.2.1", {"1.2.1a": True})
    # 乙县's own round has nobody assigned: open to inspectors whose unit covers it
    assert rounds.get_round(city.inspector_city, city.round_b).id == city.round_b
    with pytest.raises(PermissionDenied):
        rounds.get_round(city.inspector_a, city.round_b)
    assert rounds.list_rounds(city.inspector_b, city.a) == [
        rounds.get_round(SYSTEM_ACTOR, city.round_a)
    ]
    assert city.a in access.readable_units(city.inspector_b)
    assert city.a not in access.readable_units(city.inspector_city)
    assert inspectors.round_inspectors(city.office_a, city.round_a)[0]["cross"] is True


def test_own_office_reads_and_writes_its_unit(city):
    failed = []
    for name, (_, call) in CASES.items():
        if name.startswith(("rounds.sheets.save", "rounds.sheets.d", "ledgers.indicators.confirm")):
            continue  # inspectors only
        try:
            call(city.office_a, city)
        except PermissionDenied as exc:
            if "无权" in str(exc) and ("被考评单位" in str(exc) or "轮次" in str(exc)):
                failed.append(name)
        except Exception:  # noqa: BLE001,S112 - other refusals (no data, role) are not the point
            continue
    assert failed == []
