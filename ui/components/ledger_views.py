"""台账与数据 tabs that read what was imported: 导入记录, 抽查 (draw and redraw), 办件统计.

Every row shown comes from the services already masked (身份证号 as 3708**********1234).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ledgers.kinds import KINDS
from scoring import fmt
from services.actor import Actor
from services.errors import ServiceError
from services.ledgers.imports import import_rejections, import_rows, list_imports, withdraw_import
from services.ledgers.indicators import service_summary
from services.ledgers.samples import (
    MAX_N,
    POPULATION,
    checklist_xlsx,
    draw_sample,
    list_samples,
    redraw,
)
from ui import state
from ui.components.fmt import day
from ui.components.ledger_import import rejection_frame
from ui.components.tables import md_escape

ROW_LIMIT = 500
SAMPLE = "ledger_sample_result"  # session key: the sample drawn last, shown until another draw


def visible_imports(actor: Actor, unit_id: int) -> list[dict]:
    """All imports for the office; a department sees the imports made in its own name."""
    return list_imports(actor, unit_id)


def import_records(actor: Actor, unit_id: int) -> None:
    """The 导入记录 tab: every import with its counts; one import's rows and rejections."""
    found = visible_imports(actor, unit_id)
    if not found:
        st.info("还没有导入台账。请在「导入台账」中选择台账类型并上传 Excel 或 CSV 文件。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "批次": d["id"],
                    "台账": d["kind_title"],
                    "报送单位": d["department"] or "领导小组办公室",
                    "文件": d["file"],
                    "统计期": d["period"] or "",
                    "数据行": d["rows"],
                    "已导入": d["imported"],
                    "退回": d["rejected"],
                    "导入人": d["imported_by"],
                    "导入时间": day(d["imported_at"]),
                    "状态": "已撤销" if d["withdrawn_at"] else "有效",
                }
                for d in reversed(found)
            ]
        ),
        hide_index=True,
        width="stretch",
        key="ledger_imports",
    )
    labels = {d["id"]: f"第{d['id']}批 · {d['kind_title']} · {d['file']}" for d in found}
    chosen = st.selectbox(
        "查看一批导入的明细",
        list(reversed(labels)),
        format_func=labels.get,
        key="ledger_import_pick",
    )
    d = next(x for x in found if x["id"] == chosen)
    if d["withdrawn_at"]:
        st.warning(f"本批已于 {day(d['withdrawn_at'])} 撤销：{md_escape(d['withdrawn_reason'])}")
        return
    _withdraw_form(actor, d)
    rows_tab, bad_tab = st.tabs([f"已导入的行（{d['imported']}）", f"退回的行（{d['rejected']}）"])
    with rows_tab:
        rows = import_rows(actor, chosen, limit=ROW_LIMIT)
        if rows:
            frame = pd.DataFrame([{"行号": r["row"]} | _record(r) for r in rows])
            st.dataframe(frame, hide_index=True, width="stretch", key="ledger_rows")
            if d["imported"] > ROW_LIMIT:
                st.caption(f"仅显示前 {ROW_LIMIT} 行，共 {d['imported']} 行。")
        else:
            st.caption("这一批没有导入任何行。")
    with bad_tab:
        bad = import_rejections(actor, chosen)
        if bad:
            st.dataframe(rejection_frame(bad), hide_index=True, width="stretch", key="ledger_bad")
            st.caption("请按原因修改这些行后，单独导入修改后的行（已导入的行会被识别为重复）。")
        else:
            st.caption("这一批没有退回的行。")


def _record(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("id", "row")}


def service_stats(unit_id: int) -> None:
    """The 办件统计 tab: 创业“一件事” cases per 事项, median days, share within 20 working days."""
    s = service_summary(state.current_actor(), unit_id)
    if s is None:
        st.info("还没有办件数据。请在「导入台账」中导入创业“一件事”办件台账。")
        return
    c = st.columns(5)
    c[0].metric("办件总数", s["total"])
    c[1].metric("已办结", s["done"])
    c[2].metric("未办结", s["pending"])
    median = "—" if s["median_days"] is None else f"{fmt(s['median_days'])} 天"
    c[3].metric("办理天数中位数", median, help="办结日期 − 受理日期（自然日）")
    c[4].metric("20个工作日内办结", s["within_limit_text"])
    st.dataframe(
        pd.DataFrame(
            [{"事项": k, "办件数": v} for k, v in s["per_item"].items()], columns=["事项", "办件数"]
        ),
        hide_index=True,
        width="stretch",
        key="service_items",
    )
    st.markdown(f"**公式**：{md_escape(s['formula'])}")
    st.caption(f"来源：{md_escape(s['source'])}")


