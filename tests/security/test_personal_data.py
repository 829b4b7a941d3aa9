"""Issue 10, item 3: personal numbers masked everywhere, an unreversible hash whose key may
live outside the data directory, no silent new key, private files."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import stat
import zipfile

import pytest
from typer.testing import CliRunner

from cli import app
from services.audit.log import export_xlsx as audit_xlsx
from services.documents import bulletin as bulletin_docs
from services.documents import core as documents
from services.evidence import intake as evidence_intake
from services.evidence import query
from services.ledgers import imports, rows, samples
from services.personal import mask_personal
from services.rounds import core as rounds
from services.rounds import sheets
from store.db import reset_engines, session_scope
from tests.services.helpers import UNIT, docx_bytes, make_world
from tests.services.ledger_fixtures import make_id, row, xlsx

PID = make_id(4242)  # a valid identity number
PID2 = make_id(4343)
MOBILE = "13812345678"


def test_mask_personal_finds_numbers_inside_other_text():
    text = f"李四{PID}，电话{MOBILE}，或 138-1234-5678；编号12345"
    masked = mask_personal(text)
    assert PID not in masked and PID[4:17] not in masked
    assert MOBILE not in masked and "1234-5678" not in masked
    assert masked.startswith("李四" + PID[:4] + "*" * 13 + PID[-1])
    assert "138******78" in masked
    assert "编号12345" in masked  # short numbers are not personal


def test_mask_keeps_too_few_digits_to_reverse():
    from ledgers import mask_id

    shown = mask_id(PID)
    assert sum(c.isdigit() for c in shown) <= 5


def _scan_for_raw(home, needles: list[str]) -> list[str]:
    found = []
    for path in home.rglob("*"):
        if path.is_file() and "evidence" not in path.parts:  # blobs keep the original file
            data = path.read_bytes()
            found += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return found


def _import_personal_ledger(w) -> dict:
    """A training ledger with numbers in every place a person might type them."""
    ledger_rows = [row("training", i) for i in range(3)]
    ledger_rows[0][0] = f"李四{PID2}"  # an id in the name column
    ledger_rows[1][3] = f"联系人电话{MOBILE}"  # a mobile in the 培训机构 column
    ledger_rows[2][1] = PID[:-1] + ("0" if PID[-1] != "0" else "1")  # rejected: bad check
    ledger_rows[2][0] = f"王五{PID}"
    return imports.import_ledger(
        w.office, xlsx("training", ledger_rows), "培训台账.xlsx", "training", unit_id=w.unit_id
    )


def test_no_raw_number_in_database_wal_index_or_logs(pioneer_home, caplog, tmp_path):
    w = make_world()
    caplog.set_level(logging.DEBUG)
    out = _import_personal_ledger(w)
    assert out["imported"] == 2 and out["rejected"] == 1
    listed = imports.import_rows(w.office, out["import_id"])
    shown = str(listed) + str(out)
    assert PID2 not in shown and MOBILE not in shown and PID[:17] not in shown
    ev = evidence_intake.add_evidence(
        w.dept_a,
        docx_bytes("一次性创业补贴发放名单", f"张三 身份证号 {PID} 手机 {MOBILE}", f"李四{PID2}"),
        f"补贴名单{PID}.docx",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
    )
    assert PID not in str(ev)
    assert query.search(w.office, PID) == [] and query.search(w.office, MOBILE) == []
    [hit] = query.search(w.office, "补贴发放名单")
    assert PID not in hit.snippet and PID[:4] in query.evidence_text(w.office, ev["evidence_id"])
    name, _mime, data = query.evidence_bytes(w.office, ev["evidence_id"])
    assert PID not in name
    assert PID.encode() in data or b"docx" in name.encode()  # the original file is kept as is
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert PID not in logged and PID2 not in logged and MOBILE not in logged
    needles = [PID, PID2, MOBILE, PID[:17], PID2[:17]]
    if not os.environ.get("PIONEER_TEST_DATABASE_URL"):
        assert _scan_for_raw(pioneer_home, needles) == []  # pioneer.db, -wal, -shm, key
        reset_engines()  # checkpoint the WAL into the file: still nothing
        assert _scan_for_raw(pioneer_home, needles) == []


def _office_text(data: bytes) -> str:
    """All the text of a .docx or .xlsx: every XML part with its tags removed, so a number a
    writer split over runs or cells is found whole."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))]
    return "".join(re.sub(r"<[^>]+>", "", p) for p in parts)


