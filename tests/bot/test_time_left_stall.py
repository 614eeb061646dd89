"""A painting that stalls: the queues send a status only when it changes, so a painting stuck at
90% kept its line's "(about 10 s left)" or "(almost done)" for as long as it stalled, and /status
said the same. While a job paints, its last status is said again every RECHECK_S
(bot/status_recheck.py): the stall counts in its pace, and the time left goes up; the line is
edited only where its text changes."""
import asyncio
import re
from typing import Callable

import pytest

from bot import layer_timing, status_recheck
from bot.commands import CommandLayer
from bot.status_recheck import StatusRecheck
from engine.jobs import Job, StyleRef
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req

TICK_S = 0.01           # the recheck's real interval here
STEP_S = 15.0           # the layer's (fake) clock moves on this much at each recheck while it stalls
LEFT = re.compile(r"\(about (?:(\d+) min ?)?(?:(\d+) s)? left\)")


class StallingQueue(FakeQueue):
    """A 60 s painting told every 6 s up to 90% on a fake clock (``clock``), that then stalls: no
    status for ``stall_s`` of that clock, which moves on ``step_s`` each time the layer reads it
    meanwhile (a recheck reads it once: RECHECK_S apart, as the real ones)."""

    def __init__(self, lines: Callable[[], list[str]], stall_s: float, step_s: float = STEP_S):
        super().__init__()
        self.lines, self.stall_s, self.step_s = lines, stall_s, step_s
        self.now, self.stalling = 1000.0, False
        self.lines_before_stall = 0
        self.layer: CommandLayer | None = None
        self.status_said: float | None = None       # the time left /status says as the stall ends
        self.line_said: str | None = None           # and its line

    def clock(self) -> float:
        if self.stalling:
            self.now += self.step_s
        return self.now

    async def wait(self, job_id, on_status=None):
        for tenth in range(10):
            self.now += 6.0 if tenth else 0.0
            await on_status(JobStatus(job_id, "running", position=0, progress=tenth / 10))
        self.lines_before_stall = len(self.lines())
        self.stalling, end = True, self.now + self.stall_s
        for _ in range(500):
            if self.now >= end:
                break
            await asyncio.sleep(TICK_S)
        self.stalling = False
        self.status_said, self.line_said = self.layer.time_left_shown.get(job_id), self.lines()[-1]
        return await super().wait(job_id)


def seconds_left(line: str) -> int | None:
    found = LEFT.search(line)
    return None if found is None else 60 * int(found.group(1) or 0) + int(found.group(2) or 0)


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    monkeypatch.setattr(status_recheck, "RECHECK_S", TICK_S)


async def stalled_lines(settings, store, photo, stall_s: float, step_s: float = STEP_S) -> tuple[list[str], list[str]]:
    """The line's texts before the stall and during it (the outcome's edit left out)."""
    out = Recorder()
    queue = StallingQueue(lambda: [reply.text for _, reply in out.edits], stall_s, step_s)
    layer = queue.layer = CommandLayer(settings, store, queue, clock=queue.clock)
    await layer.handle(req("/style monet", images=[photo]), out)
    texts = [reply.text for _, reply in out.edits]
    assert "done in" in texts[-1], texts
    assert queue.status_said == seconds_left(queue.line_said)       # /status says it too
    return texts[:queue.lines_before_stall], texts[queue.lines_before_stall:-1]


async def test_a_stalled_painting_says_a_longer_time_left(settings, store, photo, quick):
    before, during = await stalled_lines(settings, store, photo, stall_s=120.0)
    assert seconds_left(before[-1]) == 5, before
    said = [seconds_left(line) for line in during]
    assert said and all("90%" in line for line in during), during
    assert said[-1] is not None and said[-1] >= 60, during        # 90% in 60 + 120 s: 20 s a tenth
    assert [s or 0 for s in said] == sorted(s or 0 for s in said), during     # up, each step once
    assert len(during) == len(set(during)), during


async def test_rechecks_with_the_clock_still_edit_nothing(settings, store, photo, quick):
    """(a guard for the platforms' edit limits: a recheck whose line says what it said sends nothing)"""
    _, during = await stalled_lines(settings, store, photo, stall_s=1.0, step_s=0.01)
    assert during == [], during


async def test_a_resumed_painting_that_stalls_says_it_too(settings, store, photo, quick):
    """A job the bot waits for again after a restart (resume) edits its old line the same way."""
    texts: list[str] = []
    queue = StallingQueue(lambda: texts, stall_s=120.0)
    layer = queue.layer = CommandLayer(settings, store, queue, clock=queue.clock)
    job = Job(user_id="tg:1", chat_id="tg:1", image=photo, styles=[StyleRef("artist", "monet")],
              meta={"lang": "en", "label": "Claude Monet", "command": "/style monet", "progress_line": 7})
    queue.jobs.append(job)

    async def edit_line(chat_id, line, reply):
        texts.append(reply.text)

    async def deliver(chat_id, replies, **kw): ...

    await asyncio.wait_for(layer.resume(job, deliver, edit_line), 30)
    during = texts[queue.lines_before_stall:]
    assert during and seconds_left(during[-1]) >= 60, during
    assert queue.status_said == seconds_left(queue.line_said) >= 60


async def test_the_recheck_says_the_last_running_status_only_while_it_runs():
    said = []

    async def on_status(st):
        said.append(st.state)

    async with StatusRecheck(on_status, every=TICK_S) as recheck:
        await recheck.on_status(JobStatus("j", "queued", position=1))
        await asyncio.sleep(5 * TICK_S)
        assert said == ["queued"]                 # a waiting line's position needs no clock
        await recheck.on_status(JobStatus("j", "running", progress=0.5))
        await asyncio.sleep(5 * TICK_S)
    assert said[:2] == ["queued", "running"] and len(said) > 2, said
    count = len(said)
    await asyncio.sleep(5 * TICK_S)
    assert len(said) == count                     # over with the wait
