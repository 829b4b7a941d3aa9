"""Each kind of document, issued through the services, prints the number it took: 发文字号
「X创办发〔2026〕N号」 from the unit's one yearly series shared by every kind (报告, 通知书, 通报),
never printed twice, also when two documents are issued at the same moment (this runs in the
PostgreSQL pass of CI as well); the 简报 its own 期号 series."""

from __future__ import annotations

import datetime as dt
import re
import threading

from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.rollup import documents as rollup_docs
from tests.services.city import make_city
from tests.services.test_documents import _text

TODAY = dt.date(2026, 12, 1)
NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fff]{2,})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号", re.M)


def printed_number(data: bytes) -> str:
    """The 发文字号 under the 版头 (a report's line also names the 签发人)."""
    found = NUMBER.search(_text(data))
    assert found, "no 发文字号 printed"
    return found.group(0)


def test_every_kind_takes_the_next_number_of_its_unit(pioneer_home):
    c = make_city()
    report = documents.issued_assessment(c.office_a, c.round_a, TODAY)[0]
    notice = documents.issued_notices(c.office_a, c.round_a, TODAY, department="区人社局")
    again = documents.issued_assessment(c.office_a, c.round_a, TODAY)[0]
    numbers = [printed_number(report), printed_number(notice["区人社局"][0]), printed_number(again)]
    assert numbers == ["甲创办发〔2026〕1号", "甲创办发〔2026〕2号", "甲创办发〔2026〕3号"]
    # the city's 通报 takes the city's own series
    rollups = [rollup_docs.rollup_notice(c.city_office, c.city, TODAY) for _ in range(2)]
    assert [printed_number(d) for d in rollups] == ["济创办发〔2026〕1号", "济创办发〔2026〕2号"]
    assert "济宁市创建省级创业型城市工作领导小组办公室文件" in _text(rollups[0])
    # a 简报 numbers its issues apart from the 发文字号
    first, n1 = bulletin_docs.issued_bulletin(c.office_a, c.round_a, today=TODAY)
    second, n2 = bulletin_docs.issued_bulletin(c.office_a, c.round_a, today=TODAY)
    assert (n1, n2) == (1, 2)
    assert "第1期" in _text(first) and "第2期" in _text(second)


def test_documents_issued_at_the_same_moment_print_different_numbers(pioneer_home):
    c = make_city()
    start = threading.Barrier(4)
    made: list[bytes] = []
    errors: list[Exception] = []

    def issue(build) -> None:
        try:
            start.wait()
            made.append(build())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    builds = [
        lambda: documents.issued_assessment(c.office_a, c.round_a, TODAY)[0],
        lambda: documents.issued_assessment(c.office_a, c.round_a, TODAY)[0],
        lambda: documents.issued_notices(c.office_a, c.round_a, TODAY, department="区人社局")[
            "区人社局"
        ][0],
        lambda: documents.issued_notices(c.office_a, c.round_a, TODAY, department="区财政局")[
            "区财政局"
        ][0],
    ]
    threads = [threading.Thread(target=issue, args=(b,)) for b in builds]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    numbers = sorted(printed_number(d) for d in made)
    assert numbers == sorted(f"甲创办发〔2026〕{n}号" for n in range(1, 5))