def test_no_raw_number_in_excel_exports_or_word_documents(pioneer_home, tmp_path):
    """材料清单, 整改清单, 得分表, the sample checklist (page and CLI), the 审计日志 export, the
    考评报告, every 整改通知书 and the 工作简报, after a ledger and a document carrying
    identity and mobile numbers came in."""
    w = make_world()
    today = dt.date.today()
    rnd = rounds.create_round(
        w.office,
        name="第一次",
        unit_id=w.unit_id,
        kind="模拟考评",
        lead_inspector="insp",
        stages={
            "prepare_until": today - dt.timedelta(days=60),
            "build_until": today - dt.timedelta(days=30),
            "selfcheck_until": today + dt.timedelta(days=30),
            "assess_until": today + dt.timedelta(days=60),
        },
    )
    out = _import_personal_ledger(w)
    ev = evidence_intake.add_evidence(
        w.dept_a,
        docx_bytes(f"补贴发放名单 {PID}", f"张三 身份证号 {PID} 手机 {MOBILE}"),
        f"补贴名单{PID}.docx",
        requirements=["1.2.1"],
        department="区人社局",
        unit=UNIT,
        title=f"补贴发放名单（{PID}，联系电话{MOBILE}）",
    )
    query.review(w.office, ev["evidence_id"], "approved")
    sheets.save_requirement(
        w.inspector,
        rnd.id,
        "1.2.1",
        {"1.2.1a": True},
        comment="名单待补",
        cited=[ev["evidence_id"]],
    )
    drawn = samples.draw_sample(w.office, "training", 2, 7, unit_id=w.unit_id)
    cli_xlsx = tmp_path / "核查清单.xlsx"
    cli = CliRunner().invoke(
        app, ["sample", "--redraw", str(drawn["sample_id"]), "--json", "--xlsx", str(cli_xlsx)]
    )
    assert cli.exit_code == 0, cli.output

    made = {
        kind: documents.export(w.office, kind, rnd.id, today)
        for kind in ("gaps", "evidence", "scores")
    }
    made["抽样核查清单"] = samples.sample_xlsx(w.office, drawn["sample_id"])
    made["抽样核查清单（命令行）"] = cli_xlsx.read_bytes()
    made["审计日志"] = audit_xlsx(w.office)
    made["考评报告"] = documents.assessment_report(w.office, rnd.id, today)
    made["工作简报"] = bulletin_docs.bulletin(
        w.office, rnd.id, since=today - dt.timedelta(days=7), today=today
    )
    for dept, data in documents.notices(w.office, rnd.id, today).items():
        made[f"整改通知书（{dept}）"] = data
    assert "整改通知书（区人社局）" in made
    texts = {name: _office_text(data) for name, data in made.items()}
    texts["抽样（命令行输出）"] = cli.output

    ids = [make_id(i) for i in range(2)]  # the ledger's own 身份证号 column
    needles = [PID, PID2, MOBILE, PID[:17], PID2[:17], *ids]
    assert {name: [n for n in needles if n in text] for name, text in texts.items()} == {
        name: [] for name in texts
    }
    # the numbers did reach these files, masked: the scan is not looking at empty files
    shown = PID[:4] + "*" * 13 + PID[-1]
    for name in ("evidence", "考评报告", "工作简报"):
        assert shown in texts[name], name
    assert ids[0][:4] in texts["抽样核查清单"] and "138******78" in texts["evidence"]
    assert out["imported"] == 2


def test_key_outside_the_data_directory(pioneer_home, tmp_path, monkeypatch):
    keyfile = tmp_path / "keys" / "pioneer.key"
    monkeypatch.setenv("PIONEER_SECRET_FILE", str(keyfile))
    w = make_world()
    imports.import_ledger(w.office, xlsx("training", [row("training", 1)]), "t.xlsx", "training",
                          unit_id=w.unit_id)  # fmt: skip
    assert keyfile.exists() and not (pioneer_home / rows.SECRET_FILE).exists()
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600


def test_lost_key_is_not_silently_replaced(pioneer_home):
    from services.org.setup import initialise

    w = make_world()
    imports.import_ledger(w.office, xlsx("training", [row("training", 1)]), "t.xlsx", "training",
                          unit_id=w.unit_id)  # fmt: skip
    (pioneer_home / rows.SECRET_FILE).unlink()
    with pytest.raises(rows.KeyMissing, match="不会自动生成新密钥"):
        imports.import_ledger(w.office, xlsx("training", [row("training", 2)]), "t2.xlsx",
                              "training", unit_id=w.unit_id)  # fmt: skip
    with pytest.raises(rows.KeyMissing):
        initialise(UNIT)
    assert not (pioneer_home / rows.SECRET_FILE).exists()


@pytest.mark.skipif(bool(os.environ.get("PIONEER_TEST_DATABASE_URL")), reason="SQLite files")
def test_database_and_directories_are_private(tmp_path, monkeypatch):
    home = tmp_path / "fresh-home"
    monkeypatch.setenv("PIONEER_HOME", str(home))
    monkeypatch.delenv("PIONEER_DATABASE_URL", raising=False)
    reset_engines()
    try:
        from services.org.setup import initialise

        initialise(UNIT)
        w_db = home / "pioneer.db"
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE(w_db.stat().st_mode) == 0o600
        with session_scope():
            pass
        for extra in ("pioneer.db-wal", "pioneer.db-shm"):
            if (home / extra).exists():
                assert stat.S_IMODE((home / extra).stat().st_mode) & 0o077 == 0
    finally:
        reset_engines()
