"""Rubrics in the database: import a table or a YAML file as a draft, review it, publish it.

A published version is immutable and referred to as ``<id>@<version>``; a round stores that
reference, so a later version never changes a past round's score. The built-in files in
rubric/standards/ stay usable by their plain ids. A unit's office imports, reviews and publishes
its own rubrics; its subtree (a city's counties) may use what it publishes for their rounds.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from sqlalchemy import inspect
from sqlmodel import Session, func, select

from rubric import Rubric, RubricError, available_rubrics, load_rubric, parse_rubric
from rubric.checks import Problem
from services import access, audit
from services.actor import Actor
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.rubrics.tables import import_table
from store.base import utcnow
from store.db import session_scope
from store.rubric_tables import RUBRIC_STATUSES, RubricVersion

SEP = "@"
MAX_YAML_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".docx", ".xlsx")


def version_ref(rubric_id: str, version: int) -> str:
    return f"{rubric_id}{SEP}{version}"


def split_ref(ref: str) -> tuple[str, int] | None:
    """(id, version) of a published version's reference, None for a built-in file's id."""
    base, sep, number = ref.partition(SEP)
    if not sep or not number.isdigit():
        return None
    return base, int(number)


def _published_row(session: Session, parts: tuple[str, int]) -> RubricVersion | None:
    return session.exec(
        select(RubricVersion).where(
            RubricVersion.rubric_id == parts[0],
            RubricVersion.version == parts[1],
            RubricVersion.status == "published",
        )
    ).first()


@functools.lru_cache(maxsize=32)
def _parsed(ref: str, text: str) -> Rubric:
    return parse_rubric(text, ref).model_copy(update={"id": ref})


def published_rubric(ref: str) -> Rubric | None:
    """The published version ``ref`` names (its id is the reference), None if ``ref`` is not a
    version reference; RubricError if no such version was published."""
    parts = split_ref(ref)
    if parts is None:
        return None
    with session_scope() as session:
        row = _published_row(session, parts)
        text = row.text if row else None
    if text is None:
        raise RubricError(ref, (Problem(None, None, f"找不到已发布的评分细则「{ref}」"),))
    return _parsed(ref, text)


# -- who sees what ------------------------------------------------------------------------------


def _usable_units(session: Session, unit_id: int) -> set[int]:
    """Units whose published rubrics ``unit_id`` may use: itself and its ancestors."""
    return {unit_id, *access.unit_tree(session).ancestors(unit_id)}


def _visible(session: Session, actor: Actor, unit_id: int) -> list[RubricVersion]:
    access.require_read_unit(actor, unit_id, session)
    owners = _usable_units(session, unit_id)
    return list(
        session.exec(
            select(RubricVersion)
            .where(RubricVersion.unit_id.in_(owners))  # type: ignore[union-attr]
            .order_by(RubricVersion.rubric_id, RubricVersion.id)
        )
    )


def _row_for_write(session: Session, actor: Actor, version_id: int) -> RubricVersion:
    actor.require("office", action="管理评分细则")
    row = session.get(RubricVersion, version_id)
    if row is None:
        raise NotFound(f"评分细则草稿 {version_id} 不存在")
    access.require_write_unit(actor, row.unit_id, session)
    if row.status == "published":
        raise InvalidInput("已发布的版本不能修改：如需调整，请导入新的草稿并发布为新版本")
    return row


def require_usable(session: Session, actor: Actor, unit_id: int, ref: str) -> None:
    """A round of ``unit_id`` may use ``ref``: a built-in id, or a version published by the unit
    or one of its ancestors."""
    parts = split_ref(ref)
    if parts is None:
        return
    row = _published_row(session, parts)
    if row is None or row.unit_id not in _usable_units(session, unit_id):
        raise PermissionDenied(f"本单位不能使用评分细则「{ref}」：它不是本单位或上级单位发布的")


# -- views --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    id: int
    rubric_id: str
    version: int | None
    status: str
    status_label: str
    title: str
    unit_id: int
    source_name: str
    to_review: int
    problems: tuple[str, ...]
    created_by: str
    published_by: str | None
    published_at: object

    @property
    def ref(self) -> str | None:
        return version_ref(self.rubric_id, self.version) if self.version else None

    @property
    def label(self) -> str:
        which = f"第 {self.version} 版" if self.version else self.status_label
        return f"{self.title}（{which}）"


def check_text(text: str, name: str) -> tuple[Rubric | None, tuple[str, ...]]:
    """The parsed rubric (None if it does not load) and every problem, each on one line."""
    try:
        rubric = parse_rubric(text, name)
    except RubricError as exc:
        return None, tuple(p.render(name) for p in exc.problems)
    return rubric, ()


def _info(row: RubricVersion) -> VersionInfo:
    rubric, problems = check_text(row.text, row.source_name or row.rubric_id)
    return VersionInfo(
        id=row.id,
        rubric_id=row.rubric_id,
        version=row.version,
        status=row.status,
        status_label=RUBRIC_STATUSES.get(row.status, row.status),
        title=row.title,
        unit_id=row.unit_id,
        source_name=row.source_name,
        to_review=len(rubric.to_review()) if rubric else 0,
        problems=problems,
        created_by=row.created_by,
        published_by=row.published_by,
        published_at=row.published_at,
    )


def list_versions(actor: Actor, unit_id: int) -> list[VersionInfo]:
    """Every rubric in the database the unit sees: its own and its ancestors' (drafts of its own
    only), by id then version."""
    with session_scope() as session:
        rows = [
            r
            for r in _visible(session, actor, unit_id)
            if r.status == "published" or r.unit_id == unit_id
        ]
        return [_info(r) for r in rows]


def published_refs() -> list[str]:
    """Every published version's reference (``<id>@<n>``), for a setup file's error message;
    whether a unit may use one is ``require_usable``'s question."""
    with session_scope() as session:
        if not inspect(session.get_bind()).has_table(RubricVersion.__tablename__):
            return []  # a setup file read before the database exists (pioneer setup --dry-run)
        rows = session.exec(
            select(RubricVersion.rubric_id, RubricVersion.version)
            .where(RubricVersion.status == "published")
            .order_by(RubricVersion.rubric_id, RubricVersion.version)
        ).all()
    return [version_ref(rid, n) for rid, n in rows]


