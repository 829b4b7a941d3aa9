"""Exceptions of the ledgers package; every message is meant for the user (Chinese)."""


class LedgerError(Exception):
    """Base class; str(exc) is a Chinese message that can be shown as is."""


class LedgerReadError(LedgerError):
    """The file cannot be read as a table (corrupt, wrong type, empty, no header)."""


class MappingError(LedgerError):
    """Columns cannot be mapped (unknown kind, bad user mapping, required column missing)."""
