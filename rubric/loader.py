"""Load and validate rubric files; every refusal names the file, the line and the id, in Chinese."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from rubric.checks import Problem, check_rubric
from rubric.models import RULE_KINDS, Rubric
from rubric.yamltext import DuplicateKey, load_yaml

STANDARDS_DIR = Path(__file__).parent / "standards"


# libyaml's loader where installed: the same result, about ten times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RubricError(Exception):
    """A rubric file that cannot be used; ``problems`` say why, each with its line.

    A plain exception, not a frozen dataclass: leaving a context manager (a database session)
    sets ``__traceback__`` on it, which a frozen dataclass refuses.
    """

    def __init__(self, path: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(path, problems)
        self.path = path
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(p.render(self.path) for p in self.problems)


class _LineIndex:
    """Maps pydantic error locations and object ids to line numbers of the YAML source."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.root = node
        self.by_id: dict[str, int] = {}
        self.all_lines: dict[str, list[int]] = {}
        if node is not None:
            self._collect_ids(node)

    def _collect_ids(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    self.by_id.setdefault(str(value.value), node.start_mark.line + 1)
                    self.all_lines.setdefault(str(value.value), []).append(node.start_mark.line + 1)
                self._collect_ids(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self._collect_ids(item)

    def locate(self, loc: tuple) -> tuple[int | None, str | None]:
        """Line of the deepest node on ``loc`` and the id of the nearest enclosing object."""
        node, line, obj_id = self.root, None, None
        for part in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            obj_id = _node_id(node) or obj_id
            node = _child(node, part)
        if node is not None:
            line = node.start_mark.line + 1
            obj_id = _node_id(node) or obj_id
        return line, obj_id


def _node_id(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def _child(node: yaml.Node, part: object) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


_PYDANTIC_MESSAGES = {
    "extra_forbidden": "未知字段",
    "missing": "缺少必填字段",
    "union_tag_invalid": "未知的规则类型",
    "union_tag_not_found": "规则缺少 kind 字段",
    "greater_than_equal": "数值不能小于下限",
    "less_than_equal": "数值不能大于上限",
    "too_short": "列表或文本不能为空",
    "decimal_parsing": "不是有效的数字",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "date_from_datetime_parsing": "不是有效的日期",
    "string_pattern_mismatch": "格式不正确",
}


def _pydantic_problems(err: ValidationError, lines: _LineIndex) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = _without_tag(tuple(e["loc"]))
        line, obj_id = lines.locate(loc)
        field = ".".join(str(p) for p in loc)
        reason = _PYDANTIC_MESSAGES.get(e["type"], e["msg"].removeprefix("Value error, "))
        if e["type"] == "union_tag_invalid":
            tag = (e.get("ctx") or {}).get("tag")
            reason = f"未知的规则类型「{tag}」，可用类型：{_KIND_LIST}"
        problems.append(Problem(line=line, obj_id=obj_id, message=f"{field}：{reason}"))
    return problems


def _without_tag(loc: tuple) -> tuple:
    """Drop the kind tag a discriminated union inserts after ``rules, <index>``.

    Only that position: a field may share a tag's name (a ``tiers`` rule has a ``tiers`` list).
    """
    out = []
    for n, part in enumerate(loc):
        tagged = n >= 2 and loc[n - 2] in ("rules", "checks") and isinstance(loc[n - 1], int)
        if tagged and isinstance(part, str) and part in _KIND_TAGS | _CHECK_TAGS:
            continue
        out.append(part)
    return tuple(out)


_KIND_TAGS = set(RULE_KINDS)
_CHECK_TAGS = {"check", "manual"}
_KIND_LIST = "、".join(sorted(_KIND_TAGS))


def parse_rubric(text: str, path: str = "<文本>") -> Rubric:
    """Parse YAML text into a checked Rubric or raise RubricError."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = load_yaml(text)
    except DuplicateKey as exc:
        raise RubricError(path, (Problem(exc.second_line, None, str(exc)),)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise RubricError(path, (Problem(line, None, f"YAML 格式错误：{exc}"),)) from exc
    lines = _LineIndex(node)
    if not isinstance(data, dict):
        raise RubricError(path, (Problem(1, None, "文件内容不是一个评分细则（应为键值结构）"),))
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricError(path, tuple(_pydantic_problems(exc, lines))) from exc
    problems = [
        Problem(lines.by_id.get(p.obj_id or ""), p.obj_id, _with_lines(p, lines))
        for p in check_rubric(rubric)
    ]
    if problems:
        raise RubricError(path, tuple(problems))
    return rubric


def _with_lines(p: Problem, lines: _LineIndex) -> str:
    """A duplicate id names every line where it occurs, not only the first."""
    where = lines.all_lines.get(p.obj_id or "", [])
    if p.message.startswith("编号重复") and len(where) > 1:
        return f"{p.message}，见第 {'、'.join(map(str, where))} 行"
    return p.message


def load_rubric_file(path: str | Path) -> Rubric:
    p = Path(path)
    if p.is_dir():
        raise RubricError(str(p), (Problem(None, None, "这是一个文件夹，请指定一个评分细则文件"),))
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RubricError(str(p), (Problem(None, None, "文件不存在"),)) from exc
    except UnicodeDecodeError as exc:
        raise RubricError(str(p), (Problem(None, None, "文件不是 UTF-8 编码的文本"),)) from exc
    return parse_rubric(text, str(p))


_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9][a-z0-9._-]*)[\"']?\s*(?:#.*)?$", re.M)


def declared_id(text: str) -> str | None:
    """The rubric id a file declares on its top-level ``id:`` line, without parsing it all."""
    m = _ID_LINE.search(text)
    return m.group(1) if m else None


def available_rubrics() -> dict[str, Path]:
    """Rubric id -> file, for every file in the standards folder, by the id the file declares
    (a file's name may differ from its id; the id is what rounds store)."""
    found: dict[str, Path] = {}
    for f in sorted(STANDARDS_DIR.glob("*.yaml")):
        try:
            rid = declared_id(f.read_text(encoding="utf-8")) or f.stem
        except (OSError, UnicodeDecodeError):
            rid = f.stem
        found.setdefault(rid, f)
    return found


@functools.lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> Rubric:
    return load_rubric_file(path)


def load_rubric(ref: str | Path) -> Rubric:
    """Load by rubric id (a file in standards/) or by path. Cached while the file is unchanged."""
    known = available_rubrics()
    p = known.get(str(ref)) or Path(ref)
    if not p.exists():
        ids = "、".join(known) or "无"
        raise RubricError(str(ref), (Problem(None, None, f"找不到评分细则「{ref}」；已有：{ids}"),))
    return _load_cached(str(p.resolve()), p.stat().st_mtime)
