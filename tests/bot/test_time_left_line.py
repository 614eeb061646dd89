"""QA (web chat, a 50-90 s /hq painting): the progress line said "starting… (about 2 min)", then
only "painting… 20%": the time vanished once the painting began. A long painting's line says the
time left from its own pace now ("about 55 s left", "약 55초 남음"), smoothed, in
steps; a painting of a few seconds says none (no extra text flickering by)."""
import re

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.time_left import TimeLeft
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say


class PacedQueue(FakeQueue):
    """Reports a painting's progress as it goes on a fake clock: ``steps`` of (seconds since the
    last status, progress)."""

    def __init__(self, now: list[float], steps: list[tuple[float, float]]):
        super().__init__()
        self.now, self.steps = now, steps

    async def wait(self, job_id, on_status=None):
        for seconds, progress in self.steps:
            self.now[0] += seconds
            await on_status(JobStatus(job_id, "running", position=0, progress=progress))
        return await super().wait(job_id)


def steady(seconds: float, statuses: int) -> list[tuple[float, float]]:
    """A painting of ``seconds`` at an even pace, told ``statuses`` times after its first (0%)."""
    return [(0.0, 0.0)] + [(seconds / statuses, (i + 1) / statuses) for i in range(statuses)]


async def painted_lines(settings, store, photo, steps, lang="en") -> list[str]:
    now = [1000.0]
    layer = CommandLayer(settings, store, PacedQueue(now, steps), clock=lambda: now[0])
    out = await say(layer, "/style monet", images=[photo], locale=lang)
    return [reply.text for _, reply in out.edits]


LEFT = {"en": r"\(about (?:(\d+) min ?)?(?:(\d+) s)? left\)", "ko": r"\(약 (?:(\d+)분 ?)?(?:(\d+)초)? 남음\)"}


def seconds_said(lines: list[str], lang: str) -> list[int]:
    """The times left the lines say, in seconds ("about 1 min 15 s left": 75)."""
    matches = [re.search(LEFT[lang], line) for line in lines]
    return [60 * int(m.group(1) or 0) + int(m.group(2) or 0) for m in matches if m]


@pytest.mark.parametrize("lang,line", [("en", "🎨 Claude Monet: painting… 20% (about 50 s left)"),
                                       ("ko", "🎨 클로드 모네: 그리는 중… 20% (약 50초 남음)")])
async def test_a_long_painting_says_its_time_left(settings, store, photo, monkeypatch, lang, line):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    lines = await painted_lines(settings, store, photo, steady(60.0, 10), lang)
    assert line in lines, lines        # 6 s for 10% (from 10% to 20%): 48 s left, said in 5 s steps
    assert seconds_said(lines, lang)[-1] >= 5         # its last seconds: no "about 0 s"


async def test_only_a_long_painting_says_it(settings, store, photo, monkeypatch):
    """A 3 s painting says none, also after its fresh worker said 0% for the 20 s its model
    loaded (that is no painting pace: the time is counted from its first progress)."""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    short = await painted_lines(settings, store, photo, steady(3.0, 10))
    loaded = await painted_lines(settings, store, photo, [(0.0, 0.0), (20.0, 0.0)] + steady(3.0, 10)[1:])
    long = await painted_lines(settings, store, photo, steady(90.0, 10))
    assert not any("left" in line for line in short + loaded), short + loaded
    assert seconds_said(long, "en"), long


async def test_the_time_left_follows_an_uneven_pace_in_steps(settings, store, photo, monkeypatch):
    """An uneven pace (a slow stretch, then quick ones) moves the estimate both ways: it was said
    only going down (a slowed painting said "about 5 s left" for long); it goes up now where the
    pace drops, by whole steps (tests/bot/test_time_left_honest.py), and down again."""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    steps = [(0.0, 0.0), (6.0, 0.10), (6.0, 0.20), (6.0, 0.30), (20.0, 0.35), (20.0, 0.40),
             (3.0, 0.50), (3.0, 0.60), (20.0, 0.65), (4.0, 0.80), (4.0, 0.90)]   # (its pace said 45, 50 s)
    said = seconds_said(await painted_lines(settings, store, photo, steps), "en")
    assert len(said) >= 4 and said != sorted(said, reverse=True) and said[-1] < said[0], said
    assert all(abs(a - b) >= 5 for a, b in zip(said, said[1:]) if a != b), said


def test_the_time_left_changes_in_steps_not_with_each_second():
    """A 150 s painting told ten times a second: the line's time moves in 15 s steps over a
    minute, 5 s steps below, so ticking seconds do not edit the line more often."""
    time_left, said = TimeLeft(), []
    for tick in range(1500):
        left = time_left.saw(JobStatus("j", "running", progress=tick / 1500), tick / 10)
        if left is not None and (not said or said[-1] != left):
            said.append(left)
    assert all(s % 15 == 0 for s in said if s >= 60) and all(s % 5 == 0 for s in said), said
    assert len(said) <= 6 + 12 + 2, said        # 60-150 s in 15 s steps, 5-60 s in 5 s steps
    assert said == sorted(said, reverse=True) and said[0] >= 120 and said[-2:] == [5, 0], said   # 0: "almost done"


class PacedStatesQueue(PacedQueue):
    """PacedQueue whose steps may name their state: (seconds, progress) or (seconds, progress, state)."""

    async def wait(self, job_id, on_status=None):
        for seconds, progress, *state in self.steps:
            self.now[0] += seconds
            await on_status(JobStatus(job_id, (state or ["running"])[0], position=0, progress=progress))
        return await FakeQueue.wait(self, job_id)


@pytest.mark.parametrize("between", [[], [(0.5, 0.0, "queued")]], ids=["unheard", "queued_between"])
async def test_a_painting_started_over_while_running_is_timed_anew(settings, store, photo, monkeypatch, between):
    """A queue may tell a painting's progress going back while it is still "running", with no
    waiting status between (Redis: another worker took it over, its progress set back to 0; the
    one-host queue: a crashed job requeued and taken by an idle worker within its 0.5 s poll). The
    first run's pace was kept: its second 80 s run said "about 10 s left" from 20% to 40%; it is
    timed from its own start now. (With its waiting heard of, "queued_between", it was: a guard.)"""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    first_run = steady(80.0, 10)[:-1]                      # 0% to 90%, then its worker is lost
    second_run = [(1.0, 0.0)] + [(8.0, p / 10) for p in range(1, 5)]     # 0% to 40%, 8 s each tenth
    now = [1000.0]
    queue = PacedStatesQueue(now, first_run + between + second_run)
    layer = CommandLayer(settings, store, queue, clock=lambda: now[0])
    lines = [reply.text for _, reply in (await say(layer, "/style monet", images=[photo])).edits]
    restart = max(i for i, line in enumerate(lines) if "painting… 0%" in line)
    again = seconds_said(lines[restart:], "en")
    assert again and again[-1] >= 40, lines[restart:]      # 40% in 32 s: about 48 s left
