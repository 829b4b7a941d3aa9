"""Per-rule caps of the two measured kinds (issue 13), as hypothesis properties: target_each
(每完成一项得N分) and threshold_deduct (一项未完成的扣N分) on the second table's items 7 and 8,
with any cap, any measured rates."""

from __future__ import annotations

import functools
from decimal import Decimal as D
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rubric import parse_rubric
from scoring import score, validate_findings
from tests.scoring.test_second_table import TYPICAL

TEXT = (
    Path(__file__).resolve().parents[2] / "rubric/standards/chongfen-jiuye-shequ.yaml"
).read_text(encoding="utf-8")
T7 = [D("0.60"), D(1), D("0.90")]
T8 = [D(1), D(1), D("0.80")]
RATE = st.integers(0, 100).map(lambda n: D(n) / 100)
CAP = st.one_of(st.none(), st.integers(1, 14).map(lambda n: D(n) / 2))


@functools.lru_cache(maxsize=256)
def rubric(cap7: D | None, cap8: D | None):
    text = TEXT
    for line, cap in (
        ("            text: 分别达到60%、100%、90%，每完成一项得2分", cap7),
        ("            text: 全部完成的得3分，一项未完成的扣1分", cap8),
    ):
        if cap is not None:
            text = text.replace(line, f"            cap: {cap}\n{line}", 1)
    return parse_rubric(text)


@settings(max_examples=200, deadline=None)
@given(
    cap7=CAP,
    cap8=CAP,
    r7=st.lists(RATE, min_size=3, max_size=3),
    r8=st.lists(RATE, min_size=3, max_size=3),
)
def test_measured_kinds_never_pass_their_caps(cap7, cap8, r7, r8):
    r = rubric(cap7, cap8)
    values = TYPICAL | {"7a": [str(v) for v in r7], "8a": [str(v) for v in r8]}
    card = score(r, validate_findings(r, values, ()))
    met = sum(v >= t for v, t in zip(r7, T7, strict=True))
    below = sum(v < t for v, t in zip(r8, T8, strict=True))
    award = D(2) * met if cap7 is None else min(D(2) * met, cap7)
    cut = D(below) if cap8 is None else min(D(below), cap8)
    assert card.requirement("7").score == min(award, D(6))
    assert card.requirement("8").score == max(D(3) - cut, D(0))
    for req in ("7", "8"):
        q = card.requirement(req)
        assert q.base + sum((a.delta for a in q.applied), D(0)) == q.score
