"""The parse sandbox: timeout, memory cap, crashes, refusals and progress cross the boundary."""

import os
import time

import pytest

from evidence import IntakeRefused, Limits
from evidence.extract import extract_document
from evidence.sandbox import run_sandboxed


def test_result_comes_back_as_json():
    assert run_sandboxed(divmod, 17, 5) == [3, 2]  # tuples travel as JSON lists


def test_timeout_kills_the_child():
    started = time.perf_counter()
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(time.sleep, 30, limits=Limits(parse_seconds=1))
    assert time.perf_counter() - started < 5
    assert caught.value.code == "timeout"
    assert "1 秒" in caught.value.message


def test_memory_cap():
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(bytearray, 4 * 1024**3, memory_mb=256)
    assert caught.value.code == "memory"
    assert "256 MB" in caught.value.message


def test_memory_cap_in_process_switch():
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(bytearray, 1 << 62, sandbox=False)
    assert caught.value.code == "memory"


def test_crash_is_reported():
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(os.abort)
    assert caught.value.code == "crashed"
    assert "异常退出" in caught.value.message


def test_refusals_raised_in_the_child_keep_code_and_message():
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(extract_document, b"%PDF-1.4 nothing else", "pdf")
    assert caught.value.code == "corrupt"
    assert "PDF" in caught.value.message


def test_unexpected_errors_become_a_chinese_refusal():
    with pytest.raises(IntakeRefused) as caught:
        run_sandboxed(int, "not a number")
    assert caught.value.code == "corrupt"
    assert "ValueError" in caught.value.detail
