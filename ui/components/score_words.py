"""The words beside a round's scores (services.rounds.words): the 加分 line, the caps, the parts
待补充细则, and the systems' table. 总览, 模拟考评 and 整改清单 show them; none works them out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports.inputs import ScoreWords
from scoring import Scorecard
from ui.components.fmt import pts
from ui.components.tables import md_escape


def score_notes(words: ScoreWords) -> None:
    """加分 on its own line, then each cap and the parts 待补充细则 (rubric text: escaped)."""
    if words.bonus:
        st.markdown(md_escape(words.bonus))
    for line in words.notes()[1 if words.bonus else 0 :]:
        st.caption(md_escape(line))


def systems_table(card: Scorecard, words: ScoreWords) -> None:
    """Each system: its name (「加分（上限10分）」 on a bonus section), points and its cap."""
    rows = [
        {
            "体系": words.system(s.id, s.name),
            "满分": pts(s.max),
            "得分": pts(s.score),
            "失分": pts(s.lost) if not s.bonus else "—",
            "待评": pts(s.pending) if s.pending else "",
            "说明": words.system_caps.get(s.id, ""),
        }
        for s in card.systems
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="systems_table")
