"""One set of words for an evidence status on every surface.

The demo county's materials are 待审核, 已通过 and 已退回. The Excel exports (材料清单,
整改清单), the 工作简报 (its text and its table), and the pages (总览, 材料审核, 整改清单,
我的任务) are each read back as they show themselves, and every status word they print must be
one of ``STATUS_LABELS``; none may print the short forms 待审/通过/退回 as a status.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from services.actor import SYSTEM_ACTOR
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.org import auth
from services.org import units as org
from services.rounds import core as rounds
from store.evidence_tables import STATUS_LABELS
from tests.reports.helpers import open_docx, table_rows
from tests.ui.conftest import app_as, demo_copy, password_of, texts

TODAY = dt.date.today()
COUNTED = {STATUS_LABELS[s] for s in ("pending", "approved", "returned")}
WORDS = set(STATUS_LABELS.values())
# a short form standing as a status: 待审 not followed by 核, 通过/退回 not after 已 or 审核
SHORT = re.compile(r"待审(?!核)|(?<![已核])通过|(?<!已)退回")


@pytest.fixture(scope="module")
def world(tmp_path_factory, demo_template):
    with demo_copy(tmp_path_factory, demo_template, "labels") as home:
        office = auth.login("bangongshi", password_of(home, "bangongshi"))
        unit_id = org.list_units(SYSTEM_ACTOR)[0].id
        round_id = rounds.list_rounds(SYSTEM_ACTOR, unit_id)[0].id
        yield {"home": home, "office": office, "round": round_id}


def _column(data: bytes, header: str) -> list[str]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(n for n, r in enumerate(rows) if r and header in r)
    col = rows[head].index(header)
    return [r[col] for r in rows[head + 1 :] if r and r[0]]


def test_the_words_are_the_long_forms():
    assert STATUS_LABELS["pending"] == "待审核"
    assert STATUS_LABELS["approved"] == "已通过"
    assert STATUS_LABELS["returned"] == "已退回"


def test_excel_exports_use_the_status_words(world):
    evidence = _column(documents.export(world["office"], "evidence", world["round"], TODAY), "状态")
    assert set(evidence) >= COUNTED, "the demo has materials in every counted status"
    assert set(evidence) <= WORDS
    gaps = _column(documents.export(world["office"], "gaps", world["round"], TODAY), "状态")
    assert gaps and set(gaps) <= WORDS


def test_bulletin_uses_the_status_words(world):
    data = bulletin_docs.bulletin(
        world["office"], world["round"], TODAY - dt.timedelta(days=3650), TODAY
    )
    doc = open_docx(data)
    head = next(table_rows(t)[0] for t in doc.tables if table_rows(t)[0][0] == "责任单位")
    assert [h.removesuffix("（份）") for h in head[2:]] == ["已通过", "待审核", "已退回"]
    body = next(p.text for p in doc.paragraphs if "共承担创建要求" in p.text)
    assert all(w in body for w in COUNTED), body
    review = next(p.text for p in doc.paragraphs if "考核组审核佐证材料" in p.text)
    assert "已通过" in review, review
    for p in doc.paragraphs:  # 审核通过 is the act, never a status
        assert not SHORT.search(p.text.replace("审核通过", "")), p.text


def test_pages_use_the_status_words(world):
    home = world["home"]
    overview = app_as(home, "bangongshi", "overview")
    table = next(df.value for df in overview.dataframe if "成员单位" in df.value.columns)
    assert COUNTED | {STATUS_LABELS["none"]} <= set(table.columns)
    assert not [c for c in table.columns if SHORT.fullmatch(c)]

    review = app_as(home, "kaohe1", "review")
    tabs = [t.label.split("（")[0] for t in review.tabs]
    assert tabs == ["待审核", "已退回", "已通过"]
    summary = next(c for c in texts(review).split("\n") if c.startswith("共 "))
    assert not SHORT.search(summary) and all(w in summary for w in COUNTED)

    gaps = app_as(home, "bangongshi", "gaps")
    options = next(m.options for m in gaps.multiselect if m.key == "gaps_status")
    assert set(options) <= WORDS and len(options) == 4

    tasks = app_as(home, "tjj", "tasks")
    filters = tasks.radio(key="task_filter").options
    assert {f for f in filters if f not in ("全部", "已逾期")} <= WORDS
    metrics = {m.label for m in tasks.metric}
    assert {STATUS_LABELS["pending"], STATUS_LABELS["approved"]} <= metrics
    own = next(df.value for df in tasks.dataframe if "状态" in df.value.columns)
    assert set(own["状态"]) <= WORDS
