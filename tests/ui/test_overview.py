import time

import pytest

from scoring import fmt
from services.actor import SYSTEM_ACTOR
from services.jobs.queue import get_job
from services.rounds import core as rounds
from tests.tools import require
from tests.ui.conftest import app_as, texts


def test_office_lands_on_overview_with_the_round_score(demo_home):
    at = app_as(demo_home, "bangongshi")
    assert not at.exception
    shown = texts(at)
    assert "总览" in shown
    rid = at.session_state["round_id"]
    total = rounds.round_scorecard(SYSTEM_ACTOR, rid).total
    assert f"已确认得分 {fmt(total)} 分" in shown
    assert "没有逾期事项" not in shown  # the demo has two overdue assignments


def test_viewer_sees_only_the_overview(demo_home):
    at = app_as(demo_home, "lingdao")
    assert not at.exception
    assert "已确认得分" in texts(at)
    assert not at.error


def test_overview_shows_the_five_indicators_with_formula_and_source(demo_home):
    from services.ledgers.indicators import indicator_lines

    at = app_as(demo_home, "bangongshi")
    rid = at.session_state["round_id"]
    lines = indicator_lines(SYSTEM_ACTOR, rid)
    assert [x.name for x in lines] == [
        "创业活跃度",
        "创业成功率",
        "创业服务率",
        "创业环境满意率",
        "就业贡献率",
    ]
    table = next(df.value for df in at.dataframe if "指标" in df.value.columns)
    assert table["指标"].tolist() == [x.name for x in lines]
    assert table["数值"].tolist() == [x.value_text for x in lines]
    labels = [e.label for e in at.expander]
    assert all(any(x.name in lb for lb in labels) for x in lines)
    shown = texts(at)
    assert "公式" in shown and "来源" in shown
    assert lines[0].formula in shown


def test_overview_flags_targets_behind_schedule(demo_home):
    from services.ledgers.targets import target_progress

    at = app_as(demo_home, "bangongshi")
    unit = at.session_state["unit_id"]
    behind = [t.name for t in target_progress(SYSTEM_ACTOR, unit) if t.behind]
    assert behind  # the demo has some
    warning = " ".join(w.value for w in at.warning)
    assert all(name in warning for name in behind)


