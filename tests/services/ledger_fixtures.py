"""Ledger files for service and CLI tests: valid identity numbers, xlsx/csv writers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from ledgers.ids import check_code

HEADERS = {
    "training": ["姓名", "身份证号", "培训类别", "培训机构", "开班日期", "结业日期", "是否合格"],
    "subsidy": ["姓名", "身份证号", "人员类别", "是否符合条件", "是否享受", "金额", "发放日期"],
    "loan": ["姓名", "身份证号", "是否符合条件", "是否获贷", "贷款金额", "放款日期"],
    "service": ["申请人", "身份证号", "事项", "受理日期", "办结日期", "办理结果"],
    "registry": ["名称", "类型", "登记日期", "注销日期", "经营者身份证号"],
}


def make_id(i: int, region: str = "370882") -> str:
    """A valid 18-digit identity number, distinct for distinct i < 10**6."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)
    body = f"{region}{birth:%Y%m%d}{(i // 9000) % 1000:03d}"
    return body + check_code(body)


def wrong_check(pid: str) -> str:
    return pid[:-1] + ("1" if pid[-1] != "1" else "2")


def row(kind: str, i: int, **over: object) -> list[object]:
    """A valid row of each kind (canonical column order); keyword overrides by column name."""
    pid = make_id(i)
    start = dt.date(2020, 3, 2) + dt.timedelta(days=i % 200)
    values = {
        "training": {
            "姓名": f"学员{i}",
            "身份证号": pid,
            "培训类别": "SYB",
            "培训机构": "兖州区职业培训学校",
            "开班日期": start.isoformat(),
            "结业日期": (start + dt.timedelta(days=10)).isoformat(),
            "是否合格": "合格",
        },
        "subsidy": {
            "姓名": f"申请人{i}",
            "身份证号": pid,
            "人员类别": "高校毕业生",
            "是否符合条件": "是",
            "是否享受": "是",
            "金额": "5000",
            "发放日期": start.isoformat(),
        },
        "loan": {
            "姓名": f"借款人{i}",
            "身份证号": pid,
            "是否符合条件": "是",
            "是否获贷": "是",
            "贷款金额": "150000",
            "放款日期": start.isoformat(),
        },
        "service": {
            "申请人": f"办事人{i}",
            "身份证号": pid,
            "事项": "创业担保贷款",
            "受理日期": start.isoformat(),
            "办结日期": (start + dt.timedelta(days=3)).isoformat(),
            "办理结果": "办结",
        },
        "registry": {
            "名称": f"兖州区某某商店{i}",
            "类型": "个体工商户",
            "登记日期": start.isoformat(),
            "注销日期": "",
            "经营者身份证号": pid,
        },
    }[kind]
    values.update(over)
    return [values[h] for h in HEADERS[kind]]


def xlsx(kind: str, rows: list[list[object]], title: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(HEADERS[kind])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ledger(kind: str, n: int, start: int = 0, **over: object) -> bytes:
    return xlsx(kind, [row(kind, start + i, **over) for i in range(n)])


def subsidy_ledger(eligible: int, paid: int, *, start: int = 0, ineligible: int = 0) -> bytes:
    """`eligible` eligible applicants of whom `paid` got the subsidy, plus ineligible ones."""
    rows = []
    for i in range(eligible + ineligible):
        ok = i < eligible
        got = ok and i < paid
        rows.append(
            row(
                "subsidy",
                start + i,
                是否符合条件="是" if ok else "否",
                是否享受="是" if got else "否",
                金额="5000" if got else "",
                发放日期=row("subsidy", start + i)[6] if got else "",
            )
        )
    return xlsx("subsidy", rows)


def survey_xlsx(answers: list[list[str]], questions: list[str]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", *questions])
    for i, a in enumerate(answers, start=1):
        ws.append([i, *a])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
