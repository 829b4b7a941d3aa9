"""The rubric's 责任部门 matched to the list's departments by name."""

from __future__ import annotations

import pytest

from services.org.responsibility import named_departments
from services.rubrics import get_rubric
from services.setup.matching import EXACT, NEAR, SHORT, how_close, match_departments, normalize
from services.setup.roster import parse_roster_text
from tests.setup.helpers import annex_text


@pytest.mark.parametrize(
    ("rubric_name", "listed", "how"),
    [
        ("区财政局", "区财政局", EXACT),
        ("区人社局", "区人力资源和社会保障局", SHORT),
        ("区科技局", "区科学技术局", SHORT),
        ("区督考办", "区督查考核办公室", SHORT),
        ("区编办", "区委机构编制委员会办公室", SHORT),
        ("区工会", "区总工会", SHORT),
        ("区青团", "团区委", SHORT),
        ("区妇联", "区妇女联合会", SHORT),
        ("县财政局", "兖州区财政局", SHORT),
        ("区中小企业服务中心", "区中小企业发展促进中心", NEAR),
        ("区科技局", "区科学技术协会", None),
        ("区残联", "区民政局", None),
        ("区统计局", "区税务局", None),
    ],
)
def test_names_match_across_prefixes_and_short_forms(rubric_name, listed, how):
    assert how_close(rubric_name, listed, ["兖州区", "兖州"]) == how


def test_place_names_are_dropped():
    assert normalize("济宁市兖州区财政局", ["兖州区", "兖州"]) == normalize("区财政局")
    assert normalize("兖州区财政局", ["兖州区", "兖州"]) == "财政局"


def test_every_rubric_department_but_one_finds_its_annex1_department():
    roster = parse_roster_text(annex_text())
    names = [d.name for d in roster.departments]
    rubric = get_rubric("yanzhou-2020")
    wanted = [n for n in named_departments(rubric) if not n.endswith("领导小组办公室")]
    matches = {m.rubric_name: m for m in match_departments(wanted, names, "兖州区")}
    assert matches["区人社局"].department == "区人力资源和社会保障局"
    assert matches["区工商联"].department == "区工商联"  # a 兼任 post of 易凯
    assert matches["区中小企业服务中心"].how == NEAR
    unmatched = [n for n, m in matches.items() if m.department is None]
    assert unmatched == ["区残联"]  # not on the list: the office is told


def test_two_equally_good_departments_leave_the_name_unmatched_with_candidates():
    [m] = match_departments(["区工会"], ["区总工会", "兖州区总工会"], "兖州区")
    assert m.department is None
    assert sorted(m.candidates) == ["兖州区总工会", "区总工会"]