def test_office_builds_and_downloads_the_assessment_report(demo_home):
    import io

    import docx

    at = app_as(demo_home, "bangongshi")
    rid = at.session_state["round_id"]
    at.button(key=f"dl:{rid}:assessment:build").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    data = at.session_state[f"dl:{rid}:assessment"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "模拟考评情况的报告" in text  # the 考评报告 as an office titles it
    assert fmt(rounds.round_scorecard(SYSTEM_ACTOR, rid).total) in text
    at.button(key=f"dl:{rid}:notices:build").click().run()
    assert not at.error and at.session_state[f"dl:{rid}:notices"][:2] == b"PK"


def test_without_libreoffice_the_page_says_so_and_still_gives_the_docx(demo_home, monkeypatch):
    from reports import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    at = app_as(demo_home, "bangongshi")
    rid = at.session_state["round_id"]
    at.button(key=f"dl:{rid}:assessment:build").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state[f"dl:{rid}:assessment"][:2] == b"PK"
    assert any("未安装 LibreOffice" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == f"dl:{rid}:assessment:pdfbuild"]


def _until(at, key: str, seconds: float = 300):
    """Rerun the page until the background job has put ``key`` in the session."""
    deadline = time.monotonic() + seconds
    while key not in list(at.session_state) and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run(timeout=60)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert key in list(at.session_state), get_job(at.session_state[key + "job"][1])
    return at.session_state[key]


@pytest.mark.slow
def test_office_downloads_the_report_the_notices_and_an_export_as_pdf(demo_home):
    """生成 PDF queues a background job; the page follows it and then offers the PDF."""
    import io
    import zipfile

    require("soffice")
    at = app_as(demo_home, "bangongshi")
    rid = at.session_state["round_id"]
    at.button(key=f"dl:{rid}:assessment:build").click().run()
    at.button(key=f"dl:{rid}:assessment:pdfbuild").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert f"dl:{rid}:assessment:pdfjob" in list(at.session_state)  # queued, not made inline
    docx_bytes, pdf_bytes = _until(at, f"dl:{rid}:assessment:pdf")
    assert docx_bytes == at.session_state[f"dl:{rid}:assessment"]
    assert pdf_bytes.startswith(b"%PDF")
    assert [b for b in at.get("download_button") if b.proto.label == "下载考评报告 PDF"]
    at.button(key=f"dl:{rid}:notices:build").click().run(timeout=120)
    at.button(key=f"dl:{rid}:notices:pdfbuild").click().run()
    zipped = _until(at, f"dl:{rid}:notices:pdf")[1]
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        names = z.namelist()
        assert names and all(n.endswith(".pdf") for n in names)
        assert all(z.read(n).startswith(b"%PDF") for n in names)
    at.button(key=f"dl:{rid}:gaps:build").click().run()  # an Excel export, the same way
    at.button(key=f"dl:{rid}:gaps:pdfbuild").click().run()
    source, pdf = _until(at, f"dl:{rid}:gaps:pdf")
    assert source == at.session_state[f"dl:{rid}:gaps"] and pdf.startswith(b"%PDF")
    assert [b for b in at.get("download_button") if b.proto.label == "下载整改清单 PDF"]


def test_viewer_gets_no_report_buttons(demo_home):
    at = app_as(demo_home, "lingdao")
    assert not [b for b in at.button if b.key and b.key.startswith("dl:")]


@pytest.mark.slow
def test_office_builds_the_binder_in_the_background_and_downloads_it(demo_home):

    from services.jobs.queue import list_jobs

    require("soffice")
    at = app_as(demo_home, "bangongshi")
    at.button(key="binder:start").click().run()
    assert not at.exception and not at.error
    office = at.session_state["actor"]
    [job] = list_jobs(office, kind="binder")  # a job row: any app server follows it
    deadline = time.monotonic() + 300
    while list_jobs(office, kind="binder")[0]["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.5)
    job = list_jobs(office, kind="binder")[0]
    assert job["status"] == "succeeded" and job["error"] is None and job["result"]["files"]
    at.run()
    assert "已生成迎检材料汇编" in texts(at)
    names = at.selectbox(key="binder:file").options
    assert names[-1] == "材料目录.xlsx" and names[0].startswith("01-组织领导体系.pdf")
    assert [b for b in at.get("download_button") if b.proto.label == "下载"]


def test_a_binder_that_failed_tells_the_office_why(demo_home, monkeypatch):
    from reports import pdf
    from services.jobs import execute, local
    from services.jobs.queue import list_jobs

    monkeypatch.setattr(local, "start", lambda schedule=True: False)  # the test runs the job
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    at = app_as(demo_home, "bangongshi")
    at.button(key="binder:start").click().run()
    assert "已排队，等待后台执行" in texts(at)
    [job] = list_jobs(at.session_state["actor"], kind="binder")
    assert execute.run(job["id"], "test").status == "failed"
    at.run()
    [error] = [e.value for e in at.error]
    assert error.startswith("迎检材料汇编生成失败：") and "未安装 LibreOffice" in error
    assert [b for b in at.button if b.key == "binder:start"]  # and it may be tried again


def test_only_the_office_sees_the_binder_button(demo_home):
    for user in ("kaohe1", "lingdao"):
        at = app_as(demo_home, user)
        assert not [b for b in at.button if b.key == "binder:start"]
    assert [b for b in app_as(demo_home, "bangongshi").button if b.key == "binder:start"]


def test_the_three_excel_exports_offer_a_pdf(demo_home, monkeypatch):
    """整改清单, 材料清单 and 得分表: once built, 生成…PDF sits beside 下载…（Excel）."""
    from ui.components import downloads

    monkeypatch.setattr(downloads, "pdf_available", lambda: True)
    at = app_as(demo_home, "bangongshi")
    rid = at.session_state["round_id"]
    for what in ("gaps", "evidence", "scores"):
        at.button(key=f"dl:{rid}:{what}:build").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    labels = {b.key: b.label for b in at.button}
    assert [labels.get(f"dl:{rid}:{w}:pdfbuild") for w in ("gaps", "evidence", "scores")] == [
        "生成整改清单 PDF",
        "生成材料清单 PDF",
        "生成得分表 PDF",
    ]
