"""设置 → 被考评单位: the units below the office's own (add one, import a list), and the
考核组 of the chosen round (inspectors from another unit make it 交叉考评)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from services.errors import ServiceError
from services.org import hierarchy
from services.rounds import inspectors as round_inspectors
from services.rounds import listing
from store.org import UNIT_LEVELS
from ui.components.flash import done
from ui.components.tables import md_escape


def units(actor, round_id: int | None) -> None:
    lines = hierarchy.unit_lines(actor)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "单位名称": "\u3000" * u.depth + u.name,
                    "层级": u.level,
                    "上级单位": u.parent or "—",
                    "已设当前轮次": "是" if u.current_round_id else "否",
                }
                for u in lines
            ]
        ),
        hide_index=True,
        width="stretch",
        key="unit_table",
    )
    writable = [u for u in lines if actor.unit_id is None or u.id == actor.unit_id]
    if writable:
        with st.form("add_unit", clear_on_submit=True):
            cols = st.columns(3)
            name = cols[0].text_input("单位名称", key="unit_new_name", placeholder="例如：曲阜市")
            level = cols[1].selectbox("层级", UNIT_LEVELS, index=2, key="unit_new_level")
            parent = cols[2].selectbox(
                "上级单位",
                [u.id for u in writable],
                format_func={u.id: u.path for u in writable}.get,
                key="unit_new_parent",
            )
            if st.form_submit_button("添加下级单位"):
                try:
                    hierarchy.add_unit(actor, name, level, parent)
                except ServiceError as exc:
                    st.error(md_escape(str(exc)))
                else:
                    done(f"已添加「{name.strip()}」，并按评分细则建立了成员单位和责任分工。")
        upload = st.file_uploader(
            "从 Excel 批量导入（列：单位名称、层级、上级单位）",
            type=["xlsx", "xls", "csv"],
            key="unit_import",
        )
        if upload is not None and st.button("导入单位清单", key="unit_import_go"):
            try:
                result = hierarchy.import_units(
                    actor, upload.getvalue(), upload.name, parent=writable[0].id
                )
            except ServiceError as exc:
                st.error(md_escape(str(exc)))
            else:
                for line in result["errors"]:
                    st.warning(line)
                done(
                    f"已导入 {len(result['created'])} 个单位"
                    + (
                        f"，{len(result['skipped'])} 个已存在未重复建立"
                        if result["skipped"]
                        else ""
                    )
                )
    if round_id is not None:
        _round_team(actor, round_id)


def _round_team(actor, round_id: int) -> None:
    st.subheader("本轮考核组成员")
    st.caption(
        "指定后，只有这些考核组成员（及组长）能查看和评定本轮；可以指定其他单位的考核员（交叉考评）。"
    )
    team = round_inspectors.round_inspectors(actor, round_id)
    everyone = listing.inspectors(actor)
    label = dict(everyone)
    chosen = st.multiselect(
        "考核组成员",
        [u for u, _ in everyone],
        default=[t["username"] for t in team if t["username"] in label],
        format_func=lambda u: label.get(u, u),
        key=f"team:{round_id}",
    )
    if st.button("保存考核组成员", key=f"team_save:{round_id}"):
        try:
            names = round_inspectors.assign_inspectors(actor, round_id, chosen)
        except ServiceError as exc:
            st.error(md_escape(str(exc)))
        else:
            done(
                "已保存本轮考核组："
                + ("、".join(names) if names else "未指定（本单位考核组均可评定）")
            )
    cross = [t for t in team if t["cross"]]
    if cross:
        st.caption("交叉考评：" + "、".join(f"{t['display_name']}（{t['unit']}）" for t in cross))
