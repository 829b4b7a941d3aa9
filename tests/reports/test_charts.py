"""Charts: PNG bytes with a CJK font when one is installed, a warning (not a crash) without."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

import pytest
from PIL import Image

from reports import charts

PNG = b"\x89PNG\r\n\x1a\n"


def test_systems_chart_is_a_png(card):
    data = charts.systems_chart(card.systems)
    assert data.startswith(PNG)
    width, height = Image.open(io.BytesIO(data)).size
    assert width > 600 and height > 300


def test_trend_chart_handles_one_and_many_rounds():
    many = charts.trend_chart(
        [("第一轮", Decimal("62.5")), ("第二轮", Decimal("71.75")), ("第三轮", Decimal("80"))],
        Decimal(100),
        Decimal(80),
    )
    assert many.startswith(PNG)
    assert charts.trend_chart([("本轮", Decimal("71.75"))]).startswith(PNG)


def test_pick_cjk_prefers_noto_sans_sc():
    names = ["DejaVu Sans", "Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans CJK JP"]
    assert charts.pick_cjk(names) == "Noto Sans CJK SC"
    assert charts.pick_cjk(["DejaVu Sans", "Noto Sans CJK JP"]) == "Noto Sans CJK JP"
    assert charts.pick_cjk(["DejaVu Sans"]) is None


def test_cjk_font_found_here():
    if not any("CJK" in n for n in charts._known_families()):
        pytest.skip("no Noto CJK font installed")
    assert "CJK" in charts.cjk_font()


def test_without_cjk_font_warns_and_still_draws(card, monkeypatch):
    monkeypatch.setattr(charts, "_known_families", lambda: {"DejaVu Sans"})
    monkeypatch.setattr(charts, "_fc_match", lambda: None)
    charts.cjk_font.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data = charts.systems_chart(card.systems)
        assert data.startswith(PNG)
        assert any(
            issubclass(w.category, RuntimeWarning) and "中文字体" in str(w.message) for w in caught
        )
    finally:
        charts.cjk_font.cache_clear()


def test_charts_from_several_threads(card):
    from concurrent.futures import ThreadPoolExecutor

    trend = [("第一轮", Decimal("62.5")), ("第二轮", Decimal("71.75"))]
    jobs = [lambda: charts.systems_chart(card.systems), lambda: charts.trend_chart(trend)] * 3
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(lambda job: job(), jobs))
    assert all(img.startswith(PNG) for img in images)
    assert images[0] == images[2] and images[1] == images[3]  # same input, same picture
