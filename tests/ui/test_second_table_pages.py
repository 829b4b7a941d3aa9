"""A round on the second table (chongfen-jiuye-shequ: flat numbers, a 加分 section of 32 points
counted up to 10, a section and a requirement 待补充细则) on 总览, 模拟考评, 整改清单 and in
the Word 考评报告: the parts 待补充细则 read so (not as a score), each cap is explained, the bonus
section reads 「加分（上限10分）」 and 加分 has its own line."""

from __future__ import annotations

import pytest

from services.actor import SYSTEM_ACTOR
from services.documents import core as documents
from services.org import auth
from services.org import units as org
from services.rounds import core as rounds
from services.rounds import sheets
from tests.reports.helpers import all_text, open_docx, paragraphs
from tests.ui.conftest import app_as, password_of, texts

BONUS_LINE = "加分 10 分（上限 10 分），已计入确认得分；未得的加分不计为失分。"
CAP = "加分项：加分上限 10 分，超出的 2 分不计。"
BONUS_NAME = "加分项　加分（上限10分）"


@pytest.fixture
def second_round(demo_home):
    office = auth.login("bangongshi", password_of(demo_home, "bangongshi"))
    lead = auth.login("kaohe1", password_of(demo_home, "kaohe1"))
    unit_id = org.list_units(SYSTEM_ACTOR)[0].id
    rnd = rounds.create_round(
        office,
        name="充分就业社区评估",
        unit_id=unit_id,
        kind="模拟考评",
        rubric_id="chongfen-jiuye-shequ",
        lead_inspector="kaohe1",
    )
    # 6 + 6 points of 加分 against its cap of 10; requirement 1 loses 2 points
    sheets.save_requirement(lead, rnd.id, "20", {"20a": 3})
    sheets.save_requirement(lead, rnd.id, "21", {"21a": True})
    sheets.save_requirement(lead, rnd.id, "1", {"1b": True})
    rounds.set_current_round(office, rnd.id)
    return {"office": office, "round": rnd.id}


def test_overview_of_a_round_on_the_second_table(demo_home, second_round):
    at = app_as(demo_home, "bangongshi")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["round_id"] == second_round["round"]
    shown = texts(at)
    assert BONUS_LINE in shown  # 加分 on its own line
    assert CAP in shown
    assert "待补充细则：开展劳动关系协调和劳动争议调解（17，5分）、档案管理（四，15分）" in shown
    table = next(df.value for df in at.dataframe if "体系" in df.value.columns)
    rows = table.set_index("体系")
    assert rows.loc[BONUS_NAME, "满分"] == "10 分"
    assert rows.loc[BONUS_NAME, "得分"] == "10 分"
    assert rows.loc[BONUS_NAME, "说明"] == "加分上限 10 分，超出的 2 分不计"
    assert "档案管理　待补充细则" in rows.index


def test_assess_shows_flat_numbers_the_missing_clause_and_the_bonus_cap(demo_home, second_round):
    at = app_as(demo_home, "kaohe1", "assess")
    rid = second_round["round"]
    assert at.session_state["round_id"] == rid
    system = at.selectbox(key=f"assess:{rid}:system")
    assert BONUS_NAME + "（五）" in system.options
    system.set_value("三").run()
    radio = at.radio(key=f"assess:{rid}:req:三")
    option = next(o for o in radio.options if " 17\u3000" in o)
    assert option.endswith("待补充细则")  # not 待评, not a score
    radio.set_value("17").run()
    assert not at.exception
    assert at.metric[2].label == "本项计分（已保存）" and at.metric[2].value == "待补充细则"
    assert any("评分办法待补充细则" in i.value for i in at.info)
    assert at.subheader[0].value == "社会保障　17"  # the name before the number
    # a requirement whose clause is capped explains its cap
    at.selectbox(key=f"assess:{rid}:system").set_value("五").run()
    at.radio(key=f"assess:{rid}:req:五").set_value("20").run()
    assert "上限：「每被推广一次得2分，最高6分」最多计 6 分（已达上限）" in texts(at)


def test_gaps_list_reads_the_missing_clause(demo_home, second_round):
    at = app_as(demo_home, "bangongshi", "gaps")
    assert not at.exception and not at.error
    df = next(d.value for d in at.dataframe if "失分条款" in d.value.columns).set_index("编号")
    assert df.loc["17", "失分条款"] == "待补充细则"
    assert df.loc["17", "待评"] == "5 分"
    assert "20" not in df.index  # bonus items are never 整改事项
    shown = texts(at)
    assert BONUS_LINE in shown and CAP in shown


def test_word_report_of_the_second_table(demo_home, second_round):
    doc = open_docx(documents.assessment_report(second_round["office"], second_round["round"]))
    text = all_text(doc)
    assert f"{BONUS_NAME} | 10 | 10 | 0 | 0" in text  # 表1: the bonus section, counted to 10
    assert "档案管理　待补充细则 | 15 | 0 | 0 | 15" in text
    lines = paragraphs(doc)
    assert BONUS_LINE in lines  # its own paragraph
    assert CAP in lines
    assert any(p.startswith("待补充细则：开展劳动关系协调和劳动争议调解（17，5分）") for p in lines)
    # 附件1: the requirement whose clauses are missing reads 待补充细则, not 尚未评定
    assert "开展劳动关系协调和劳动争议调解。 | 待补充细则 | 待评5" in text
    # 附件2: a requirement's clause caps, named before their numbers
    assert "工作经验被上级推广（20）：「每被推广一次得2分，最高6分」最多计 6 分（已达上限）" in text
