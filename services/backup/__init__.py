"""Backup and restore: a consistent online snapshot of the database and the evidence files.

``snapshot.create_backup`` writes one tar: the database (SQLite online backup API, or
``pg_dump`` in an exported snapshot on PostgreSQL), every evidence file that snapshot refers
to, and ``manifest.json`` with the sha256 of each. ``restore.restore_backup`` checks the
manifest, restores into an empty home (or empty PostgreSQL database) and runs verify.
"""
