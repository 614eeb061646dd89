"""A waiting /hq behind a painting that runs long: the queue's ETA grows 5 s at a time (its
overrun), and the line read "position 1, about 1 min 40 s", 1:45, 1:50, 1:55, "about 2 min", one
edit every 5 s (QA). Now the line says the painting ahead is taking longer than expected, with no
time, in English and Korean, and /status says the same; a new place in line says its time again."""
import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from bot.time_left import AHEAD_OVERRAN, WaitLeft
from engine.jobs import Job, StyleRef
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req, say


class OverrunQueue(FakeQueue):
    """Says the job waits at ``place`` with ETAs growing (an overrun ahead), then holds it."""

    def __init__(self, place: int):
        super().__init__()
        self.place = place
        self.told, self.release = asyncio.Event(), asyncio.Event()

    def status(self):       # the lane's one engine busy: a first in line waits, it does not start
        return {"waiting": 1, "running": 1, "lanes": {"hq": {"waiting": 1, "running": 1, "slots": 1},
                                                      "fast": {"waiting": 1, "running": 1, "slots": 1}}}

    async def wait(self, job_id, on_status=None):
        for eta in (100.0, 105.0, 110.0, 115.0, 120.0):
            await on_status(JobStatus(job_id, "queued", position=self.place, eta_seconds=eta))
        self.told.set()
        await self.release.wait()
        return await super().wait(job_id)


@pytest.mark.parametrize("lang,place,said", [
    ("en", 0, "🎨 Claude Monet: next in line, starting as soon as the painting ahead is done "
              "(it is taking longer than expected)…"),
    ("ko", 0, "🎨 클로드 모네: 다음 차례예요. 앞의 그림이 예상보다 오래 걸리고 있어서, 그 그림이 끝나는 대로 바로 시작해요…"),
    ("en", 2, "🎨 Claude Monet: waiting in line (position 3; a painting ahead is taking longer than expected)…"),
    ("ko", 2, "🎨 클로드 모네: 대기 중 (3번째, 앞선 그림 하나가 예상보다 오래 걸리고 있어요)…"),
])
async def test_waiting_line_says_the_painting_ahead_overran(settings, store, photo, monkeypatch, lang, place, said):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    queue = OverrunQueue(place)
    layer = CommandLayer(settings, store, queue)
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style monet", images=[photo], locale=lang), out))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        status = (await say(layer, "/status", locale=lang)).texts[0].splitlines()
        texts = [e[1].text for e in out.edits]
    finally:
        queue.release.set()
        await asyncio.wait_for(painting, 5)
    assert texts[-1] == said, texts
    assert not any("1:45" in x or "1 min 45" in x or "1분 45초" in x for x in texts), texts
    assert status[-1] == said, status


async def test_a_job_resumed_after_a_restart_says_it_too(settings, store, photo, monkeypatch):
    """A job the bot waits for again after its restart (resume) edits its old line the same way."""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    queue = OverrunQueue(0)
    layer = CommandLayer(settings, store, queue)
    job = Job(user_id="tg:1", chat_id="tg:1", image=photo, styles=[StyleRef("artist", "monet")],
              meta={"lang": "en", "label": "Claude Monet", "command": "/style monet", "progress_line": 7})
    queue.jobs.append(job)
    lines = []

    async def edit_line(chat_id, line, reply):
        lines.append(reply.text)

    async def deliver(chat_id, replies, **kw): ...

    resumed = asyncio.create_task(layer.resume(job, deliver, edit_line))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        status = (await say(layer, "/status")).texts[0].splitlines()
    finally:
        queue.release.set()
        await asyncio.wait_for(resumed, 5)
    said = ("🎨 Claude Monet: next in line, starting as soon as the painting ahead is done "
            "(it is taking longer than expected)…")
    assert lines[-1] == said and status[-1] == said, (lines, status)


def st(place, eta, state="queued"):
    return JobStatus("j", state, position=place, eta_seconds=eta)


def test_wait_left_counts_down_and_starts_afresh_at_a_new_place():
    w = WaitLeft()
    assert w.saw(st(1, 20.0)).eta_seconds == 20.0
    assert w.saw(st(1, 18.0)).eta_seconds == 18.0           # counting down (the in-process queue)
    assert w.saw(st(1, 23.0)).eta_seconds == 18.0           # a first rise: held at the time said
    assert w.saw(st(1, 28.0)).waiting_for == AHEAD_OVERRAN   # a second at the same place: overran
    assert w.saw(st(1, 19.0)).waiting_for == AHEAD_OVERRAN   # until its place moves
    moved = w.saw(st(0, 12.0))
    assert moved.eta_seconds == 12.0 and moved.waiting_for is None
    assert w.saw(st(0, 0.0, "running")).state == "running"


def test_a_job_ahead_ending_is_no_overrun():
    """A job that has just finished raises its lane's typical time (it took longer than that)
    before the next one starts and every place moves: one later ETA at the same place, then a new
    place. Said as "the painting ahead is taking longer than expected" for that moment, as the
    painting ahead ended; and a painting a moment past its typical time gave its first 5 s step."""
    w = WaitLeft()
    said = [w.saw(s) for s in (st(2, 300.0), st(2, 315.0), st(1, 210.0), st(1, 215.0), st(1, 210.0),
                                st(1, 215.0), st(0, 105.0))]
    assert [s.waiting_for for s in said] == [None] * 7, said
    assert [s.eta_seconds for s in said] == [300.0, 300.0, 210.0, 210.0, 210.0, 210.0, 105.0], said
    # the same status again (StatusRecheck's) is no second rise
    w = WaitLeft()
    assert [w.saw(s).eta_seconds for s in (st(0, 100.0), st(0, 105.0), st(0, 105.0))] == [100.0] * 3
