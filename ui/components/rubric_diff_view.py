"""设置 → 评分细则 → 区别: what changed between two versions of a rubric, requirement by
requirement and clause by clause, names first and numbers small (services.rubrics.diff)."""

from __future__ import annotations

import streamlit as st

from services.errors import ServiceError
from services.rubrics.diff import Change, RubricDiff, comparable, compare_rubrics
from ui.components.tables import md_escape

COLORS = {"added": "green", "removed": "red", "changed": "orange"}


def _change_lines(changes: tuple[Change, ...], indent: str = "") -> list[str]:
    return [
        f"{indent}- {c.field}：~~{md_escape(c.before)}~~ → **{md_escape(c.after)}**"
        if c.before != "—"
        else f"{indent}- {c.field}：**{md_escape(c.after)}**"
        for c in changes
    ]


def _entry(what: str, d, name: str, ref: str) -> list[str]:
    """One added/removed/changed line (name first, its number small), then its changes."""
    badge = f":{COLORS[d.status]}-badge[{d.status_word}]"
    head = f"- {what}{badge} {md_escape(name)} :gray[{md_escape(ref)}]"
    return [head, *_change_lines(d.changes, "    ")]


def compare(actor, unit_id: int) -> None:
    st.subheader("区别：比较两个版本")
    choices = comparable(actor, unit_id)
    if len(choices) < 2:
        st.caption("至少要有两个评分细则才能比较。")
        return
    labels = dict(choices)
    refs = list(labels)
    c = st.columns(2)
    before = c[0].selectbox("原版本", refs, format_func=labels.get, key="rd_before")
    after = c[1].selectbox(
        "新版本", refs, index=len(refs) - 1, format_func=labels.get, key="rd_after"
    )
    if before == after:
        st.info("请选择两个不同的版本。")
        return
    try:
        diff = compare_rubrics(actor, unit_id, before, after)
    except ServiceError as exc:
        st.error(md_escape(str(exc)))
        return
    _show(diff)


def _show(diff: RubricDiff) -> None:
    if diff.empty:
        st.success(diff.summary())
        return
    st.markdown(f"**{md_escape(diff.before)}** → **{md_escape(diff.after)}**")
    st.caption(diff.summary())
    lines = _change_lines(diff.header)
    for s in diff.sections:
        lines += _entry(s.level, s, s.name, s.section_id)
    if lines:
        st.markdown("\n".join(lines))
    for q in diff.requirements:
        with st.container(border=True):
            st.markdown(
                f":{COLORS[q.status]}-badge[{q.status_word}] **{md_escape(q.name)}**  \n"
                f":gray[{md_escape(q.label)} · {md_escape(q.indicator)}]"
            )
            rows = _change_lines(q.changes)
            for r in q.rules:
                rows += _entry("条款", r, r.text, r.rule_id)
            if rows:
                st.markdown("\n".join(rows))
