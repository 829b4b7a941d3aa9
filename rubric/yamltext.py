"""YAML reading shared by rubric files and findings files: safe, strict about keys, exact.

PyYAML lets a repeated key silently win over the first one. Here a repeated key in any mapping
is refused, naming the key and both lines, because the first value would otherwise be lost
without anyone noticing. A number with a fraction is read as the Decimal it spells
(0.79999999999999999999 stays that, never the float 0.8).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml


@dataclass
class DuplicateKey(Exception):
    """A key given twice in one mapping; lines are 1-based."""

    key: str
    first_line: int
    second_line: int

    def __str__(self) -> str:
        return (
            f"键「{self.key}」重复：第 {self.first_line} 行与第 {self.second_line} 行，请只保留一个"
        )


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A SafeLoader (libyaml's where installed: the same result, much faster) that refuses a
    mapping with the same key twice."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # PyYAML refuses unhashable keys itself
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise DuplicateKey(str(key), seen[key], line)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        d = Decimal(text)
    except InvalidOperation:
        return loader.construct_yaml_float(node)  # .inf, .nan, 1:30 sexagesimal
    return d if d.is_finite() else loader.construct_yaml_float(node)


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:float", _exact_float)


def load_yaml(text: str) -> object:
    """``yaml.safe_load`` that raises DuplicateKey for a repeated key (JSON text too)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