def rubric_choices(actor: Actor, unit_id: int) -> list[tuple[str, str]]:
    """(reference, label) of every rubric a round of the unit may use: built-in files first,
    then published versions (newest version of each id first)."""
    out = []
    for rid in available_rubrics():
        try:
            out.append((rid, f"{load_rubric(rid).title}（{rid}）"))
        except RubricError:
            out.append((rid, rid))  # a broken file is listed; choosing it reports the error
    with session_scope() as session:
        rows = [r for r in _visible(session, actor, unit_id) if r.status == "published"]
    rows.sort(key=lambda r: (r.rubric_id, -(r.version or 0)))
    out += [(version_ref(r.rubric_id, r.version), f"{r.title}（第 {r.version} 版）") for r in rows]
    return out


def get_version(actor: Actor, version_id: int) -> tuple[VersionInfo, str]:
    """A rubric version the actor sees, and its YAML text."""
    with session_scope() as session:
        row = session.get(RubricVersion, version_id)
        if row is None:
            raise NotFound(f"评分细则 {version_id} 不存在")
        readable = row.unit_id in access.readable_units(actor, session)
        home = access.home_unit(actor, session)
        usable = home is not None and row.unit_id in _usable_units(session, home)
        if not (readable or (usable and row.status == "published")):
            raise PermissionDenied(access.READ_DENIED)
        return _info(row), row.text


# -- writes -------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _status(text: str, name: str) -> str:
    rubric, problems = check_text(text, name)
    return "reviewed" if rubric is not None and not problems and not rubric.to_review() else "draft"


