"""Page layout that Streamlit's own styles leave to us: what a phone (390 px) needs.

- A row of metrics (st.columns with one st.metric each) wraps two to a line on a phone instead
  of stacking one per line, so the first screen shows the figures and what follows them.
- Less empty room above the title on a phone (Streamlit keeps 6rem).
- The element that only carries the ``zh_words`` script takes no room.
- A wide table (``responsive_table``) shows as the table from 641 px and as one short card
  per row on a phone, so nothing scrolls sideways.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.components.tables import md_escape

_METRIC_ROW = (
    '[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid='
    '"stVerticalBlock"] > [data-testid="stElementContainer"]:only-child > [data-testid="stMetric"])'
)

_CSS = f"""
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) {{
  display: none;
}}
[class*="st-key-narrow_"] {{ display: none; }}
@media (max-width: 640px) {{
  [class*="st-key-wide_"] {{ display: none; }}
  [class*="st-key-narrow_"] {{ display: flex; }}
  [data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
  {_METRIC_ROW} {{ flex-direction: row !important; flex-wrap: wrap !important; gap: 0.75rem; }}
  {_METRIC_ROW} > [data-testid="stColumn"] {{
    flex: 1 1 calc(50% - 0.75rem) !important; min-width: calc(50% - 0.75rem) !important;
    width: calc(50% - 0.75rem) !important;
  }}
  {_METRIC_ROW} [data-testid="stMetricValue"] {{ font-size: 1.5rem; }}
}}
</style>
"""


def install() -> None:
    """Once per script run, before any page."""
    st.html(_CSS)


def responsive_table(df: pd.DataFrame, key: str, title: str, columns: list[str]) -> None:
    """``df`` as a table on a wide screen; on a phone one card per row: ``title`` in bold, then
    ``columns`` as 「列：值」 (CSS above shows one of the two)."""
    with st.container(key=f"wide_{key}"):
        st.dataframe(df, hide_index=True, width="stretch", key=key)
    with st.container(key=f"narrow_{key}", gap="small"):
        for _, row in df.iterrows():
            parts = [f"{c}：{row[c]}" for c in columns if str(row[c]) not in ("", "—")]
            st.markdown(
                f"**{md_escape(str(row[title]))}**  \n:gray[{md_escape(' · '.join(parts))}]"
            )
