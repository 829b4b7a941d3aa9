"""The backup's manifest: what the tar holds, with the sha256 and size of every file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import IO

FORMAT = "pioneer-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/pioneer.db"
PG_MEMBER = "database/pioneer.dump"  # pg_dump custom format
EVIDENCE_PREFIX = "evidence/"
_NAME = re.compile(r"^(database/pioneer\.(db|dump)|evidence/[0-9a-f]{64})$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is Chinese and says why."""


@dataclass
class Manifest:
    engine: str  # sqlite | postgresql
    schema: str | None  # the alembic revision of the database
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    files: dict[str, dict] = field(default_factory=dict)  # member -> {sha256, size}
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def database(self) -> str:
        return SQLITE_MEMBER if self.engine == "sqlite" else PG_MEMBER

    def to_bytes(self) -> bytes:
        body = {
            "format": FORMAT,
            "version": VERSION,
            "engine": self.engine,
            "schema": self.schema,
            "created_at": self.created_at,
            "counts": self.counts,
            "files": self.files,
        }
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        try:
            body = json.loads(data.decode("utf-8"))
            if body.get("format") != FORMAT:
                raise ValueError("format")
            if int(body.get("version", 0)) > VERSION:
                raise BackupError("备份文件由更新版本的系统生成，请先升级本系统再恢复")
            files = {
                str(k): {"sha256": str(v["sha256"]), "size": int(v["size"])}
                for k, v in body["files"].items()
            }
            m = cls(
                engine=str(body["engine"]),
                schema=body.get("schema"),
                created_at=str(body.get("created_at", "")),
                files=files,
                counts={str(k): int(v) for k, v in body.get("counts", {}).items()},
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(
                "备份文件的清单（manifest.json）无法读取，不是本系统的备份或已损坏"
            ) from exc
        bad = [name for name in m.files if not _NAME.match(name)]
        if bad or m.engine not in ("sqlite", "postgresql") or m.database not in m.files:
            raise BackupError("备份文件的清单内容不正确，不是本系统的备份或已损坏")
        return m


class HashingReader:
    """A file wrapper that hashes what is read through it (for tarfile.addfile)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.handle.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()
