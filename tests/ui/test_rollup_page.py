"""全市总览 page: a city office sees its counties ranked, drills into one read-only; a county
office picks only its own unit in the sidebar."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from services.rounds import sheets
from tests.services.city import make_city
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
