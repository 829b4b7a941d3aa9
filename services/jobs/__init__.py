"""Background work: a job table the office sees, procrastinate workers on PostgreSQL and an
in-process runner on SQLite (see queue.py for the transactional enqueue)."""

from services.jobs import upkeep_kinds, work_kinds  # noqa: E402, F401  (register their kinds)
