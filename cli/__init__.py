"""The ``pioneer`` command line: thin commands over services/, Chinese output, ``--json``."""

from cli.main import app

__all__ = ["app"]
