"""The nightly backup job: ``PIONEER_BACKUP_DIR/pioneer-<day>.tar``, keeping the newest
``PIONEER_BACKUP_KEEP`` (default 14). Safe to run twice: a day's finished backup is kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from services.backup.snapshot import create_backup

PREFIX = "pioneer-"


def backup_dir() -> Path | None:
    named = os.environ.get("PIONEER_BACKUP_DIR", "").strip()
    return Path(named).expanduser() if named else None


def keep() -> int:
    return max(1, int(os.environ.get("PIONEER_BACKUP_KEEP", "14")))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def nightly_backup(day: dt.date) -> str:
    """Back up into the backup folder and prune; returns the line 后台任务 shows."""
    folder = backup_dir()
    if folder is None:
        return "未设置备份目录（PIONEER_BACKUP_DIR），未备份"
    out = folder / f"{PREFIX}{day.isoformat()}.tar"
    if not out.exists():
        create_backup(out)
    backups = sorted(folder.glob(f"{PREFIX}????-??-??.tar"))
    for old in backups[: -keep()]:
        old.unlink(missing_ok=True)
    kept = len(backups[-keep() :])
    return f"已备份：{out.name}（{_size(out.stat().st_size)}），备份目录中保留 {kept} 份"
