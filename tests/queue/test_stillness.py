"""engine.worker.Stillness: how long a painting has not moved, counted in the beat thread's rounds.
A process paused whole (SIGSTOP, a frozen VM) comes back to one long round; that round counts two
beats at most, so the pause is not taken for a frozen painting (end to end, racing the painting's
own next step: test_frozen_painting's paused-whole test)."""
from __future__ import annotations

import pytest

import engine.worker
from engine.worker import Stillness

EVERY = 0.5


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(engine.worker.time, "monotonic", lambda: now[0])
    return now


def test_a_pause_counts_two_beats_at_most(clock):
    still = Stillness(EVERY)
    assert still.round(True, 1.0) == 0.0            # a new stamp: moving
    clock[0] += 30.0                                # paused whole for 30 s
    assert still.round(True, 1.0) == 2 * EVERY


def test_a_painting_that_does_not_move_grows_still_round_by_round(clock):
    still = Stillness(EVERY)
    still.round(True, 1.0)
    for _ in range(8):
        clock[0] += EVERY
        seen = still.round(True, 1.0)
    assert seen == pytest.approx(8 * EVERY)


def test_a_step_or_no_job_starts_the_count_again(clock):
    still = Stillness(EVERY)
    still.round(True, 1.0)
    clock[0] += EVERY
    assert still.round(True, 1.0) == pytest.approx(EVERY)
    clock[0] += EVERY
    assert still.round(True, 2.0) == 0.0            # the painting made a step
    clock[0] += EVERY
    assert still.round(False, 2.0) == 0.0           # no job