def _yaml_text(data: bytes, name: str) -> str:
    if len(data) > MAX_YAML_BYTES:
        raise InvalidInput(f"细则文件「{name}」过大，YAML 文件上限为 2 MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"细则文件「{name}」不是 UTF-8 编码的文本") from None
    if "\x00" in text:
        raise InvalidInput(f"细则文件「{name}」不是文本文件")
    return text


def import_rubric(
    actor: Actor,
    unit_id: int,
    data: bytes,
    filename: str,
    rubric_id: str = "",
    title: str = "",
    *,
    sandbox: bool = True,
) -> VersionInfo:
    """A .docx/.xlsx table (read in the sandbox) or a .yaml rubric as a draft of the unit."""
    actor.require("office", action="导入评分细则")
    with session_scope() as session:  # before reading a byte of the file
        access.require_write_unit(actor, unit_id, session)
    name = (filename or "未命名")[-200:]
    lower = name.lower()
    report = None
    if lower.endswith(YAML_SUFFIXES):
        text = _yaml_text(data, name)
        rubric, problems = check_text(text, name)
        if rubric is None:
            raise InvalidInput(f"细则文件「{name}」无法使用：\n" + "\n".join(problems[:10]))
        rubric_id, title = rubric.id, title.strip() or rubric.title
    elif lower.endswith(TABLE_SUFFIXES):
        text, rep = import_table(data, name, rubric_id.strip(), title.strip(), sandbox=sandbox)
        report = {
            "clauses": rep.clauses,
            "typed": rep.typed,
            "review": len(rep.review),
            "problems": rep.problems,
        }
        title = title.strip() or rubric_id
    else:
        raise InvalidInput(
            f"「{name}」不是评分细则：请上传 Word（.docx）、Excel（.xlsx）或 YAML 文件"
        )
    if rubric_id in available_rubrics():
        raise InvalidInput(f"细则编号「{rubric_id}」与系统内置的细则相同，请换一个编号")
    with session_scope() as session:
        access.require_write_unit(actor, unit_id, session)
        owner = session.exec(
            select(RubricVersion.unit_id).where(RubricVersion.rubric_id == rubric_id)
        ).first()
        if owner is not None and owner != unit_id:
            raise InvalidInput(f"细则编号「{rubric_id}」已被其他单位使用，请换一个编号")
        row = RubricVersion(
            rubric_id=rubric_id,
            status=_status(text, name),
            title=title[:200] or rubric_id,
            unit_id=unit_id,
            text=text,
            sha256=_digest(text),
            source_name=name,
            report=report,
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "rubric.import",
            "rubric_version",
            row.id,
            after={"rubric": rubric_id, "file": name, "status": row.status, "report": report},
        )
        return _info(row)


def save_text(actor: Actor, version_id: int, text: str, note: str) -> VersionInfo:
    """Replace a draft's text (a corrected clause); the status follows what the text now is."""
    with session_scope() as session:
        row = _row_for_write(session, actor, version_id)
        before = {"status": row.status, "sha256": row.sha256}
        row.text = text
        row.sha256 = _digest(text)
        row.status = _status(text, row.source_name or row.rubric_id)
        row.updated_at = utcnow()
        session.add(row)
        audit.record(
            session,
            actor,
            "rubric.review",
            "rubric_version",
            row.id,
            before=before,
            after={"status": row.status, "sha256": row.sha256, "note": note},
        )
        return _info(row)


def publish(actor: Actor, version_id: int) -> str:
    """Publish a reviewed draft as the next version of its id; its reference for rounds."""
    with session_scope() as session:
        row = _row_for_write(session, actor, version_id)
        rubric, problems = check_text(row.text, row.source_name or row.rubric_id)
        if rubric is None:
            raise InvalidInput("细则还有错误，不能发布：\n" + "\n".join(problems[:10]))
        if rubric.to_review():
            raise InvalidInput(f"还有 {len(rubric.to_review())} 条评分条款待复核，复核完才能发布")
        last = session.exec(
            select(func.max(RubricVersion.version)).where(RubricVersion.rubric_id == row.rubric_id)
        ).one()
        row.version = (last or 0) + 1
        row.status = "published"
        row.published_by = actor.username
        row.published_at = utcnow()
        session.add(row)
        audit.record(
            session,
            actor,
            "rubric.publish",
            "rubric_version",
            row.id,
            after={"rubric": row.rubric_id, "version": row.version, "sha256": row.sha256},
        )
        return version_ref(row.rubric_id, row.version)


def delete_draft(actor: Actor, version_id: int) -> None:
    with session_scope() as session:
        row = _row_for_write(session, actor, version_id)
        audit.record(
            session,
            actor,
            "rubric.delete",
            "rubric_version",
            row.id,
            before={"rubric": row.rubric_id, "status": row.status, "file": row.source_name},
        )
        session.delete(row)
