"""Text as written: stored as the document has it, a normalised copy for the index only, and
snippets that stay inside one line or cell."""

from __future__ import annotations

from sqlmodel import select

from services.evidence import intake as evidence_intake
from services.evidence import query as evidence_query
from services.evidence import search as evidence_search
from store.db import session_scope
from store.evidence_tables import EvidencePage
from store.search_snippet import snippet
from tests.services.helpers import UNIT, docx_bytes, make_world

NOTICE = docx_bytes(
    "测政办字〔２０２０〕３号",
    "关于印发创业担保贷款实施办法的通知",
    "各乡镇人民政府，各街道办事处：",
    "现将《创业担保贷款实施办法》印发给你们，请认真贯彻执行。",
)


def _add(actor, data=NOTICE, name="通知.docx"):
    return evidence_intake.add_evidence(
        actor, data, name, requirements=["1.2.1"], department="区人社局", unit=UNIT
    )


def test_text_is_stored_as_written_and_indexed_normalised(pioneer_home):
    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    written = evidence_query.evidence_text(w.office, eid)
    assert "各乡镇人民政府，各街道办事处：" in written  # 「，」 and 「：」 stay Chinese
    assert "〔２０２０〕３号" in written
    with session_scope() as session:
        page = session.exec(select(EvidencePage)).one()
    assert "〔2020〕3号" in page.search_text and "，" not in page.search_text
    # found through the normalised copy either way, shown as written
    for q in ("〔2020〕3号", "〔２０２０〕", "人民政府,各街道"):
        hits = evidence_query.search(w.office, q)
        assert [h.evidence_id for h in hits] == [eid], q


def test_snippets_break_at_lines_and_keep_the_written_punctuation(pioneer_home):
    w = make_world()
    _add(w.dept_a)
    hit = evidence_query.search(w.office, "街道")[0]
    assert hit.snippet == "各乡镇人民政府，各【街道】办事处："  # not run into 文号 or title
    hit = evidence_query.search(w.office, "３号")[0]
    assert hit.snippet == "测政办字〔２０２０〕【３号】"


def test_snippet_fields_lines_and_a_term_split_over_lines():
    cells = "| 姓名 | 创业项目 | 贷款金额 |\n| 张三 | 餐饮 | 10万元 |"
    assert snippet(cells, "贷款") == "【贷款】金额"
    assert snippet("总体要求\n本方案由领导小组办\n公室负责解释。", "小组办公室") == (
        "本方案由领导【小组办公室】负责解释。"
    )
    assert snippet("甲" * 100 + "创业" + "乙" * 100, "创业", width=5) == (
        "…甲甲甲甲甲【创业】乙乙乙乙乙…"
    )
    assert snippet("没有匹配的一行\n第二行", "创业") == "没有匹配的一行"


def test_took_ms_viewer_and_department_scopes(pioneer_home):
    w = make_world()
    eid = _add(w.dept_a)["evidence_id"]
    result = evidence_search.search_evidence(w.office, "创业", limit=5)
    assert [h.evidence_id for h in result.hits] == [eid] and result.took_ms >= 0
    assert evidence_query.search(w.viewer, "创业") == []  # not approved yet
    assert evidence_query.search(w.dept_b, "创业") == []
    assert evidence_search.search(w.dept_b, "创业", department_id=w.dept_a.department_id) == []
    evidence_query.review(w.inspector, eid, "approved")
    assert [h.evidence_id for h in evidence_query.search(w.viewer, "创业")] == [eid]
