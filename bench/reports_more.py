"""The 工作简报, the 全市通报 and PDF conversion for bench/reports.py: inputs and timings.

The 简报 carries every department's progress, 12 工作动态 and an overdue item per department;
the 通报 ranks 12 counties. PDF conversion runs LibreOffice as the app does
(``services.documents.pdf``): the first render, then, for a document whose 版记 fell on an odd
page, the second render that moves it (``reports.record_page.record_fix``).
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from reports import BulletinInput, build_bulletin
from reports.inputs import BulletinEvent, DepartmentProgress, Issue
from reports.rollup import RollupDoc, build_rollup_notice

CITY = "济宁市创建省级创业型城市工作领导小组办公室"
COUNTIES = "任城区 兖州区 曲阜市 邹城市 微山县 鱼台县 金乡县 嘉祥县 汶上县 泗水县 梁山县 高新区"


def bulletin(inp, depts: list[str], issued: date) -> bytes:
    """A 简报 of the bench's round: every department, 12 events, one overdue item each."""
    gaps = [g.requirement for g in inp.card.gaps]
    return build_bulletin(
        BulletinInput(
            inp.unit,
            inp.issuer,
            issued,
            3,
            issued - timedelta(days=30),
            issued,
            inp.rubric,
            inp.card,
            department_progress=[
                DepartmentProgress(d, 3 + n % 4, n % 3, n % 2, n % 5 == 0)
                for n, d in enumerate(depts)
            ],
            overdue=[
                (gaps[n % len(gaps)], d, issued - timedelta(days=n + 1))
                for n, d in enumerate(depts)
            ],
            events=[
                BulletinEvent(f"9月{n}日，{depts[n % len(depts)]}报送佐证材料{n}份。", "材料报送")
                for n in range(1, 13)
            ],
            owners=inp.owners,
            issue=Issue(office=inp.issuer, number="3", seq=3, distribution=("发：各成员单位",)),
        )
    )


def rollup() -> bytes:
    """A 通报 of 12 counties ranked, the most lost requirement and three units behind."""
    names = COUNTIES.split()
    units = [
        SimpleNamespace(
            rank=n + 1,
            unit=name,
            total=Decimal(90 - 3 * n),
            pending=Decimal(n % 5),
            open_items=n + 2,
            overdue_items=n % 3,
            stage="迎检准备阶段",
            systems={"1": Decimal(15 - n % 4)},
        )
        for n, name in enumerate(names)
    ]
    lost = SimpleNamespace(
        requirement="1.2.1",
        text="成立由政府主要领导任组长的创建工作领导小组",
        units=5,
        lost=Decimal("3.5"),
        departments=[("区人社局", 5)],
    )
    roll = SimpleNamespace(
        units=units,
        systems=[("1", "组织领导体系", Decimal(20))],
        lost_most=[lost],
        behind=[],
        without_round=[],
        root="济宁市",
        level="市",
        today=date(2026, 12, 1),
    )
    issue = Issue(office=CITY, number="济创办发〔2026〕2号", cc=("市人社局",))
    return build_rollup_notice(
        roll,
        RollupDoc(issuer=CITY, issued_on=roll.today, campaign="创建省级创业型城市", issue=issue),
    )


def pdf_times(data: bytes) -> tuple[float, float | None, int]:
    """(first render s, second render s or None, pages) of one document, as the app makes it."""
    import io

    from pypdf import PdfReader

    from reports import pdf
    from reports.gongwen import for_libreoffice
    from reports.record_page import record_fix

    data = for_libreoffice(data)
    start = time.perf_counter()
    made = pdf.convert(data)
    first = time.perf_counter() - start
    fixed = record_fix(data, made)
    second = None
    if fixed is not None:
        start = time.perf_counter()
        made = pdf.convert(fixed)
        second = time.perf_counter() - start
    return first, second, len(PdfReader(io.BytesIO(made)).pages)
