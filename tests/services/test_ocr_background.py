import io
import subprocess
import time

import pytest

from services.evidence import intake as evidence_intake
from services.evidence import query as evidence_query
from services.evidence import upkeep as evidence_upkeep
from services.jobs.queue import get_job, list_jobs
from tests.services.helpers import UNIT, make_world
from tests.tools import require, unavailable

pytestmark = pytest.mark.slow


def _scan_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    require("fc-match")
    font_path = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True
    ).stdout
    if not font_path:
        unavailable("中文字体 Noto Sans CJK SC")
    img = Image.new("RGB", (900, 200), "white")
    ImageDraw.Draw(img).text((40, 60), text, fill="black", font=ImageFont.truetype(font_path, 56))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def test_scanned_upload_is_recognised_in_the_background_and_found(pioneer_home):
    w = make_world()
    s = evidence_intake.add_evidence(
        w.dept_a,
        _scan_png("创业担保贷款通知"),
        "扫描件.png",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    assert s["needs_ocr"] == [0]
    assert evidence_query.search(w.office, "担保贷款") == []
    [job] = list_jobs(w.office, kind="ocr")
    assert job["status"] == "queued" and "扫描件.png" in job["title"]
    assert evidence_upkeep.start_background_ocr()  # this process runs the queue (SQLite)
    deadline = time.time() + 120
    while get_job(job["id"])["status"] != "succeeded" and time.time() < deadline:
        time.sleep(0.3)
    done = get_job(job["id"])
    assert done["status"] == "succeeded" and done["message"] == "已识别 1 页"
    assert (done["done"], done["total"]) == (1, 1)
    hits = evidence_query.search(w.office, "担保贷款")
    assert [h.original_name for h in hits] == ["扫描件.png"]
    assert evidence_query.get_evidence(w.office, s["evidence_id"]).text_status == "done"
