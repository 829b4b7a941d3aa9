"""The 工作简报 as the office issues it from the database: the period it prints defaults to the
day of the last issue (the round's start for the first), and its 工作动态 tell the reviews, the
round's start and stage deadline, the documents issued and the overdue items of the period."""

from __future__ import annotations

import datetime as dt
import io

import docx

from reports.gongwen import cn_date
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.evidence import query as evidence_query
from services.rounds import core as rounds
from services.rounds import deadlines
from services.rounds.state import load_state
from tests.services.city import make_city
from tests.services.test_bulletin_events import section

TODAY = dt.datetime.now(dt.UTC).date()


def _round(c, name: str = "第二次模拟考评") -> int:
    return rounds.create_round(
        c.office_a,
        name=name,
        unit_id=c.a,
        kind="模拟考评",
        starts_on=TODAY - dt.timedelta(days=10),
        stages={"selfcheck_until": TODAY - dt.timedelta(days=2)},
    ).id


def _period(data: bytes) -> str:
    paras = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    return next(p for p in paras if p.startswith("（") and p.endswith("）") and "至" in p)


def test_the_period_defaults_to_the_last_issue(pioneer_home):
    c = make_city()
    rid = _round(c)
    start = TODAY - dt.timedelta(days=10)
    assert bulletin_docs.bulletin_defaults(c.office_a, rid) == (start, 1)
    first, no = bulletin_docs.issued_bulletin(c.office_a, rid)  # no start given
    assert no == 1
    assert _period(first) == f"（{cn_date(start)}至{cn_date(TODAY)}）"  # the round's start
    later = TODAY + dt.timedelta(days=7)
    assert bulletin_docs.bulletin_defaults(c.office_a, rid, later) == (TODAY, 2)
    second, no = bulletin_docs.issued_bulletin(c.office_a, rid, today=later)
    assert no == 2
    assert _period(second) == f"（{cn_date(TODAY)}至{cn_date(later)}）"  # since issue 1


def test_work_news_come_from_the_database(pioneer_home):
    c = make_city()
    rid = _round(c)
    evidence_query.review(c.office_a, c.evidence_a, "approved")
    deadlines.set_deadline(c.office_a, rid, TODAY - dt.timedelta(days=3), department="区人社局")
    _, report_no = documents.issued_assessment(c.office_a, rid)
    sent = documents.issued_notices(c.office_a, rid)
    assert report_no and sent
    data, _ = bulletin_docs.issued_bulletin(c.office_a, rid, since=TODAY - dt.timedelta(days=20))
    news = "\n".join(section(data, "工作动态"))
    assert "考核组审核佐证材料1份，其中已通过1份。" in news  # the review
    assert "第二次模拟考评启动。" in news  # the round's start
    assert "第二次模拟考评“自查整改”阶段截止。" in news  # a stage deadline
    assert "形成《" in news  # the 考评报告 issued
    assert f"印发整改通知书{len(sent)}份。" in news and "区人社局" in news  # the notices
    pairs = load_state(c.office_a, rid).overdue_pairs()
    items, units = {i.requirement for i, _ in pairs}, {o.department for _, o in pairs}
    assert pairs and f"{len(items)}项整改事项逾期未完成，涉及{len(units)}个单位。" in news
