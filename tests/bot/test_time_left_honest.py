"""The time left a painting's line says (bot/time_left.py) never went up: a painting that slowed
after its first estimate said "about 5 s left" for a long while (and /status with it), then, its
estimate run out, dropped the time with no word that it went on. It goes up now where the pace
drops, once the estimate is a whole step of its rounding above (no flicker between two steps),
and its last seconds, or a painting past its estimate, say "almost done" in English and Korean."""
import pytest

from bot import layer_timing
from bot import time_left as time_left_module
from bot.messages import t
from bot.time_left import ALMOST_DONE, TimeLeft
from engine.queue.base import JobStatus

from tests.bot.test_status_time_left import status_and_line
from tests.bot.test_time_left_line import painted_lines, seconds_said


def said_along(steps: list[tuple[float, float]]) -> list[float | None]:
    """What TimeLeft says at each of ``steps`` (seconds since the last status, progress)."""
    time_left, now, said = TimeLeft(), 0.0, []
    for seconds, progress in steps:
        now += seconds
        said.append(time_left.saw(JobStatus("j", "running", progress=progress), now))
    return said


def test_a_painting_that_slows_says_more_time_left():
    """1% each 0.6 s to 60% ("about 25 s left"), then 1% each 4 s (160 s left): its time goes up
    to its new pace's (it went on down, its pace counted from the start: "about 5 s left" with a
    minute to go, then nothing while the painting went on)."""
    steps = [(0.0, 0.0)] + [(0.6, p / 100) for p in range(1, 61)] + [(4.0, p / 100) for p in range(61, 100)]
    said = said_along(steps)
    quick = said[60]
    assert quick is not None and 20 <= quick <= 30, said
    assert max(s for s in said[61:] if s is not None) >= 90, said


def test_a_painting_stalled_before_its_end_says_almost_done_not_a_time():
    """A 60 s painting stays at 95% for 10 s past its estimate: "almost done" while it stays there
    (its line had dropped the time, saying nothing of it), never "0 s"; a longer stall is timed
    again (test_almost_done_goes_up_only_clearly)."""
    steps = [(0.0, 0.0)] + [(6.0, p / 10) for p in range(1, 10)] + [(1.0, 0.95)] * 10
    said = said_along(steps)
    assert said[-1] == ALMOST_DONE and all(s == ALMOST_DONE for s in said[-10:]), said


def test_an_estimate_between_two_steps_does_not_flicker(monkeypatch):
    """A pace whose estimate goes 11 s, 13.5 s, 11 s, ... (between the 10 s and 15 s steps) says
    "about 10 s" throughout: up only a whole step above what is said. (Unsmoothed here, so the
    estimate is the pace's own, from its start.)"""
    monkeypatch.setattr(time_left_module, "SMOOTHING", 1.0)
    monkeypatch.setattr(time_left_module, "RECENT_S", float("inf"))
    time_left = TimeLeft()
    time_left.saw(JobStatus("j", "running", progress=0.01), 0.0)       # its pace counted from here
    said, ratio = [], 2.0               # (1 - p) / (p - 0.01): the estimate is elapsed over it
    for tick in range(10):
        left = 13.5 if tick % 2 else 11.0
        progress = (ratio + 0.01) / (1 + ratio)
        said.append(time_left.saw(JobStatus("j", "running", progress=progress), left * ratio))
        ratio *= 1.25
    assert said == [10.0] * 10, said


def test_almost_done_goes_up_only_clearly():
    """Past its estimate ("almost done") a painting that stalls long enough is timed again, from
    10 s (a whole step above the 5 s below which it says "almost done"), not back and forth
    between "about 5 s left" and "almost done"."""
    steps = [(0.0, 0.0)] + [(6.0, p / 10) for p in range(1, 10)] + [(1.0, 0.9)] * 60
    said = said_along(steps)
    ends = said.index(ALMOST_DONE)
    again = next(i for i in range(ends, len(said)) if said[i] != ALMOST_DONE)
    assert said[again] == 10.0 and set(said[ends:again]) == {ALMOST_DONE}, said
    assert ALMOST_DONE not in said[again:] and 5.0 not in said[ends:], said


@pytest.mark.parametrize("lang,tail", [("en", "(almost done)"), ("ko", "(거의 완성)")])
async def test_the_line_says_almost_done(settings, store, photo, monkeypatch, lang, tail):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    steps = [(0.0, 0.0)] + [(6.0, p / 10) for p in range(1, 10)] + [(3.0, 0.95)] * 4
    lines = await painted_lines(settings, store, photo, steps, lang)
    label = {"en": "Claude Monet", "ko": "클로드 모네"}[lang]
    assert t(lang, "running_almost_done", style=label, percent=95) in lines, lines
    assert lines[-2].endswith(tail), lines          # (its last status's line, before the result)
    assert not any(s == 0 for s in seconds_said(lines, lang)), lines      # no "about 0 s left"


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_status_says_almost_done_as_the_line(settings, store, photo, monkeypatch, lang):
    """A painting at 100% of its pace's estimate: /status says the line's "almost done"."""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    status, line, _ = await status_and_line(settings, store, photo, lang, upto=10)
    assert line == t(lang, "running_almost_done", style={"en": "Claude Monet", "ko": "클로드 모네"}[lang],
                     percent=100), line
    assert status[-1] == line, status


def test_the_same_status_seen_again_at_the_same_moment_says_the_same_time():
    """Reading one status twice with the clock unmoved (a /status beside the line, a recheck) says
    what the first reading said: each reading smoothed the estimate once more, so one status
    said 15 s, then 10 s, then 20 s."""
    time_left = TimeLeft()
    now, said = 0.0, None
    for p in range(0, 61):
        now += 3.0 if p < 30 else 0.5          # a pace that quickens: its smoothed estimate is moving
        said = time_left.saw(JobStatus("j", "running", progress=p / 100), now)
    assert said is not None
    again = [time_left.saw(JobStatus("j", "running", progress=0.60), now) for _ in range(5)]
    assert again == [said] * 5, (said, again)
