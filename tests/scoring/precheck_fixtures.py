"""The labelled documents of tests/data/precheck, evaluated one at a time against 附件2's checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from rubric.loader import load_rubric
from scoring.precheck import Context, Doc, evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "precheck" / "documents.yaml"
PERIOD = Context(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))


@dataclass(frozen=True)
class Outcome:
    document: str
    rule: str
    expected: object
    proposed: object
    reason: str

    @property
    def agrees(self) -> bool:
        return self.expected == self.proposed


def fixture_outcomes() -> list[Outcome]:
    rubric = load_rubric("yanzhou-2020")
    out: list[Outcome] = []
    for n, d in enumerate(yaml.safe_load(DATA.read_text(encoding="utf-8")), start=1):
        doc = Doc(n, d["title"], d.get("number"), d["date"], "approved", [d["text"]])
        props = {
            p.rule: p
            for p in evaluate(
                rubric, {d["requirement"]: [doc]}, PERIOD, requirements=[d["requirement"]]
            )
        }
        for rule, expected in d["expect"].items():
            p = props.get(rule)
            out.append(
                Outcome(
                    d["name"], rule, expected, p.value if p else None, p.reason if p else "无检查"
                )
            )
    return out
