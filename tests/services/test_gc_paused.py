"""A bulk batch runs without automatic garbage collection, and the collector is as it was after:
when the batch ends, fails, or when batches nest or overlap in threads."""

from __future__ import annotations

import gc
import threading

import pytest

from services.rollup.build import gc_paused


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_enabled_after(collector):
    gc.enable()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch still runs
    assert gc.isenabled()


def test_enabled_after_an_error(collector):
    gc.enable()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off(collector):
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_overlapping_threads_enable_it_once_the_last_ends(collector):
    gc.enable()
    entered, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=other)
    with gc_paused():
        t.start()
        entered.wait(5)
    assert not gc.isenabled()  # the other thread's batch still runs
    release.set()
    t.join(5)
    assert gc.isenabled()
