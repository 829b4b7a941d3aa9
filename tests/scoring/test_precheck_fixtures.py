"""The checks on 30+ labelled documents agree with the labels on at least 95% of proposals."""

from __future__ import annotations

import yaml

from tests.scoring.precheck_fixtures import DATA, fixture_outcomes


def test_at_least_30_documents_some_complete_some_missing_one_element():
    docs = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert len(docs) >= 30
    assert any(all(v is False for v in d["expect"].values()) for d in docs)
    assert sum(1 for d in docs if sum(v is True for v in d["expect"].values()) == 1) >= 10


def test_precheck_agrees_with_the_labels_on_95_percent_of_proposals():
    outcomes = fixture_outcomes()
    wrong = [o for o in outcomes if not o.agrees]
    rate = 1 - len(wrong) / len(outcomes)
    assert rate >= 0.95, [(o.document, o.rule, o.expected, o.proposed) for o in wrong]
