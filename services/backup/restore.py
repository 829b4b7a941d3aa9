"""``pioneer restore IN.tar``: check the manifest, restore into an empty home, verify.

Nothing is written where data already is: the home must hold no database with tables (on
PostgreSQL: the database named by PIONEER_DATABASE_URL has no tables) and no evidence files.
Every member is checked against the manifest (name, size, sha256) in a scratch folder before
anything is put in place; a member the manifest does not list, a link, or a missing one refuses
the whole backup. Then the schema is brought to the code's version and verify runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from services.audit.checks import verify_store_and_audit
from services.backup.manifest import CHUNK, EVIDENCE_PREFIX, MANIFEST, BackupError, Manifest
from services.backup.snapshot import pg_env, run_pg_tool, sqlite_path
from services.evidence.intake import blob_store
from services.evidence.upkeep import VerifyReport
from store.db import reset_engines
from store.migrate import ensure_current
from store.settings import Settings, load_settings

NOT_EMPTY = "恢复只能写入空的数据目录和空数据库，以免覆盖现有数据："


@dataclass
class RestoreResult:
    manifest: Manifest
    report: VerifyReport
    notes: list[str]


def _key_notes() -> list[str]:
    """The identity-number key is not in a backup: say so when the restored data needs it."""
    from sqlmodel import select

    from services.ledgers.rows import secret_path
    from store.db import session_scope
    from store.ledger_tables import LedgerImport

    with session_scope() as session:
        hashed = session.exec(select(LedgerImport.id).limit(1)).first() is not None
    path = secret_path()
    if hashed and not path.exists():
        return [
            f"提醒：备份中不含身份证号散列密钥，{path} 不存在。请把原密钥文件放到该位置"
            "（或用 PIONEER_SECRET_FILE 指向它）后再导入台账"
        ]
    return []


def _sqlite_has_tables(db: Path) -> bool:
    if not db.is_file() or db.stat().st_size == 0:
        return False
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0
        )
    except sqlite3.DatabaseError:
        return True  # not a database we can read: not ours to overwrite either
    finally:
        conn.close()


def _pg_has_tables(settings: Settings) -> bool:
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            n = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return n > 0


def check_empty(settings: Settings) -> None:
    """Refuse (in Chinese) a home or database that already holds data."""
    if settings.is_sqlite:
        db = sqlite_path(settings)
        if _sqlite_has_tables(db):
            raise BackupError(
                f"{NOT_EMPTY}{db} 中已有数据。请设置 PIONEER_HOME 为一个空目录后再恢复"
            )
    elif _pg_has_tables(settings):
        raise BackupError(
            f"{NOT_EMPTY}数据库 {settings.database_url.rsplit('/', 1)[-1]} 中已有数据表。"
            "请新建一个空数据库并把 PIONEER_DATABASE_URL 指向它后再恢复"
        )
    evidence = settings.evidence_dir
    if evidence.is_dir() and next(blob_store().iter_blobs(), None) is not None:
        raise BackupError(f"{NOT_EMPTY}{evidence} 中已有材料文件。请换一个空目录后再恢复")


def _extract(src: Path, work: Path) -> Manifest:
    """Every member checked against the manifest, written into ``work``."""
    try:
        tar = tarfile.open(src, mode="r:")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份文件 {src}：不是 tar 文件或已损坏") from exc
    with tar:
        try:
            member = tar.getmember(MANIFEST)
            manifest = Manifest.from_bytes(tar.extractfile(member).read())
        except (KeyError, AttributeError) as exc:
            raise BackupError("备份文件中没有清单（manifest.json），不是本系统的备份") from exc
        seen: set[str] = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            want = manifest.files.get(member.name)
            if want is None or not member.isreg() or member.name in seen:
                raise BackupError(f"备份文件中有清单之外的内容：{member.name}，拒绝恢复")
            seen.add(member.name)
            digest, size = hashlib.sha256(), 0
            target = work / member.name.replace("/", "__")
            with tar.extractfile(member) as data, open(target, "wb") as out:
                while chunk := data.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if digest.hexdigest() != want["sha256"] or size != want["size"]:
                raise BackupError(f"备份文件已损坏：{member.name} 与清单记录的哈希不符，拒绝恢复")
        missing = sorted(set(manifest.files) - seen)
        if missing:
            raise BackupError(
                f"备份文件不完整：缺少 {len(missing)} 个文件（如 {missing[0]}），拒绝恢复"
            )
    return manifest


def _place(manifest: Manifest, work: Path, settings: Settings) -> None:
    db_file = work / manifest.database.replace("/", "__")
    if manifest.engine == "sqlite":
        db = sqlite_path(settings)
        db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            extra.unlink(missing_ok=True)
        os.chmod(db_file, 0o600)
        shutil.move(db_file, db)
    else:
        run_pg_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={pg_env(settings)['PGDATABASE']}",
                str(db_file),
            ],
            pg_env(settings),
            "恢复数据库",
        )
    store = blob_store()
    for name in manifest.files:
        if not name.startswith(EVIDENCE_PREFIX):
            continue
        sha = name[len(EVIDENCE_PREFIX) :]
        path = store.path(sha)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        staged = work / name.replace("/", "__")
        os.chmod(staged, 0o400)
        shutil.move(staged, path)


def restore_backup(src: Path, settings: Settings | None = None) -> RestoreResult:
    """Restore the backup at ``src`` into the (empty) configured home and database."""
    settings = settings or load_settings()
    src = Path(src).expanduser()
    if not src.is_file():
        raise BackupError(f"备份文件不存在：{src}")
    check_empty(settings)
    engine = "sqlite" if settings.is_sqlite else "postgresql"
    settings.files.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix=".pioneer-restore-", dir=settings.files) as tmp:
        manifest = _extract(src, Path(tmp))
        if manifest.engine != engine:
            names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
            raise BackupError(
                f"这份备份来自 {names[manifest.engine]}，当前设置使用 {names[engine]}："
                "请按备份的数据库类型设置 PIONEER_DATABASE_URL 后再恢复"
            )
        check_empty(settings)  # nobody started writing meanwhile
        _place(manifest, Path(tmp), settings)
    reset_engines()
    ensure_current(settings)
    return RestoreResult(manifest, verify_store_and_audit(), _key_notes())
