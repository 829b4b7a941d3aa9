"""初始账号.xlsx: the accounts a setup created with their one-time passwords, sealed.

The workbook is encrypted (ECMA-376 agile encryption, the same as Excel's 「用密码进行加密」):
it opens only with the seal password, which is shown once on screen and should travel
separately from the file. Each row is cut out as a slip for one department.
"""

from __future__ import annotations

import io
import secrets
import string
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.binder.index import text_cell
from store.org import ROLE_LABELS

HEADERS = ("序号", "单位", "姓名", "职务", "角色", "用户名", "一次性密码", "领取人签字")
WIDTHS = (6, 30, 10, 30, 14, 14, 16, 14)
TITLE = "初始账号与一次性密码（密件）"
NOTICE = (
    "本表为密件，请按单位裁开分发，不得转发或拍照。每个账号的密码仅能使用一次："
    "首次登录时系统会要求设置新密码（至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类）。"
)
_SEAL_ALPHABET = string.ascii_letters + string.digits


def new_seal_password() -> str:
    """A password for the workbook: 12 letters and digits, easy to read out."""
    while True:
        pw = "".join(secrets.choice(_SEAL_ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw):
            return pw


def credentials_xlsx(accounts: Sequence[dict], unit: str) -> bytes:
    """The plain workbook (before sealing): a title, the notice, one row per account."""
    wb = Workbook()
    wb.properties.creator = unit
    wb.properties.title = TITLE
    ws = wb.active
    ws.title = "初始账号"
    ws.append([f"{unit}{TITLE}"])
    ws.append([NOTICE])
    ws.append(list(HEADERS))
    for n, a in enumerate(accounts, start=1):
        ws.append(
            [
                n,
                text_cell(a.get("department", "")),
                text_cell(a.get("name", "")),
                text_cell(a.get("title", "")),
                ROLE_LABELS.get(a.get("role", ""), a.get("role", "")),
                str(a["username"]),
                str(a["password"]),
                "",
            ]
        )
    last = get_column_letter(len(HEADERS))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"].font = Font(color="C00000")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 36
    thin = Side(style="thin")
    # dashed cut lines between slips
    cut = Side(style="dashed")
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in ws.iter_rows(min_row=3, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=cut, bottom=cut)
            if cell.row > 3:
                cell.alignment = Alignment(vertical="center", wrap_text=cell.column in (2, 4))
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row, min_col=6, max_col=7):
        for cell in row:
            cell.font = Font(name="Consolas", size=12)
            cell.data_type = "s"  # a password is text, whatever it starts with
    for n, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = "密件"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def seal(data: bytes, password: str) -> bytes:
    """Encrypt an .xlsx so that Excel/WPS ask for ``password`` to open it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def unseal(data: bytes, password: str) -> bytes:
    """The plain workbook back (for checks and tests)."""
    import msoffcrypto

    out = io.BytesIO()
    f = msoffcrypto.OfficeFile(io.BytesIO(data))
    f.load_key(password=password)
    f.decrypt(out)
    return out.getvalue()


def sealed_credentials(accounts: Sequence[dict], unit: str) -> tuple[bytes, str]:
    """(the encrypted workbook, its seal password)."""
    password = new_seal_password()
    return seal(credentials_xlsx(accounts, unit), password), password
