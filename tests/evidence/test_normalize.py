"""Normalisation and the garbled-text heuristic."""

import random

from hypothesis import given
from hypothesis import strategies as st

from evidence.normalize import clean_text, normalize_text, text_quality

NOTICE = "为加强对创建省级创业型城市工作的组织领导，经区政府研究，决定成立工作领导小组。组长由副区长担任。"


def test_term_split_over_two_lines_is_found():
    text = "决定成立济宁市兖州区创建省级创业型城市工作领\n导小组，负责统筹协调。"
    assert "领导小组" in normalize_text(text)
    assert "领导小组" in normalize_text("工作领 \r\n  导小组")


def test_line_breaks_kept_where_not_between_hanzi():
    text = "一、总体要求。\n二、工作任务\nPhase one\nphase two"
    assert normalize_text(text) == "一、总体要求。\n二、工作任务\nPhase one\nphase two"


def test_nfkc_spaces_and_controls():
    raw = "兖政办发［２０２０］５号\u3000\u3000关于  印发\t方案\x00\x07的通知\u200b  2020 年 2 月 6 日"
    # spaces between hanzi, or between a hanzi and a digit, carry nothing in Chinese
    assert normalize_text(raw) == "兖政办发[2020]5号关于印发方案的通知2020年2月6日"
    assert normalize_text("Word 文件 PDF 版") == "Word 文件 PDF 版"
    assert clean_text("a   b\n\n\n\nc") == "a b\n\nc"
    assert clean_text("⼯作⽅案") == "工作方案"  # Kangxi radicals some PDF producers emit


cjk_text = st.text(
    alphabet=st.sampled_from(
        list("创业就业领导小组通知 \n\t,。()0123456789abc") + ["\u3000", "\r"]
    ),
    max_size=60,
)


@given(cjk_text)
def test_normalisation_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "  " not in once and "\t" not in once


def test_normal_chinese_is_not_garbled():
    assert not text_quality(NOTICE).garbled
    assert not text_quality("").garbled
    assert not text_quality("Employment report 2020, page 3").garbled


def test_private_use_and_replacement_characters_are_garbled():
    pua = "".join(chr(0xE000 + i * 7) for i in range(40))
    assert text_quality(pua).garbled
    assert text_quality("\ufffd" * 10 + "通知").garbled
    assert text_quality("".join(chr(c) for c in range(1, 30))).garbled


def test_rare_hanzi_soup_is_garbled():
    rng = random.Random(7)
    soup = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(200))
    quality = text_quality(soup)
    assert quality.common_hanzi_share < 0.6
    assert quality.garbled


def test_latin1_soup_is_garbled():
    assert text_quality("ÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäå").garbled
