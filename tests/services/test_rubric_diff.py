"""Issue 13: the 区别 between two rubric versions (services.rubrics.diff), the command line's
``pioneer rubric diff`` and the office's choice of what to compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cli.main import app
from rubric import load_rubric, parse_rubric
from services.errors import NotFound, PermissionDenied
from services.rubrics import diff as rubric_diff
from services.rubrics import versions
from tests.services.helpers import make_world

YANZHOU = Path(__file__).resolve().parents[2] / "rubric" / "standards" / "yanzhou-2020.yaml"


def modified_text() -> str:
    """yanzhou-2020 as a second version: one clause's points and words changed, one clause
    removed, one requirement renumbered (removed + added), departments and a name changed."""
    data = yaml.safe_load(YANZHOU.read_text(encoding="utf-8"))
    data["version"] = "2020.2"
    data["systems"][0]["indicators"][0]["name"] = "工作地位与部署"
    for q in (q for s in data["systems"] for i in s["indicators"] for q in i["requirements"]):
        if q["id"] == "1.2.1":
            q["rules"][0]["points"] = 0.5
            q["rules"][0]["text"] = "政府主要领导未挂帅的，扣0.5分"
            q["rules"] = [r for r in q["rules"] if r["id"] != "1.2.1e"]
            q["checks"] = [c for c in q.get("checks", []) if c.get("rule") != "1.2.1e"]
            q["exclusive"] = [[x for x in g if x != "1.2.1e"] for g in q.get("exclusive", [])]
        if q["id"] == "1.1.1":
            q["departments"] = ["区政府办公室", "区发改局"]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return re.sub(r"\b1\.3\.2([a-z]?)\b", r"1.3.9\1", text)


def test_the_same_rubric_has_no_difference():
    r = load_rubric("yanzhou-2020")
    d = rubric_diff.diff_rubrics(r, r)
    assert d.empty and d.summary() == "两个版本的内容相同。"


def test_a_modified_copy_names_each_change_by_its_text_first():
    a, b = load_rubric("yanzhou-2020"), parse_rubric(modified_text(), "改.yaml")
    d = rubric_diff.diff_rubrics(a, b)
    by = {(q.requirement_id, q.status): q for q in d.requirements}
    assert set(by) == {
        ("1.1.1", "changed"),
        ("1.2.1", "changed"),
        ("1.3.9", "added"),
        ("1.3.2", "removed"),
    }
    q = by[("1.2.1", "changed")]
    assert q.name.startswith("成立政府领导挂帅") and q.indicator == "组织领导"
    rules = {r.rule_id: r for r in q.rules}
    assert rules["1.2.1e"].status == "removed" and "不得分" in rules["1.2.1e"].text
    changed = {c.field: (c.before, c.after) for c in rules["1.2.1a"].changes}
    assert changed == {
        "分值": ("0.25 分", "0.5 分"),
        "条款": ("政府领导未挂帅的，扣0.25分", "政府主要领导未挂帅的，扣0.5分"),
    }
    depts = {c.field: (c.before, c.after) for c in by[("1.1.1", "changed")].changes}
    assert depts == {"责任部门": ("区政府办公室", "区政府办公室、区发改局")}
    assert by[("1.3.9", "added")].name == by[("1.3.2", "removed")].name  # same words, new number
    (ind,) = d.sections
    assert (ind.level, ind.name, ind.status) == ("指标", "工作地位与部署", "changed")
    assert d.counts() == {"added": 1, "removed": 1, "changed": 2, "rules": 2}
    # removed requirements come after the others, in the new version's order
    assert [q.requirement_id for q in d.requirements][-1] == "1.3.2"


def test_a_kind_and_cap_change_is_named(tmp_path):
    text = YANZHOU.read_text(encoding="utf-8")
    a = parse_rubric(text, "a.yaml")
    checked = {c.rule for q in a.requirements() for c in q.checks}
    rule = next(r for r in a.rules() if r.kind == "deduct" and r.id not in checked)
    data = yaml.safe_load(text)
    for q in (q for s in data["systems"] for i in s["indicators"] for q in i["requirements"]):
        for r in q["rules"]:
            if r["id"] == rule.id:
                r.update(kind="deduct_each", cap=float(rule.points) * 2)
    b = parse_rubric(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "b.yaml")
    (q,) = rubric_diff.diff_rubrics(a, b).requirements
    (r,) = q.rules
    fields = {c.field: c.after for c in r.changes}
    assert fields["条款类型"] == "逐项扣分" and fields["上限"].endswith("分")
    assert "计分方式" not in fields  # it would only repeat the kind and the cap


def test_the_command_line_prints_the_difference(tmp_path):
    path = tmp_path / "yanzhou-2020-v2.yaml"
    path.write_text(modified_text(), encoding="utf-8")
    out = CliRunner().invoke(app, ["rubric", "diff", "yanzhou-2020", str(path)])
    assert out.exit_code == 0, out.output
    assert "修改 2 条" in out.output
    assert "【删除】" in out.output and "（1.3.2，" in out.output
    assert "分值：0.25 分 → 0.5 分" in out.output
    bad = CliRunner().invoke(app, ["rubric", "diff", "yanzhou-2020", str(tmp_path / "无.yaml")])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_the_office_compares_a_draft_with_a_built_in_rubric(pioneer_home):
    w = make_world()
    info = versions.import_rubric(
        w.office,
        w.unit_id,
        modified_text().replace("id: yanzhou-2020", "id: yanzhou-2020-v2", 1).encode(),
        "兖州第二版.yaml",
        sandbox=False,
    )
    refs = dict(rubric_diff.comparable(w.office, w.unit_id))
    draft = f"draft:{info.id}"
    assert "yanzhou-2020" in refs and draft in refs
    d = rubric_diff.compare_rubrics(w.office, w.unit_id, "yanzhou-2020", draft)
    assert d.counts()["added"] == 1 and d.after.endswith("（草稿）")
    with pytest.raises(PermissionDenied):
        rubric_diff.compare_rubrics(w.dept_a, w.unit_id, "yanzhou-2020", draft)
    with pytest.raises(NotFound):
        rubric_diff.compare_rubrics(w.office, w.unit_id, "yanzhou-2020", "无此细则")
    with pytest.raises(NotFound):
        rubric_diff.compare_rubrics(w.office, w.unit_id, "yanzhou-2020", "draft:x")
