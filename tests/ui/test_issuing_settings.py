"""设置 → 发文: the office edits the unit's 发文 settings, which the next document prints, and
reads the register of numbers issued."""

from __future__ import annotations

import io

import docx

from services.documents import core as documents
from services.documents import issuing
from services.org import auth
from tests.ui.conftest import app_as, password_of, texts


def test_the_office_saves_issuing_settings_that_the_next_report_prints(demo_home):
    at = app_as(demo_home, "bangongshi", "settings")
    assert not at.exception, at.exception
    assert at.text_input(key="issuing_code").value == "兖创办发"
    at.text_input(key="issuing_code").set_value("兖创字")
    at.text_input(key="issuing_contact").set_value("张华")
    at.text_input(key="issuing_phone").set_value("0537-3419999")
    at.text_area(key="issuing_cc").set_value("济宁市人社局\n济宁市创建办")
    next(b for b in at.button if b.label == "保存发文设置").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "已保存发文设置" in texts(at)
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    unit_id = at.session_state["unit_id"]
    how = issuing.issuing(office, unit_id)
    assert (how.code, how.contact, how.cc) == ("兖创字", "张华", ("济宁市人社局", "济宁市创建办"))
    from store.db import session_scope
    from store.org import Unit

    with session_scope() as s:
        round_id = s.get(Unit, unit_id).current_round_id
    data, number = documents.issued_assessment(office, round_id)
    assert number.startswith("兖创字〔")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert number in text
    record = docx.Document(io.BytesIO(data)).tables[-1]
    assert "抄送：济宁市人社局，济宁市创建办。" in record.rows[0].cells[0].text
    # the register lists the number just taken
    at.run()
    table = next(d.value for d in at.dataframe if "文号或期号" in d.value.columns)
    assert number in list(table["文号或期号"])
    # a 机关代字 with a year is refused in Chinese, nothing saved
    at.text_input(key="issuing_code").set_value("兖创字〔2026〕")
    next(b for b in at.button if b.label == "保存发文设置").click().run()
    assert any("机关代字" in e.value for e in at.error)
    assert issuing.issuing(office, unit_id).code == "兖创字"
