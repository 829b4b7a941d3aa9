"""Helpers shared by the commands: printing JSON and Chinese errors with the right exit code."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any, NoReturn

import typer


def plain(value: Any) -> Any:
    """Make a structure JSON-ready: exact decimals as numbers, tuples/sets as lists."""
    if isinstance(value, Decimal):
        n = value.normalize()
        return int(n) if n == n.to_integral_value() else float(format(n, "f"))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def print_json(data: Any) -> None:
    typer.echo(json.dumps(plain(data), ensure_ascii=False, indent=2))


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a Chinese error to stderr and exit (2: bad input; 1: inconsistent state)."""
    print(message, file=sys.stderr)
    raise typer.Exit(code)
