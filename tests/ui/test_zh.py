"""ui.components.zh: typed dates, the plotly config that speaks Chinese."""

from __future__ import annotations

import datetime as dt

from ui.components import zh


def test_a_typed_date_reads_iso_and_the_chinese_form_and_refuses_the_rest():
    assert zh.parse_date("2026-11-30") == dt.date(2026, 11, 30)
    assert zh.parse_date(" 2026/1/5 ") == dt.date(2026, 1, 5)
    assert zh.parse_date("2026年11月30日") == dt.date(2026, 11, 30)
    for bad in ("2026-13-01", "2026-02-30", "30.11.2026", "明天", ""):
        assert zh.parse_date(bad) is None


def test_the_chart_config_keeps_only_the_picture_download_and_names_months_in_chinese():
    cfg = zh.PLOTLY_CONFIG
    assert cfg["displaylogo"] is False
    assert {"zoom2d", "pan2d", "lasso2d", "autoScale2d"} <= set(cfg["modeBarButtonsToRemove"])
    assert "toImage" not in cfg["modeBarButtonsToRemove"]
    zh_cn = cfg["locales"][cfg["locale"]]
    assert zh_cn["format"]["shortMonths"][10] == "11月"
    assert zh_cn["dictionary"]["Download plot as a PNG"] == "下载图片"


def test_streamlit_phrases_are_replaced_whole_and_what_people_type_is_left_alone():
    from ui.components import zh_words

    assert zh_words.translate("Remove 证明材料.pdf") == "移除 证明材料.pdf"
    assert zh_words.translate("File must be 50.0MB or smaller.") == "文件不能超过 50.0MB。"
    assert zh_words.translate(" Download as CSV ") == "下载为 CSV 文件"
    assert zh_words.translate("Help for 成文日期") == "成文日期 的说明"
    assert zh_words.translate("Search the rubric") is None  # not a whole phrase
    assert zh_words.translate("区人社局") is None
    assert '"Add files": "\\u6dfb' in zh_words.script()
