"""The rubric as data: models, loader and the standards shipped with the product."""

from rubric.loader import (
    RubricError,
    available_rubrics,
    load_rubric,
    load_rubric_file,
    parse_rubric,
)
from rubric.models import Requirement, Rubric

__all__ = [
    "Requirement",
    "Rubric",
    "RubricError",
    "available_rubrics",
    "load_rubric",
    "load_rubric_file",
    "parse_rubric",
]
