"""Helpers for ledger tests: identity numbers computed independently, xlsx/csv writers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def textbook_check(first17: str) -> str:
    return "10X98765432"[sum(int(a) * b for a, b in zip(first17, WEIGHTS, strict=True)) % 11]


def make_id(i: int, region: str = "370882") -> str:
    """A valid 18-digit id, distinct for distinct i < 10**7."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=i % 15000)
    body = f"{region}{birth:%Y%m%d}{(i // 15000) % 1000:03d}"
    return body + textbook_check(body)


def bad_check(id_: str) -> str:
    """The same id with a wrong check character."""
    wrong = "0" if id_[-1] != "0" else "1"
    return id_[:-1] + wrong


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def good_row(kind: str, i: int) -> dict[str, object]:
    """A valid row of each kind, in canonical column names."""
    id_ = make_id(i)
    start = dt.date(2020, 3, 2) + dt.timedelta(days=i % 200)
    if kind == "training":
        return {
            "姓名": f"学员{i}",
            "身份证号": id_,
            "培训类别": "SYB",
            "培训机构": "兖州区职业培训学校",
            "开班日期": start.isoformat(),
            "结业日期": (start + dt.timedelta(days=10)).isoformat(),
            "是否合格": "合格",
        }
    if kind == "subsidy":
        return {
            "姓名": f"申请人{i}",
            "身份证号": id_,
            "人员类别": "高校毕业生",
            "是否符合条件": "是",
            "是否享受": "是",
            "金额": "5000",
            "发放日期": start.isoformat(),
        }
    if kind == "loan":
        return {
            "姓名": f"借款人{i}",
            "身份证号": id_,
            "是否符合条件": "是",
            "是否获贷": "是",
            "贷款金额": "150000",
            "放款日期": start.isoformat(),
        }
    if kind == "service":
        return {
            "申请人": f"办事人{i}",
            "身份证号": id_,
            "事项": "创业担保贷款",
            "受理日期": start.isoformat(),
            "办结日期": (start + dt.timedelta(days=3)).isoformat(),
            "办理结果": "办结",
        }
    if kind == "registry":
        return {
            "名称": f"兖州区某某商店{i}",
            "类型": "个体工商户",
            "登记日期": start.isoformat(),
            "注销日期": "",
            "经营者身份证号": id_,
        }
    raise KeyError(kind)
