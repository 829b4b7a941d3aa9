"""Bring a scoring table (.docx/.xlsx) in as a draft rubric: rows, typed clauses, YAML."""

from __future__ import annotations

from decimal import Decimal

import yaml

from rubric.importer.draft import ImportReport, build_draft


class _DraftDumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value.normalize(), "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_DraftDumper.add_representer(Decimal, _decimal)


def dump_draft(draft: dict) -> str:
    """The draft as YAML that ``pioneer rubric check`` reads (decimals written exactly)."""
    return yaml.dump(draft, Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=100)


__all__ = ["ImportReport", "build_draft", "dump_draft"]
