"""设置 → 发文: the unit's 发文机关, 机关代字, 印发机关, 主送, 签发人, 抄送, 联系人 and 电话, 简报's
报送范围 and 共印份数 (read by every document), and the register of the numbers issued."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from services.documents import issuing
from services.errors import ServiceError
from store.issuing import SERIES
from ui.components.flash import done
from ui.components.fmt import day

KIND_LABELS = {"assessment": "考评报告", "notice": "整改通知书", "bulletin": "工作简报"}
LONG = ("cc", "bulletin_to")


def _form(actor, unit_id: int) -> None:
    how = issuing.issuing(actor, unit_id)
    current = {
        "office": how.office,
        "code": how.code,
        "printer": how.printer,
        "report_to": how.report_to,
        "signer": how.signer,
        "cc": "\n".join(how.cc),
        "contact": how.contact,
        "phone": how.phone,
        "bulletin_to": "\n".join(how.bulletin_to),
    }
    year = dt.date.today().year
    example = issuing.preview_number(actor, unit_id, year)
    st.caption(
        f"以下设置用于考评报告、整改通知书和工作简报的版头、发文字号、落款和版记。"
        f"下一份文件的发文字号将是「{example}」。"
    )
    with st.form("issuing_form"):
        values: dict[str, object] = {}
        c = st.columns(2)
        for n, name in enumerate(f for f in current if f not in LONG):
            values[name] = c[n % 2].text_input(
                issuing.LABELS[name], current[name], key=f"issuing_{name}"
            )
        c = st.columns(2)
        for col, name in zip(c, LONG, strict=True):
            values[name] = col.text_area(
                issuing.LABELS[name], current[name], key=f"issuing_{name}", height=110
            )
        values["copies"] = st.number_input(
            issuing.LABELS["copies"], 0, 10000, how.copies, key="issuing_copies"
        )
        if st.form_submit_button("保存发文设置", type="primary"):
            try:
                issuing.save_issuing(actor, unit_id, **values)
            except ServiceError as exc:
                st.error(str(exc))
            else:
                done("已保存发文设置，之后生成的文件将使用新设置。")


def _register(actor, unit_id: int) -> None:
    rows = issuing.issued_numbers(actor, unit_id)
    st.markdown("**发文登记**")
    if not rows:
        st.caption("尚未印发文件。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "类别": SERIES.get(r.series, r.series),
                    "文号或期号": issuing.number_text(r),
                    "文件": KIND_LABELS.get(r.kind, r.kind),
                    "标题": r.title,
                    "主送": r.addressee,
                    "印发人": r.issued_by,
                    "印发日期": day(r.issued_at),
                }
                for r in reversed(rows)
            ]
        ),
        hide_index=True,
        width="stretch",
        key="issuing_register",
    )


def issuing_settings(actor, unit_id: int) -> None:
    _form(actor, unit_id)
    _register(actor, unit_id)
