"""Rubric errors pass through database sessions intact; a rubric is found by its id, whatever
its file is called (issue 13)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import rubric.loader as loader
from rubric import RubricError
from rubric.checks import Problem
from services.actor import SYSTEM_ACTOR
from services.rounds import core as rounds
from store.db import session_scope
from tests.services.helpers import make_world

ROOT = Path(__file__).resolve().parents[2]


def test_a_rubric_error_leaves_a_session_as_itself(pioneer_home):
    with pytest.raises(RubricError) as exc, session_scope():
        raise RubricError("x.yaml", (Problem(3, "1.1.1", "坏了"),))
    assert str(exc.value) == "x.yaml:3 「1.1.1」坏了"
    assert exc.value.__traceback__ is not None


def test_a_rubric_whose_file_name_differs_from_its_id(pioneer_home, tmp_path, monkeypatch):
    text = (ROOT / "rubric/standards/yanzhou-2020.yaml").read_text(encoding="utf-8")
    (tmp_path / "某市细则-最终版.yaml").write_text(
        text.replace("id: yanzhou-2020", "id: moushi-2024", 1), encoding="utf-8"
    )
    (tmp_path / "yanzhou-2020.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "STANDARDS_DIR", tmp_path)
    w = make_world()
    rnd = rounds.create_round(
        w.office, name="第一轮", unit_id=w.unit_id, kind="模拟考评", rubric_id="moushi-2024"
    )
    assert rnd.rubric_id == "moushi-2024"
    card = rounds.round_scorecard(
        SYSTEM_ACTOR, rnd.id
    )  # every later action finds the rubric by its id
    assert card.rubric == "moushi-2024" and card.pending == 100


def test_a_broken_rubric_is_a_clear_error_through_the_services(pioneer_home, tmp_path, monkeypatch):
    text = (ROOT / "rubric/standards/yanzhou-2020.yaml").read_text(encoding="utf-8")
    good = text.replace("id: yanzhou-2020", "id: broken-2024", 1)
    (tmp_path / "broken.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "yanzhou-2020.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "STANDARDS_DIR", tmp_path)
    w = make_world()
    rnd = rounds.create_round(
        w.office, name="第一轮", unit_id=w.unit_id, kind="模拟考评", rubric_id="broken-2024"
    )
    # the file breaks after the round exists: each action says why, never an internal message
    (tmp_path / "broken.yaml").write_text(good.replace("total: 100", "total: 90"), "utf-8")
    loader._load_cached.cache_clear()
    with pytest.raises(RubricError) as exc:
        rounds.round_scorecard(SYSTEM_ACTOR, rnd.id)
    assert "与总分 90 不符" in str(exc.value)


def _round_on(rubric_id: str, name: str):
    w = make_world()
    rnd = rounds.create_round(
        w.office,
        name=name,
        unit_id=w.unit_id,
        kind="模拟考评",
        rubric_id=rubric_id,
        lead_inspector="insp",
    )
    return w, rnd


def test_a_round_on_the_second_table(pioneer_home):
    from services.rounds import sheets
    from services.rounds.state import load_state

    w, rnd = _round_on("chongfen-jiuye-shequ", "充分就业社区评估")
    sheets.save_requirement(w.inspector, rnd.id, "7", {"7a": ["0.65", "100%", 0.85]})
    sheets.save_requirement(w.inspector, rnd.id, "8", {"8a": [1, "0.9", "80%"]})
    sheets.save_requirement(w.inspector, rnd.id, "21", {"21a": True})
    card = rounds.round_scorecard(SYSTEM_ACTOR, rnd.id)
    assert card.requirement("7").score == 4 and card.requirement("8").score == 2
    assert card.requirement("8").applied[0].value == (
        1,
        Decimal("0.9"),
        Decimal("0.8"),
    )
    assert card.bonus == 6
    assert card.requirement("17").missing
    state = load_state(w.office, rnd.id)
    assert state is not None


def test_a_round_on_the_real_second_table(pioneer_home):
    """镇江 充分就业辖市(区) (received in part): a round uses it by its id; the parts not received
    are pending, the 加分 counts up to its cap."""
    from services.rounds import sheets

    w, rnd = _round_on("zhenjiang-chongfen-jiuye", "充分就业辖市(区)考核")
    sheets.save_requirement(w.inspector, rnd.id, "28", {"28a": ["99%", "0.7", 0.95]})
    sheets.save_requirement(w.inspector, rnd.id, "b1", {"b1a": 2, "b1b": 1})
    sheets.save_requirement(w.inspector, rnd.id, "b3", {"b3a": 3})
    card = rounds.round_scorecard(SYSTEM_ACTOR, rnd.id)
    assert card.requirement("28").score == 2  # 被征地农民培训率 0.7 < 80%: -1
    assert (card.bonus, card.systems[-1].cut) == (10, 1)  # 2 x 3 + 2 + 3 = 11, counted as 10
    assert card.requirement("30").missing
