"""全市（全省）创建工作进展通报 (公文) and the Excel of every unit, from a roll-up.

The input is the roll-up of ``services.rollup.figures`` (read by attribute: ``units``, ``systems``,
``lost_most``, ``behind``, ``without_round``, ``root``, ``level``, ``today``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.page import PageMargins

from reports import frame
from reports import gongwen as gw
from reports.assessment import table_caption
from reports.common import county_of, pts, short_text
from reports.inputs import Issue
from reports.sanitize import cell_text
from reports.xlsx import table_xlsx
from rubric.numbers import percent_text
from scoring.engine import fmt

AREA = {"省": "全省", "市": "全市", "县区": "全区", "街道乡镇": "全镇（街道）"}
MEMBERS = {"省": "各市", "市": "各县（市、区）", "县区": "各镇（街道）", "街道乡镇": "各社区（村）"}


@dataclass(frozen=True)
class RollupDoc:
    """What the 通报 needs besides the roll-up: who issues it, when, for which campaign."""

    issuer: str  # 济宁市创建省级创业型城市工作领导小组办公室
    issued_on: date
    campaign: str  # 创建省级创业型城市
    issue: Issue | None = None  # 发文字号, 抄送, 印发机关 (None: no 版头)


def area_word(level: str) -> str:
    return AREA.get(level, "全域")


def rollup_title(roll: Any, doc: RollupDoc) -> str:
    """关于全市创建省级创业型城市工作进展情况的通报."""
    return f"关于{area_word(roll.level)}{doc.campaign}工作进展情况的通报"


def _stage_counts(units) -> str:
    counts: dict[str, int] = {}
    for u in units:
        key = u.stage or "已过考核评估阶段或未设阶段"
        counts[key] = counts.get(key, 0) + 1
    return "，".join(
        f"处于{k}的{v}个" if "阶段" not in k else f"{k}的{v}个" for k, v in counts.items()
    )


def _overall(d, roll, area: str, members: str) -> None:
    units = roll.units
    if not units:
        gw.add_body(d, f"{members}尚未开展考评，暂无进展数据。")
        return
    total = sum((u.total for u in units), Decimal(0))
    mean = (total / len(units)).quantize(Decimal("0.01"))
    top, low = units[0], units[-1]
    overdue = sum(u.overdue_items for u in units)
    gw.add_body(
        d,
        f"截至{gw.cn_date(roll.today)}，{area}共有{len(units)}个单位开展创建考评，"
        f"平均确认得分{pts(mean)}。{county_of(top.unit)}确认得分最高（{pts(top.total)}），"
        f"{county_of(low.unit)}最低（{pts(low.total)}）。"
        f"各单位共有{sum(u.open_items for u in units)}项创建要求存在失分或尚待评定，"
        f"逾期未完成整改{overdue}项要求。{_stage_counts(units)}。",
    )
    if roll.without_round:
        names = "、".join(county_of(u) for u in roll.without_round)
        gw.add_body(d, f"{names}尚未设定当前考评轮次，请抓紧启动。")


def _ranking(d, roll, cap) -> None:
    if not roll.units:
        return
    n = cap()
    gw.add_body(d, f"各单位确认得分及整改情况见表{n}（按确认得分排列）。")
    table_caption(d, f"表{n}　各单位得分及整改情况（单位：分）")
    rows = [
        [
            u.rank,
            county_of(u.unit),
            fmt(u.total),
            fmt(u.pending),
            u.open_items,
            u.overdue_items,
            u.stage or "—",
        ]
        for u in roll.units
    ]
    gw.add_table(
        d,
        ["排名", "单位", "确认得分", "待评分值", "整改（项）", "逾期（项）", "所处阶段"],
        rows,
        [14, 26, 22, 22, 25, 25, 22],
        center=[0, 2, 3, 4, 5, 6],
    )


def _systems(d, roll) -> None:
    if not roll.units or not roll.systems:
        return
    parts = []
    for sid, name, top in roll.systems:
        scores = [u.systems.get(sid, Decimal(0)) for u in roll.units]
        low, high = min(scores), max(scores)
        parts.append(f"{name}（满分{pts(top)}）各单位得分在{fmt(low)}至{fmt(high)}分之间")
    gw.add_body(d, "；".join(parts) + "。")


def _problems(d, roll, cap) -> None:
    if not roll.lost_most:
        gw.add_body(d, "各单位已评定的创建要求均未失分。")
        return
    n = cap()
    gw.add_body(d, f"表{n}所列创建要求失分的单位较多，请有关部门重点研究、对照整改。")
    table_caption(d, f"表{n}　失分较多的创建要求（单位：分）")
    rows = [
        [
            short_text(r.text, 30),
            r.units,
            fmt(r.lost),
            "、".join(f"{name}（{n}）" for name, n in r.departments),
        ]
        for r in roll.lost_most
    ]
    gw.add_table(
        d,
        ["创建要求", "失分单位", "失分合计", "责任部门（单位数）"],
        rows,
        [66, 22, 22, 46],
        center=[1, 2],
    )


def _targets(d, roll, cap) -> None:
    if not roll.behind:
        gw.add_body(d, "各单位工作目标完成进度均与时间进度基本同步。")
        return
    n = cap()
    gw.add_body(d, f"{len(roll.behind)}项工作目标完成进度落后于时间进度，见表{n}。")
    table_caption(d, f"表{n}　完成进度滞后的工作目标")
    rows = [
        [
            county_of(b.unit),
            b.progress.name,
            b.progress.department,
            percent_text(b.progress.share_done, 1),
            percent_text(b.progress.share_elapsed, 1),
        ]
        for b in roll.behind
    ]
    gw.add_table(
        d,
        ["单位", "工作目标", "责任部门", "完成进度", "时间进度"],
        rows,
        [32, 38, 38, 24, 24],
        center=[3, 4],
    )


def _asks(d, members: str) -> None:
    gw.add_body(
        d,
        f"{members}要对照本通报指出的失分要求和逾期事项，逐项明确责任单位和整改时限，"
        "按期完成整改；进度滞后的工作目标，要分析原因、倒排工期，确保按时完成。",
    )
    gw.add_body(d, "请于每月5日前将上月创建工作进展情况报送领导小组办公室。")


def build_rollup_notice(roll: Any, doc: RollupDoc) -> bytes:
    """全市（全省）创建工作进展通报 as docx bytes, in the 公文 frame (版头 with the 发文字号 when
    ``doc.issue`` has one, 主送 the members' offices, 版记)."""
    area, members = area_word(roll.level), MEMBERS.get(roll.level, "各单位")
    issue = doc.issue or Issue(office=doc.issuer)

    tables = [0]

    def cap() -> int:  # the next table's number
        tables[0] += 1
        return tables[0]

    def body(d) -> None:
        gw.add_body(
            d,
            f"为全面掌握{area}{doc.campaign}工作进展，领导小组办公室对{members}当前考评轮次的"
            "得分、整改和工作目标完成情况进行了汇总。现将有关情况通报如下。",
        )
        sections = (
            ("总体进展", lambda: _overall(d, roll, area, members)),
            ("各单位得分排名", lambda: _ranking(d, roll, cap)),
            ("各体系得分分布", lambda: _systems(d, roll)),
            ("失分较多的创建要求", lambda: _problems(d, roll, cap)),
            ("工作目标进度滞后情况", lambda: _targets(d, roll, cap)),
            ("下步工作要求", lambda: _asks(d, members)),
        )
        for n, (name, write) in enumerate(sections, start=1):
            gw.add_heading1(d, f"{gw.cn_num(n)}、{name}")
            write()

    title = rollup_title(roll, doc)
    model = frame.Gongwen(
        title=title,
        title_head=f"关于{area}{doc.campaign}",
        issuer=issue.office,
        issued_on=doc.issued_on,
        body=body,
        mark=f"{issue.office}文件" if issue.number else None,
        number=issue.number,
        addressee=f"{members}创建工作领导小组办公室",
        cc=issue.cc,
        printer=issue.printer or issue.office,
    )
    return frame.render(model)


def safe_text(value: Any) -> Any:
    """A cell fit to leave the system: control characters removed, formula-like text escaped."""
    if not isinstance(value, str):
        return value
    return cell_text(value)


def rollup_xlsx(roll: Any) -> bytes:
    """Every unit of the roll-up on one sheet, ready to print (landscape, one page wide)."""
    headers = [
        "排名",
        "单位",
        "层级",
        "上级单位",
        "考评轮次",
        "所处阶段",
        "确认得分",
        *[f"{name}（满分{fmt(top)}）" for _, name, top in roll.systems],
        "待评分值",
        "已失分",
        "整改事项（项要求）",
        "逾期（项要求）",
        "逾期（项（按部门））",
    ]
    rows = [
        [
            u.rank,
            u.unit,
            u.level,
            u.parent,
            u.round_name,
            u.stage or "—",
            u.total,
            *[u.systems.get(sid, Decimal(0)) for sid, _, _ in roll.systems],
            u.pending,
            u.lost,
            u.open_items,
            u.overdue_items,
            u.overdue_pairs,
        ]
        for u in roll.units
    ]
    rows += [
        ["—", name, "", "", "未设当前轮次", *[""] * (len(headers) - 5)]
        for name in roll.without_round
    ]
    data = table_xlsx(
        f"{area_word(roll.level)}创建工作进展",
        headers,
        [[safe_text(v) for v in r] for r in rows],
    )
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