def _sample_table(result: dict, key: str) -> None:
    frame = pd.DataFrame(result["rows"], columns=result["headers"])
    st.dataframe(frame, hide_index=True, width="stretch", key=key)


def _draw(actor: Actor, unit_id: int) -> None:
    c = st.columns([3, 1, 2])
    kind = c[0].selectbox(
        "抽样台账", list(KINDS), format_func=lambda k: KINDS[k].title, key="sample_kind"
    )
    n = c[1].number_input("抽取数量", min_value=1, max_value=MAX_N, value=10, key="sample_n")
    seed_text = c[2].text_input(
        "随机种子（选填）", key="sample_seed", placeholder="留空则随机生成", help="非负整数"
    )
    st.caption(f"抽样对象：{POPULATION[kind][1]}。同一种子、同一批台账可重现同样的抽样结果。")
    if st.button("抽取样本", type="primary", key="sample_draw"):
        seed = None
        text = (seed_text or "").strip()
        if text:
            if not text.isdigit():
                st.error("随机种子应为非负整数")
                return
            seed = int(text)
        try:
            st.session_state[SAMPLE] = draw_sample(actor, kind, int(n), seed, unit_id=unit_id)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
            return
    result = st.session_state.get(SAMPLE)
    if result is None:
        return
    st.success(
        f"抽样记录 {result['sample_id']}：{result['kind_title']}，"
        f"随机种子 **{result['seed']}**，从 {result['population']} 条中抽取 {result['n']} 条"
    )
    st.caption(md_escape(result["description"]))
    _sample_table(result, "sample_rows")
    st.download_button(
        "下载核查清单（Excel）",
        checklist_xlsx(result),
        file_name=f"抽样核查清单_{result['sample_id']}_种子{result['seed']}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sample_xlsx",
        icon=":material/download:",
    )


def _verify(unit_id: int) -> None:
    found = list_samples(state.current_actor(), unit_id)
    if not found:
        st.caption("还没有抽样记录。")
        return
    labels = {
        s["id"]: f"记录 {s['id']} · {s['kind_title']} · 种子 {s['seed']} · "
        f"{s['n']}/{s['population']} 条 · {s['drawn_by']} {day(s['drawn_at'])}"
        for s in found
    }
    sid = st.selectbox(
        "抽样记录", list(reversed(labels)), format_func=labels.get, key="sample_pick"
    )
    if not st.button("复核抽样结果", key="sample_redraw", icon=":material/replay:"):
        return
    try:
        again = redraw(state.current_actor(), sid)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    if again["matches"]:
        st.success(
            f"复核一致：用随机种子 {again['seed']} 重新抽取，得到与记录 {sid} 完全相同的 "
            f"{again['n']} 条记录。"
        )
    else:
        st.warning(
            f"复核不一致：用随机种子 {again['seed']} 重新抽取的结果与记录 {sid} 不同，"
            "可能是抽样后台账记录有变动，请核实。"
        )
    _sample_table(again, "sample_redraw_rows")


def sampling(actor: Actor, unit_id: int) -> None:
    """The 抽查 tab: the office draws; anyone may draw a recorded sample again to check it."""
    if actor.role in ("office", "inspector"):
        st.markdown("##### 随机抽样")
        _draw(actor, unit_id)
    else:
        st.caption("抽样由领导小组办公室或考核组进行；本单位可复核已有的抽样记录。")
    st.markdown("##### 复核抽样结果")
    st.caption(
        "同一次抽样可按抽样记录的编号重新抽取：选一条记录，系统用它当时的随机种子再抽一次，"
        "核对抽到的记录与当时是否完全相同（抽样后台账有改动时会不同）。"
    )
    _verify(unit_id)


def _withdraw_form(actor: Actor, d: dict) -> None:
    """Withdraw a mistaken import (its rows stop counting; the batch stays listed)."""
    with st.expander("撤销本批导入（导错文件或统计期时使用）"):
        reason = st.text_input(
            "撤销原因",
            key=f"ledger_withdraw_reason_{d['id']}",
            placeholder="必填：例如导错了统计期，将重新导入正确文件",
        )
        if st.button("撤销本批导入", key=f"ledger_withdraw_{d['id']}", icon=":material/delete:"):
            try:
                withdraw_import(actor, d["id"], reason)
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                st.rerun()  # the batch now shows as withdrawn, with its reason
