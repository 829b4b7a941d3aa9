"""迎检材料汇编: one PDF per system (cover, 目录, dividers, evidence, 缺失材料) and an index."""

from reports.binder.build import BinderFile, BinderResult, build_binders
from reports.binder.index import index_xlsx
from reports.binder.model import (
    BinderDoc,
    BinderIndicator,
    BinderInput,
    BinderRequirement,
    BinderSystem,
    MissingItem,
)

__all__ = [
    "BinderDoc",
    "BinderFile",
    "BinderIndicator",
    "BinderInput",
    "BinderRequirement",
    "BinderResult",
    "BinderSystem",
    "MissingItem",
    "build_binders",
    "index_xlsx",
]
