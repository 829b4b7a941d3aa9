"""Content-addressed blob store: ``root/ab/cd/<sha256>``.

A write goes to a temp file (``.tmp-*``) in the final directory, is fsynced, renamed into
place with ``os.replace`` and the directory is fsynced: a blob path either does not exist or
holds the complete bytes. A process killed mid-write leaves only a ``.tmp-*`` file, which
``iter_blobs`` never reports and ``orphan_temps``/``remove_orphan_temps`` find.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_PREFIX = ".tmp-"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


def _check_sha(sha: str) -> str:
    if not isinstance(sha, str) or not _SHA.match(sha):
        raise ValueError(f"not a lower-case hex sha256: {sha!r}")
    return sha


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def path(self, sha: str) -> Path:
        _check_sha(sha)
        return self.root / sha[:2] / sha[2:4] / sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def put(self, data: bytes) -> tuple[str, Path, bool]:
        """Store ``data``; return (sha256, path, created). Same bytes twice → stored once.

        A stored blob whose bytes no longer match its name is rewritten.
        """
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.is_file() and self.verify(sha):
            return sha, target, False
        directory = target.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp_name, 0o400)  # read-only, and only for the service account
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        _fsync_dir(directory)
        return sha, target, True

    def read(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()

    def verify(self, sha: str) -> bool:
        """Rehash the stored bytes; False if missing or corrupted."""
        digest = hashlib.sha256()
        try:
            with open(self.path(sha), "rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return False
        return digest.hexdigest() == sha

    def _shard_dirs(self) -> Iterator[Path]:
        for first in sorted(self.root.iterdir()):
            if not (first.is_dir() and re.fullmatch(r"[0-9a-f]{2}", first.name)):
                continue
            for second in sorted(first.iterdir()):
                if second.is_dir() and re.fullmatch(r"[0-9a-f]{2}", second.name):
                    yield second

    def iter_blobs(self) -> Iterator[str]:
        """Every stored sha256 (temp files and stray names ignored)."""
        for directory in self._shard_dirs():
            prefix = directory.parent.name + directory.name
            for entry in sorted(directory.iterdir()):
                name = entry.name
                if _SHA.match(name) and name.startswith(prefix) and entry.is_file():
                    yield name

    def orphan_temps(self, older_than_seconds: float = 0) -> list[Path]:
        """Temp files left by interrupted writes (optionally only those older than N s)."""
        now = time.time()
        found = []
        for directory in self._shard_dirs():
            for entry in sorted(directory.iterdir()):
                if (
                    entry.name.startswith(TEMP_PREFIX)
                    and entry.is_file()
                    and now - entry.stat().st_mtime >= older_than_seconds
                ):
                    found.append(entry)
        return found

    def remove_orphan_temps(self, older_than_seconds: float = 3600) -> list[Path]:
        """Delete leftovers of killed writes. The default age spares writes still running."""
        removed = []
        for entry in self.orphan_temps(older_than_seconds):
            try:
                entry.unlink()
                removed.append(entry)
            except FileNotFoundError:
                pass
        return removed
