"""Use-cases over rubrics and findings files (read-only here, so no audit events); rubrics kept
in the database (imported, reviewed, published versions) are in ``services.rubrics.versions``."""

from __future__ import annotations

from pathlib import Path

from rubric import Rubric, RubricError, load_rubric, load_rubric_file
from scoring import FindingProblem, Findings, FindingsError, Scorecard, score
from scoring.report import findings_from_data, parse_findings_text
from services.rubrics.versions import published_rubric, split_ref

DEFAULT_RUBRIC = "yanzhou-2020"


def get_rubric(ref: str | None = None) -> Rubric:
    """A built-in rubric by id (or a file by path), or a published version by ``<id>@<n>``."""
    ref = ref or DEFAULT_RUBRIC
    return published_rubric(str(ref)) or load_rubric(ref)


def rubric_label(rubric: Rubric) -> str:
    """How a rubric is named to people: its title, and its version when it is a published one."""
    parts = split_ref(rubric.id)
    return f"{rubric.title}（第 {parts[1]} 版）" if parts else rubric.title


def check_rubric_path(path: str | Path) -> Rubric:
    """Validate one rubric file (not cached); raises RubricError with every problem."""
    return load_rubric_file(path)


def read_findings_file(path: str | Path, rubric_ref: str | None = None) -> tuple[Rubric, Findings]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FindingsError([FindingProblem(str(p), "文件不存在")]) from exc
    except UnicodeDecodeError as exc:
        raise FindingsError([FindingProblem(str(p), "文件不是 UTF-8 编码的文本")]) from exc
    data = parse_findings_text(text, str(p))
    ref = rubric_ref or data.get("rubric") or DEFAULT_RUBRIC
    ref_path = Path(str(ref))
    if not ref_path.is_absolute() and rubric_ref is None and (p.parent / ref_path).exists():
        ref = str(p.parent / ref_path)
    rubric = load_rubric(ref)
    return rubric, findings_from_data(rubric, data)


def score_findings_file(path: str | Path, rubric_ref: str | None = None) -> Scorecard:
    rubric, findings = read_findings_file(path, rubric_ref)
    return score(rubric, findings)


__all__ = [
    "DEFAULT_RUBRIC",
    "RubricError",
    "check_rubric_path",
    "get_rubric",
    "rubric_label",
    "read_findings_file",
    "score_findings_file",
]
