"""Content-addressed blob store."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence.storage import TEMP_PREFIX, BlobStore

ROOT = Path(__file__).resolve().parents[2]


def test_put_twice_stores_once(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    data = "关于成立领导小组的通知".encode()
    sha, path, created = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert path == tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    assert created
    assert store.put(data) == (sha, path, False)
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [path]
    assert store.read(sha) == data and store.exists(sha) and store.verify(sha)
    assert list(store.iter_blobs()) == [sha]


def test_verify_detects_corruption_and_put_repairs(tmp_path):
    store = BlobStore(tmp_path)
    sha, path, _ = store.put(b"original bytes")
    path.chmod(0o644)
    path.write_bytes(b"tampered bytes")
    assert not store.verify(sha)
    assert store.put(b"original bytes")[2] is True
    assert store.verify(sha)
    assert not store.verify("0" * 64)


def test_bad_names_are_rejected(tmp_path):
    store = BlobStore(tmp_path)
    for bad in ("../../etc/passwd", "ABC", "g" * 64, "A" * 64):
        with pytest.raises(ValueError):
            store.path(bad)


_KILLED_WRITER = """
import os, sys, time
from evidence.storage import BlobStore
os.fsync = lambda fd: (print("writing", flush=True), time.sleep(60))
BlobStore(sys.argv[1]).put(b"x" * 1_000_000)
"""


def test_a_killed_write_leaves_only_a_temp_file(tmp_path):
    store = BlobStore(tmp_path)
    kept, _, _ = store.put(b"kept")
    writer = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert writer.stdout.readline().strip() == "writing"  # data written, not yet renamed
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert list(store.iter_blobs()) == [kept]
    orphans = store.orphan_temps()
    assert len(orphans) == 1 and orphans[0].name.startswith(TEMP_PREFIX)
    assert orphans[0].stat().st_size == 1_000_000
    assert store.remove_orphan_temps(older_than_seconds=3600) == []  # too fresh to be sure
    old = time.time() - 7200
    os.utime(orphans[0], (old, old))
    assert store.remove_orphan_temps(older_than_seconds=3600) == orphans
    assert store.orphan_temps() == [] and list(store.iter_blobs()) == [kept]
