"""docs/documents.md stays honest: every file and function it names exists, every image it
shows is there, and every element of GB/T 9704-2012 has its row."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "documents.md"
NAMED = re.compile(r"`([\w./-]+\.(?:py|conf))(?:::(\w+))?`")
ELEMENTS = (
    "发文机关标志",
    "发文字号",
    "签发人",
    "标题",
    "主送机关",
    "正文",
    "附件说明",
    "发文机关署名",
    "成文日期",
    "印章",
    "附注",
    "附件",
    "抄送机关",
    "印发机关和印发日期",
    "页码",
    "28 字 × 22 行",
)


def top_level_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_named_file_and_function_exists():
    text = DOC.read_text(encoding="utf-8")
    named = NAMED.findall(text)
    assert len(named) > 30
    missing = []
    for file, name in named:
        path = ROOT / file
        if not path.is_file():
            missing.append(file)
        elif name and name not in top_level_names(path):
            missing.append(f"{file}::{name}")
    assert missing == [], f"docs/documents.md names what is not there: {missing}"


def test_every_image_is_there_and_small():
    text = DOC.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(images) == 4
    for image in images:
        path = DOC.parent / image
        assert path.is_file(), image
        assert path.stat().st_size < 300 * 1024, image
    assert (ROOT / "docs" / "report-page.png").is_file()


def test_every_element_has_a_row():
    rows = [
        line.split("|")[1]
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ]
    for element in ELEMENTS:
        assert any(element in row for row in rows), element


def test_readme_links_the_page():
    assert "docs/documents.md" in (ROOT / "README.md").read_text(encoding="utf-8")
