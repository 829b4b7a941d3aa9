"""``pioneer backup OUT.tar``: a consistent snapshot taken while the app writes.

SQLite: the online backup API copies the database in one step under one read transaction, so
the copy is the database as of one commit (WAL included). PostgreSQL: a repeatable-read
transaction exports its snapshot; ``pg_dump --snapshot`` dumps exactly that state, and the
evidence files listed are read in the same snapshot. Evidence files are content-addressed and
never change, so copying those the snapshot refers to (from the store, or from the staging area
if the upload committed but was not yet published) completes the backup. The tar is written
beside OUT as ``OUT.part`` and renamed into place when complete.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from sqlalchemy import text

from services.backup.manifest import (
    EVIDENCE_PREFIX,
    MANIFEST,
    BackupError,
    HashingReader,
    Manifest,
)
from services.evidence.intake import blob_store, staging_store
from store.db import get_engine
from store.settings import Settings, load_settings

COUNTS = {
    "evidence": "SELECT count(*) FROM evidence",
    "evidence_revisions": "SELECT count(*) FROM evidencerevision",
    "audit_events": "SELECT count(*) FROM auditevent",
}
SHAS = "SELECT DISTINCT sha256 FROM evidencerevision"
SCHEMA = "SELECT version_num FROM alembic_version"


def sqlite_path(settings: Settings) -> Path:
    return Path(settings.database_url.split("sqlite:///", 1)[-1])


def _sqlite_snapshot(settings: Settings, work: Path) -> tuple[Path, list[str], str | None, dict]:
    db = sqlite_path(settings)
    if not db.is_file():
        raise BackupError(f"没有找到数据库文件：{db}")
    target = work / "pioneer.db"
    src = sqlite3.connect(str(db), timeout=30)
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)  # one step: the whole database as of one moment
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        shas = [r[0] for r in dst.execute(SHAS)]
        schema = dst.execute(SCHEMA).fetchone()
        counts = {k: dst.execute(q).fetchone()[0] for k, q in COUNTS.items()}
    finally:
        dst.close()
        src.close()
    return target, shas, schema[0] if schema else None, counts


def pg_env(settings: Settings) -> dict[str, str]:
    """libpq settings for pg_dump / pg_restore (the password in the environment, not argv)."""
    url = get_engine(settings).url
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[key] = str(value)
    return env


def run_pg_tool(args: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(
            f"找不到 {args[0]}：请安装与数据库同一版本的 PostgreSQL 客户端（postgresql-client）"
        )
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=6 * 3600)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise BackupError(f"{what}失败（{args[0]} 退出码 {done.returncode}）：{tail}")


def _pg_snapshot(settings: Settings, work: Path) -> tuple[Path, list[str], str | None, dict]:
    target = work / "pioneer.dump"
    engine = get_engine(settings)
    repeatable = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with repeatable as conn, conn.begin():
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        shas = list(conn.execute(text(SHAS)).scalars())
        schema = conn.execute(text(SCHEMA)).scalar()
        counts = {k: conn.execute(text(q)).scalar_one() for k, q in COUNTS.items()}
        run_pg_tool(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            pg_env(settings),
            "导出数据库",
        )
    return target, shas, schema, counts


def _add(tar: tarfile.TarFile, manifest: Manifest, name: str, path: Path) -> str:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    info.mtime = int(path.stat().st_mtime)
    with open(path, "rb") as handle:
        reader = HashingReader(handle)
        tar.addfile(info, reader)
    manifest.files[name] = {"sha256": reader.hexdigest(), "size": info.size}
    return reader.hexdigest()


def _blob(sha: str) -> Path:
    for store in (blob_store(), staging_store()):
        if store.exists(sha):
            return store.path(sha)
    raise BackupError(f"材料文件缺失：{sha}。备份未完成，请先运行 pioneer evidence verify 查明原因")


def create_backup(out: Path, settings: Settings | None = None) -> Manifest:
    """Write the backup tar to ``out``; returns its manifest."""
    settings = settings or load_settings()
    out = Path(out).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    with tempfile.TemporaryDirectory(prefix=".pioneer-backup-", dir=out.parent) as tmp:
        work = Path(tmp)
        take = _sqlite_snapshot if settings.is_sqlite else _pg_snapshot
        db_file, shas, schema, counts = take(settings, work)
        manifest = Manifest(
            engine="sqlite" if settings.is_sqlite else "postgresql", schema=schema, counts=counts
        )
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw:
                with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    _add(tar, manifest, manifest.database, db_file)
                    for sha in sorted(shas):
                        if _add(tar, manifest, EVIDENCE_PREFIX + sha, _blob(sha)) != sha:
                            raise BackupError(
                                f"材料文件已损坏（内容与哈希不符）：{sha}。备份未完成"
                            )
                    body = manifest.to_bytes()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mode = len(body), 0o600
                    tar.addfile(info, io.BytesIO(body))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(part, out)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return manifest
