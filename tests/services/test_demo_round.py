"""The demo's round is named after its own dates, and a refresh renames it with them."""

from __future__ import annotations

import datetime as dt

import pytest

from services.actor import SYSTEM_ACTOR
from services.demo.build import create_demo, get_demo_unit_id
from services.rounds import core as rounds

pytestmark = pytest.mark.slow  # builds the whole demo county twice


def test_the_demo_round_is_named_after_the_year_it_starts_and_follows_a_refresh(pioneer_home):
    create_demo(today=dt.date(2026, 12, 1))  # starts 2026-08-03
    [rnd] = rounds.list_rounds(SYSTEM_ACTOR, get_demo_unit_id())
    assert rnd.name == "2026年第一次模拟考评"
    assert rnd.starts_on == dt.date(2026, 8, 3)

    create_demo(today=dt.date(2027, 6, 1))  # a refresh half a year on: starts 2027-02-01
    [rnd] = rounds.list_rounds(SYSTEM_ACTOR, get_demo_unit_id())
    assert (rnd.name, rnd.starts_on) == ("2027年第一次模拟考评", dt.date(2027, 2, 1))
