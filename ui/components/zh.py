"""Chinese where Streamlit's own widgets speak English: one place for every page.

Streamlit has no interface language setting. What it writes itself is replaced here:
- the file uploader's button and its size/type line, and the skip link, by CSS on stable
  ``data-testid`` selectors (the English is sized to nothing, a Chinese ``::after`` shown);
- the date picker (react-aria, in the browser's language, so "December", "S M T W T F S") by a
  text field that reads YYYY-MM-DD (``date_field``);
- tooltips, screen-reader labels and the uploader's file list (``zh_words``: a script that
  replaces Streamlit's exact English phrases);
- the multiselect's "Select all" row, by ``multiselect`` (``select_all=False``);
- plotly's mode bar and month names, by ``chart`` (a trimmed bar, a zh-CN locale, Chinese
  tooltips; Streamlit's own "Fullscreen" button is relabelled in CSS).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import streamlit as st

from ui.components import zh_words

INVALID = object()  # what date_field returns for an entry that is not a date
_ISO = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")

_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {
  content: "拖放文件到这里，或点「选择文件」；每个文件不超过 50 MB"; font-size: 0.8rem;
  opacity: 0.7;
}
[data-testid="stSkipToContent"]::after { content: "跳到正文"; font-size: 1rem; }
.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]::after {
  content: "全屏" !important;
}
.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]::after {
  content: "退出全屏" !important;
}
</style>
"""


def install() -> None:
    """Once per script run, before any page: the CSS and the script (``zh_words``) that put
    Streamlit's own words in Chinese."""
    st.html(_CSS)
    st.html(zh_words.script(), unsafe_allow_javascript=True)


def parse_date(text: str) -> dt.date | None:
    """2026-11-30 (also 2026/11/30, 2026.11.30, 2026年11月30日); None when it is not a date."""
    m = _ISO.match(text or "")
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def date_field(
    label: str,
    value: dt.date | None = None,
    *,
    key: str,
    container: Any = None,
    help: str | None = None,
) -> dt.date | None | object:
    """A date typed as YYYY-MM-DD: the date, None when left empty, or ``INVALID`` (a Chinese
    message is shown under the field) when the text is not a date."""
    where = container or st
    text = where.text_input(
        label,
        value=value.isoformat() if value else "",
        key=key,
        help=help or "按 年-月-日 填写，例如 2026-11-30",
        placeholder="例如 2026-11-30",
    )
    if not text.strip():
        return None
    parsed = parse_date(text)
    if parsed is None:
        where.error(f"「{text.strip()}」不是有效日期，请按 年-月-日 填写，例如 2026-11-30。")
        return INVALID
    return parsed


def multiselect(label: str, options, *, container: Any = None, **kwargs):
    """st.multiselect without the English "Select all" row."""
    return (container or st).multiselect(label, options, select_all=False, **kwargs)


# plotly.js's own words (mode bar, notifier) and date names, in Chinese.
_PLOTLY_ZH = {
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "矩形选择",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Reset axes": "重置坐标轴",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Download plot": "下载图片",
        "Download plot as a PNG": "下载图片",
        "Download plot as a png": "下载图片",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Snapshot succeeded": "图片已生成",
        "Sorry, there was a problem downloading your snapshot!": "图片生成失败，请重试",
        "Double-click to zoom back out": "双击恢复原始大小",
        "Show closest data on hover": "悬停显示最近的数据",
        "Compare data on hover": "悬停比较数据",
        "Toggle Spike Lines": "显示或隐藏辅助线",
        "Reset": "重置",
        "trace": "系列",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["日", "一", "二", "三", "四", "五", "六"],
        "months": [f"{n}月" for n in range(1, 13)],
        "shortMonths": [f"{n}月" for n in range(1, 13)],
        "date": "%Y-%m-%d",
        "periods": ["上午", "下午"],
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["¥", ""],
    },
}
# Only the picture download (and Streamlit's full screen) help someone reading a score chart.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "zh-CN",
    "locales": {"zh-CN": _PLOTLY_ZH},
    "modeBarButtonsToRemove": [
        "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
        "resetScale2d", "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines",
        "zoom", "pan", "resetViews", "hoverClosestPolar", "resetViewMapbox",
    ],
    "toImageButtonOptions": {"format": "png", "filename": "图表", "scale": 2},
}  # fmt: skip


def chart(fig, key: str, container: Any = None) -> None:
    """A plotly figure across the width, with the Chinese mode bar."""
    (container or st).plotly_chart(fig, width="stretch", key=key, config=PLOTLY_CONFIG)
