"""自查预评 in the 考评报告 and the 工作简报: the score the documents alone support, how complete
the evidence is, and what each department must still supply.

The table of what is short is numbered with the document's other tables (表N　…) and referred
to in the text: in the report it follows the text, in the 简报 it goes to an 附件.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document as DocxDocument

from reports import gongwen as gw
from reports.common import pts
from reports.inputs import SelfCheckSummary

TABLE_TITLE = "自查预评需补充材料的创建要求"


def selfcheck_text(doc: DocxDocument, s: SelfCheckSummary, more: str = "") -> None:
    """The section's text; ``more`` ends its paragraph (where the list is)."""
    gw.add_body(
        doc,
        f"对照评分细则列明的检查条件，对各成员单位已报送的材料逐项预评：按现有材料预评得分"
        f"{pts(s.total)}（满分{pts(s.max)}，其中{pts(s.pending)}须由考核组现场评定）。"
        f"材料齐全的创建要求{s.complete}项，材料不足的{s.short}项，尚无材料的{s.missing}项。"
        f"预评结果仅供各单位自查，最终以考核组评定为准。{more}",
    )
    if not s.gaps:
        gw.add_body(doc, "按现有材料，能够由材料判断的评分条款均已满足。")


def selfcheck_table(
    doc: DocxDocument, s: SelfCheckSummary, caption: Callable[[DocxDocument, str], object]
) -> None:
    """The 表N of what each department must still supply (``caption`` numbers and writes it)."""
    caption(doc, TABLE_TITLE)
    rows = [[n, req, owners, fix] for n, (req, owners, fix) in enumerate(s.gaps, start=1)]
    gw.add_table(
        doc,
        ["序号", "创建要求", "责任单位", "需补充的材料或内容"],
        rows,
        [12, 56, 34, 54],
        center=[0],
    )


def write_selfcheck(
    doc: DocxDocument, s: SelfCheckSummary, number: Callable[[], int], caption: Callable
) -> None:
    """The section with its table after the text (the 考评报告)."""
    selfcheck_text(doc, s)
    if not s.gaps:
        return
    t = number()
    gw.add_body(doc, f"以下{len(s.gaps)}条缺少材料或材料不足（见表{t}），请责任单位补充。")
    selfcheck_table(doc, s, lambda d, title: caption(d, f"表{t}　{title}"))
