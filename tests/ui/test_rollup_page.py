"""全市总览 page: a city office sees its counties ranked, drills into one read-only; a county
office picks only its own unit in the sidebar."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from services.rounds import sheets
from tests.services.city import make_city
from tests.tools import require
from tests.ui.conftest import ROOT, texts


def _app(actor) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["actor"] = actor
    at.session_state["last_seen"] = time.time()
    at.run()
    return at


def test_city_office_sees_counties_ranked_and_a_read_only_drill_down(pioneer_home):
    c = make_city()
    sheets.save_requirement(c.inspector_b, c.round_a, "1.2.1", {"1.2.1a": True})
    at = _app(c.city_office)
    assert "济宁市" in at.selectbox(key="unit_pick").options[0]
    at.switch_page("ui/views/rollup.py").run()
    assert not at.exception
    shown = texts(at)
    assert "全市总览" in shown and "Traceback" not in shown
    rank = next(d.value for d in at.dataframe if "排名" in d.value.columns)
    assert sorted(rank["单位"]) == ["乙县", "甲县"]
    at.selectbox(key="rollup_drill").select(c.round_a).run()
    assert not at.exception
    after = texts(at)
    assert "甲县" in after and "各体系得分" in after
    assert not [b for b in at.button if "迎检材料" in str(b.label)]  # read-only: no actions


def test_county_office_chooses_only_its_own_unit(pioneer_home):
    c = make_city()
    at = _app(c.office_b)
    assert at.selectbox(key="unit_pick").options == ["乙县"]


def _to_rollup(actor) -> AppTest:
    at = _app(actor)
    at.switch_page("ui/views/rollup.py").run()
    assert not at.exception
    return at


def test_the_rollup_notice_and_table_offer_a_pdf(pioneer_home, monkeypatch):
    """Built, the 通报 (Word) and the 汇总表 (Excel) each get 生成…PDF beside their download."""
    from ui.components import downloads

    monkeypatch.setattr(downloads, "pdf_available", lambda: True)
    at = _to_rollup(make_city().city_office)
    for key in ("rollup_notice", "rollup_xlsx"):
        assert not [b for b in at.button if b.key == f"dl:{key}:pdfbuild"]
        at.button(key=f"dl:{key}:build").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    labels = {b.key: b.label for b in at.button}
    assert labels["dl:rollup_notice:pdfbuild"] == "生成全市创建工作进展通报 PDF"
    assert labels["dl:rollup_xlsx:pdfbuild"] == "生成各单位汇总表 PDF"


@pytest.mark.slow
def test_the_rollup_notice_and_table_download_as_pdf(pioneer_home):
    """生成 PDF runs the background job for a .docx and for an .xlsx; both come back as PDF."""

    from services.jobs import local as jobs_local
    from tests.ui.test_overview import _until

    require("soffice")
    at = _to_rollup(make_city().city_office)
    try:
        for key in ("rollup_notice", "rollup_xlsx"):
            at.button(key=f"dl:{key}:build").click().run()
            at.button(key=f"dl:{key}:pdfbuild").click().run()
            source, pdf = _until(at, f"dl:{key}:pdf")
            assert source == at.session_state[f"dl:{key}"] and pdf.startswith(b"%PDF")
        got = {b.proto.label for b in at.get("download_button")}
        assert {"下载全市创建工作进展通报 PDF", "下载各单位汇总表 PDF"} <= got
    finally:
        jobs_local.stop()
