"""Build the binders: convert every approved file, lay out each system's pages, number them.

One PDF per system: cover and 目录, then per indicator and requirement a divider followed by
the requirement's approved documents, then the 缺失材料清单. A document that proves several
requirements of one system is bound once, behind the first; the others' dividers point to its
page. Page numbers run from the cover (1) to the last page and the 目录 prints the same
numbers that are stamped, so the layout is computed from the real page counts: the generated
pages are rendered once with placeholder numbers, measured, and rendered again with the real
ones (their page counts are checked to be unchanged).

``convert`` (reports.pdf.convert_files) and ``sandboxed`` (a runner such as
evidence.sandbox.run_sandboxed) are passed in: this module does not know the processes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reports.binder.assemble import assemble, prepare
from reports.binder.model import (
    BinderDoc,
    BinderInput,
    BinderRequirement,
    BinderSystem,
    MissingItem,
    doc_label,
    requirement_label,
)
from reports.binder.pages import TocEntry, system_docx
from reports.binder.sheets import fit_width

Progress = Callable[[int, int, str | None], None]
Convert = Callable[..., dict]
Sandboxed = Callable[..., object]
OFFICE_KINDS = ("docx", "xlsx")
IMAGE_KINDS = ("jpeg", "png")
MAX_ROUNDS = 3


@dataclass
class SystemLayout:
    system: BinderSystem
    placed: list[tuple[BinderRequirement, list[BinderDoc]]]  # docs bound behind each req
    see_also: dict[str, list[BinderDoc]]  # req id -> docs bound behind an earlier req
    missing: list[MissingItem]
    pages: dict[str, int] = field(default_factory=dict)  # generated part -> page count
    starts: dict[str, int] = field(default_factory=dict)  # part or doc key -> first page
    total: int = 0


@dataclass
class BinderFile:
    system: str
    path: Path
    pages: int
    bytes: int
    documents: int
    missing: int


@dataclass
class BinderResult:
    files: list[BinderFile]
    index: list[dict]  # one row per bound document: binder, page, ...
    missing: list[dict]


# ---------------------------------------------------------------- converting the evidence


def _convert_documents(
    docs: list[BinderDoc], work: Path, convert: Convert, sandboxed: Sandboxed, step
) -> None:
    """Give every document ``pdf`` and ``pages``, or ``error``."""
    src = work / "src"
    src.mkdir(parents=True, exist_ok=True)
    office = [d for d in docs if d.kind in OFFICE_KINDS]
    sheets = [
        {"src": str(d.source), "out": str(src / f"{d.key}.xlsx")}
        for d in office
        if d.kind == "xlsx"
    ]
    if sheets:
        errors = sandboxed(fit_sheets, sheets)
        for d, err in zip([d for d in office if d.kind == "xlsx"], errors, strict=True):
            if err:
                d.error = err
    for d in office:
        if d.kind == "docx":
            shutil.copyfile(d.source, src / f"{d.key}.docx")
    office = [d for d in office if not d.error]
    if office:
        step(f"正在把 {len(office)} 份 Word/Excel 材料转换为 PDF")
        out = convert([src / f"{d.key}.{d.kind}" for d in office], work / "pdf")
        for d in office:
            result = out[src / f"{d.key}.{d.kind}"]
            if isinstance(result, Path):
                d.pdf = result
            else:
                d.error = str(result)
    items, targets = [], []
    for d in docs:
        if d.error:
            continue
        if d.kind in IMAGE_KINDS:
            d.pdf = work / "pdf" / f"{d.key}.pdf"
            items.append({"kind": "image", "src": str(d.source), "out": str(d.pdf)})
        elif d.kind == "pdf":
            d.pdf = d.source
            items.append({"kind": "pdf", "src": str(d.source), "out": ""})
        elif d.pdf is not None:
            items.append({"kind": "pdf", "src": str(d.pdf), "out": ""})
        else:
            d.error = f"不支持的文件类型：{d.kind}"
            continue
        targets.append(d)
    (work / "pdf").mkdir(parents=True, exist_ok=True)
    step("正在检查材料 PDF 的页数")
    for d, r in zip(targets, sandboxed(prepare, items) if items else [], strict=True):
        if "error" in r:
            d.error, d.pdf = r["error"], None
        else:
            d.pages = int(r["pages"])


def fit_sheets(items: list[dict]) -> list[str | None]:
    """Sandboxed: each workbook copied with its sheets set to fit the width (or an error)."""
    out = []
    for item in items:
        try:
            fit_width(item["src"], item["out"])
            out.append(None)
        except Exception as exc:  # noqa: BLE001 - reported per file
            out.append(f"Excel 文件无法读取（{type(exc).__name__}）")
    return out


# ---------------------------------------------------------------- layout


def _layout(system: BinderSystem) -> SystemLayout:
    placed, see_also, missing, bound = [], {}, [], {}
    for req in system.requirements():
        label = requirement_label(req)
        mine = []
        for d in req.documents:
            if d.error:
                missing.append(MissingItem(label, doc_label(d), d.department, "无法编入", d.error))
            elif d.key in bound:
                see_also.setdefault(req.id, []).append(d)
            else:
                bound[d.key] = d
                mine.append(d)
        placed.append((req, mine))
        missing.extend(req.missing)
        if not req.documents and not req.missing:
            dept = "、".join(req.departments)
            missing.append(MissingItem(label, "（无材料）", dept, "无材料", "尚未上传任何材料"))
    return SystemLayout(system, placed, see_also, missing)


def _by_req(lay: SystemLayout) -> dict[str, list[BinderDoc]]:
    return {req.id: docs for req, docs in lay.placed}


def _number(lay: SystemLayout) -> None:
    """Starting page of every part and document from the page counts in ``lay.pages``."""
    page = 1
    lay.starts = {"front": 1}
    page += lay.pages["front"]
    for req, docs in lay.placed:
        lay.starts[f"req:{req.id}"] = page
        page += lay.pages[f"req:{req.id}"]
        for d in docs:
            lay.starts[d.key] = page
            page += d.pages
    lay.starts["missing"] = page
    page += lay.pages["missing"]
    lay.total = page - 1


def _toc(lay: SystemLayout) -> list[TocEntry]:
    known = bool(lay.starts)
    at = lay.starts.get if known else (lambda key: None)
    entries = []
    by_req = _by_req(lay)
    for ind in lay.system.indicators:
        first = ind.requirements[0].id
        entries.append(TocEntry(0, f"{ind.name}（{ind.id}）", at(f"req:{first}")))
        for req in ind.requirements:
            entries.append(TocEntry(1, requirement_label(req), at(f"req:{req.id}")))
            for d in by_req[req.id]:
                entries.append(TocEntry(2, doc_label(d), at(d.key)))
    entries.append(TocEntry(0, "缺失材料清单", at("missing")))
    return entries


def _parts(lay: SystemLayout) -> list[str]:
    """The generated parts of a system in binding order."""
    return ["front", *(f"req:{r.id}" for r, _ in lay.placed), "missing"]


def _render(inp: BinderInput, layouts, work: Path, tag: str, convert, sandboxed) -> dict:
    """Render every system's generated pages (one .docx per system, one LibreOffice run) and
    find where each part starts; (system id, part) -> (pdf, first page, pages)."""
    folder = work / f"gen-{tag}"
    folder.mkdir(parents=True, exist_ok=True)
    sources = {}
    for lay in layouts:
        refs = {
            req: [(d, lay.starts.get(d.key)) for d in docs] for req, docs in lay.see_also.items()
        }
        path = folder / f"{lay.system.id}.docx"
        path.write_bytes(system_docx(inp, lay.system, _toc(lay), _by_req(lay), refs, lay.missing))
        sources[lay.system.id] = path
    converted = convert(list(sources.values()), folder / "pdf")
    items = []
    for lay in layouts:
        pdf = converted[sources[lay.system.id]]
        if not isinstance(pdf, Path):
            raise RuntimeError(f"汇编页面生成失败：{pdf}")
        items.append({"kind": "pdf", "src": str(pdf), "out": "", "outline": True})
    out = {}
    for lay, item, found in zip(layouts, items, sandboxed(prepare, items), strict=True):
        names, starts = _parts(lay), found.get("starts", [])
        if len(starts) != len(names) or starts != sorted(starts):
            raise RuntimeError(
                f"{lay.system.name}：分隔页书签 {len(starts)} 个，应为 {len(names)} 个"
            )
        ends = [*starts[1:], found["pages"]]
        for name, first, end in zip(names, starts, ends, strict=True):
            out[(lay.system.id, name)] = (Path(item["src"]), first, end - first)
    return out


# ---------------------------------------------------------------- the whole build


def build_binders(
    inp: BinderInput,
    work: Path,
    out_dir: Path,
    *,
    convert: Convert,
    sandboxed: Sandboxed,
    progress: Progress | None = None,
) -> BinderResult:
    steps = 5 + len(inp.systems)
    done = 0

    def step(text: str) -> None:
        nonlocal done
        if progress:
            progress(min(done, steps - 1), steps, text)
        done += 1

    docs = {d.key: d for s in inp.systems for r in s.requirements() for d in r.documents}
    step("正在准备材料")
    _convert_documents(list(docs.values()), work, convert, sandboxed, step)
    layouts = [_layout(s) for s in inp.systems]
    step("正在生成封面、目录和分隔页")
    for n in range(MAX_ROUNDS + 1):  # placeholders first, then the real page numbers
        parts = _render(inp, layouts, work, f"p{n}", convert, sandboxed)
        changed = False
        for lay in layouts:
            pages = {p: c for (sid, p), (_, _, c) in parts.items() if sid == lay.system.id}
            changed |= pages != lay.pages
            lay.pages = pages
            _number(lay)
        if n and not changed:
            break
    else:
        raise RuntimeError("目录页数无法稳定，汇编未生成")
    out_dir.mkdir(parents=True, exist_ok=True)
    files, index, missing = [], [], []
    for i, lay in enumerate(layouts, start=1):
        name = f"{i:02d}-{lay.system.name}.pdf"
        step(f"正在装订：{lay.system.name}")
        sid = lay.system.id
        spec_parts = [_part(parts[(sid, "front")])]
        for req, bound in lay.placed:
            spec_parts.append(_part(parts[(sid, f"req:{req.id}")]))
            spec_parts += [{"path": str(d.pdf), "pages": d.pages} for d in bound]
        spec_parts.append(_part(parts[(sid, "missing")]))
        made = sandboxed(
            assemble,
            {
                "out": str(out_dir / name),
                "parts": spec_parts,
                "outline": _outline(lay),
                "title": f"{inp.unit}迎检材料汇编——{lay.system.name}",
            },
        )
        if made["pages"] != lay.total:
            raise RuntimeError(f"{name}：装订页数 {made['pages']} 与目录 {lay.total} 不符")
        count = sum(len(b) for _, b in lay.placed)
        files.append(
            BinderFile(
                lay.system.name, out_dir / name, lay.total, made["bytes"], count, len(lay.missing)
            )
        )
        index += _index_rows(lay, name)
        missing += [{"binder": name, "system": lay.system.name, **m.__dict__} for m in lay.missing]
    if progress:
        progress(steps, steps, "汇编完成")
    return BinderResult(files, index, missing)


def _part(entry: tuple[Path, int, int]) -> dict:
    return {"path": str(entry[0]), "first": entry[1], "pages": entry[2]}


def _outline(lay: SystemLayout) -> list[dict]:
    s = lay.starts
    by_req = _by_req(lay)
    indicators = []
    for ind in lay.system.indicators:
        reqs = []
        for req in ind.requirements:
            docs = [{"title": doc_label(d), "page": s[d.key]} for d in by_req[req.id]]
            reqs.append(
                {"title": requirement_label(req), "page": s[f"req:{req.id}"], "children": docs}
            )
        first = s[f"req:{ind.requirements[0].id}"]
        indicators.append({"title": f"{ind.name}（{ind.id}）", "page": first, "children": reqs})
    children = [{"title": "目录", "page": 2}, *indicators]
    children.append({"title": "缺失材料清单", "page": s["missing"]})
    return [{"title": lay.system.name, "page": 1, "children": children}]


def _index_rows(lay: SystemLayout, binder: str) -> list[dict]:
    rows = []
    for ind in lay.system.indicators:
        for req in ind.requirements:
            for d in _by_req(lay)[req.id]:
                rows.append(
                    {
                        "binder": binder,
                        "system": lay.system.name,
                        "indicator": ind.name,
                        "requirement": requirement_label(req),
                        "title": d.title,
                        "doc_number": d.doc_number or "",
                        "doc_date": d.doc_date,
                        "department": d.department,
                        "page": lay.starts[d.key],
                        "pages": d.pages,
                        "evidence_id": d.evidence_id,
                    }
                )
    return rows
