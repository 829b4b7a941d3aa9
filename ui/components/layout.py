"""Page layout that Streamlit's own styles leave to us: what a phone (390 px) needs.

- A row of metrics (st.columns with one st.metric each) wraps two to a line on a phone instead
  of stacking one per line, so the first screen shows the figures and what follows them.
- Less empty room above the title on a phone (Streamlit keeps 6rem).
- The element that only carries the ``zh_words`` script takes no room.
"""

from __future__ import annotations

import streamlit as st

_METRIC_ROW = (
    '[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid='
    '"stVerticalBlock"] > [data-testid="stElementContainer"]:only-child > [data-testid="stMetric"])'
)

_CSS = f"""
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) {{
  display: none;
}}
@media (max-width: 640px) {{
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
