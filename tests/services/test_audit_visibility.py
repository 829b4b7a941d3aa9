"""Issue 10 leftover: whose events a county office sees in its 审计日志.

An inspector may come from another unit (交叉考评: 乙县's inspector scores 甲县's round). Its
writes on 甲县's data are 甲县's events: 甲县's office sees them (and the city office above it);
乙县's office does not, nor does 甲县's office see what happens in 乙县."""

from __future__ import annotations

from services.audit.chain import verify_chain
from services.audit.log import list_events
from services.evidence import query
from services.rounds import sheets
from store.db import session_scope
from tests.services.city import make_city


def _seen(actor) -> set[tuple[str, str]]:
    return {(e.username, e.action) for e in list_events(actor)}


def test_a_county_office_sees_the_cross_inspectors_events_on_its_data_only(pioneer_home):
    c = make_city()
    query.review(
        c.inspector_b, c.evidence_a, "returned", "缺盖章页"
    )  # 乙县's inspector, 甲县's file
    sheets.save_requirement(c.inspector_b, c.round_a, "1.2.1", {"1.2.1a": True})
    mine = _seen(c.office_a)
    assert ("insp_b", "evidence.review") in mine and ("insp_b", "finding.save") in mine
    assert ("insp_b", "evidence.review") in _seen(c.city_office)  # the office above 甲县 too
    theirs = _seen(c.office_b)
    # 甲县's events, not 乙县's (乙县 sees only its inspector logging in)
    assert {a for user, a in theirs if user == "insp_b"} <= {"user.login"}
    assert ("office_b", "round.create") in theirs and ("office_b", "round.create") not in mine
    with session_scope() as session:
        assert verify_chain(session).ok  # the events joined 甲县's chain in order
