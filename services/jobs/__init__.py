"""Background work: a job table the office sees, procrastinate workers on PostgreSQL and an
in-process runner on SQLite (see queue.py for the transactional enqueue)."""
