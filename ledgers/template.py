"""Ledger templates (.xlsx) to fill in: the kind's columns as headers with notes, data
validation (dates, 是/否, 18-digit 身份证号 as text, amounts), and a 填写说明 sheet with one
example row. A filled template imports with no rejection: the header is exactly the kind's.

The example row sits on the 填写说明 sheet, not on the data sheet: an example left in the
data sheet would be imported as a real record.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ledgers.ids import check_code
from ledgers.kinds import AMOUNT, BOOL, DATE, ID, SERVICE_ITEMS, LedgerKind, get_kind

DATA_SHEET = "台账"
HELP_SHEET = "填写说明"
LAST_ROW = 100000  # validation covers this many rows
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
EXAMPLE_ID = "37088219900101123" + check_code("37088219900101123")

FORMAT_NOTES = {
    DATE: "日期，格式 YYYY-MM-DD（如 2020-03-01）",
    BOOL: "只填“是”或“否”（可从下拉列表选择）",
    ID: "18位身份证号，末位 X 大写；本列已设为文本格式，请勿改为数字",
    AMOUNT: "金额（元），只填数字，不带单位",
}

EXAMPLES: dict[str, dict[str, object]] = {
    "training": {
        "姓名": "张三",
        "身份证号": EXAMPLE_ID,
        "培训类别": "创业意识培训（GYB）",
        "培训机构": "兖州区职业培训学校",
        "开班日期": dt.date(2020, 3, 2),
        "结业日期": dt.date(2020, 3, 13),
        "是否合格": "是",
    },
    "subsidy": {
        "姓名": "张三",
        "身份证号": EXAMPLE_ID,
        "人员类别": "返乡创业农民工",
        "是否符合条件": "是",
        "是否享受": "是",
        "金额": Decimal(5000),
        "发放日期": dt.date(2020, 6, 30),
    },
    "loan": {
        "姓名": "张三",
        "身份证号": EXAMPLE_ID,
        "是否符合条件": "是",
        "是否获贷": "是",
        "贷款金额": Decimal(150000),
        "放款日期": dt.date(2020, 5, 20),
    },
    "service": {
        "申请人": "张三",
        "身份证号": EXAMPLE_ID,
        "事项": "创业担保贷款",
        "受理日期": dt.date(2020, 4, 1),
        "办结日期": dt.date(2020, 4, 8),
        "办理结果": "已办结",
    },
    "registry": {
        "名称": "兖州区张三烧烤店",
        "类型": "个体工商户",
        "登记日期": dt.date(2020, 4, 15),
        "注销日期": None,
        "经营者身份证号": EXAMPLE_ID,
    },
}


def column_note(kind: LedgerKind, name: str) -> str:
    col = kind.column(name)
    parts = ["必填" if col.required else "选填"]
    if col.type in FORMAT_NOTES:
        parts.append(FORMAT_NOTES[col.type])
    if name == "事项":
        parts.append("创业“一件事”的事项：" + "、".join(SERVICE_ITEMS) + "；其他事项按实际填写")
    for start, end in kind.date_order:
        if name == end:
            parts.append(f"不得早于{start}")
    example = EXAMPLES[kind.code].get(name)
    if example not in (None, ""):
        parts.append(f"例：{_shown(example)}")
    return "；".join(parts)


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _validation(kind: LedgerKind, name: str) -> DataValidation | None:
    col = kind.column(name)
    if col.type == DATE:
        dv = DataValidation(
            type="date", operator="between", formula1="DATE(1949,10,1)", formula2="DATE(2099,12,31)"
        )
        dv.error = "请填写日期，格式 YYYY-MM-DD（如 2020-03-01）"
    elif col.type == BOOL:
        dv = DataValidation(type="list", formula1='"是,否"')
        dv.error = "只能填“是”或“否”"
    elif col.type == ID:
        dv = DataValidation(type="textLength", operator="equal", formula1="18")
        dv.error = "身份证号应为18位（末位 X 大写）"
    elif col.type == AMOUNT:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "金额只填不小于 0 的数字（元）"
    elif name == "事项":
        dv = DataValidation(type="list", formula1='"' + ",".join(SERVICE_ITEMS) + '"')
        dv.errorStyle = "warning"  # other items are allowed, after a warning
        dv.error = "不是创业“一件事”的四个事项之一；如确为其他事项，可选“是”继续"
    else:
        return None
    dv.errorTitle = f"{name}填写有误"
    dv.showErrorMessage = True
    dv.prompt = column_note(kind, name)
    dv.promptTitle = name
    dv.showInputMessage = True
    dv.allow_blank = True
    return dv


def template_xlsx(kind: str | LedgerKind) -> bytes:
    """The template of ``kind`` as .xlsx bytes."""
    kind = get_kind(kind)
    wb = Workbook()
    wb.properties.creator = "创业型城市创建评估系统"
    wb.properties.title = f"{kind.title}（模板）"
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append(kind.names)
    for n, name in enumerate(kind.names, start=1):
        cell = ws.cell(row=1, column=n)
        required = kind.column(name).required
        cell.font = Font(bold=True, color="C00000" if required else None)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.comment = Comment(column_note(kind, name), "填写说明", width=260, height=110)
        letter = get_column_letter(n)
        col_type = kind.column(name).type
        ws.column_dimensions[letter].width = 22 if col_type == ID else max(12, 2 * len(name) + 4)
        if col_type == ID:
            ws.column_dimensions[letter].number_format = "@"
        elif col_type == DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        dv = _validation(kind, name)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    _help_sheet(wb.create_sheet(HELP_SHEET), kind)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _help_sheet(ws, kind: LedgerKind) -> None:
    ws.append([f"{kind.title}填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["在“台账”工作表中每行填写一条记录；第一行为表头，请勿修改或删除。红色列为必填。"])
    ws.append(["身份证号只用于核对和去重：导入后系统只保存脱敏号码和加密摘要。"])
    ws.append([])
    ws.append(["列名", "是否必填", "填写要求"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for name in kind.names:
        col = kind.column(name)
        ws.append([name, "必填" if col.required else "选填", column_note(kind, name)])
    ws.append([])
    ws.append(["示例（仅供参考，请勿复制到“台账”工作表）："])
    ws.append(kind.names)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    example = EXAMPLES[kind.code]
    ws.append([_shown(example[n]) if example.get(n) is not None else "" for n in kind.names])
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 70
    for row in ws.iter_rows(min_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
