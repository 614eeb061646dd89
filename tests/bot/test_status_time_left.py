"""/status listed a long painting with its percent only ("painting… 50%") while its progress
line said "painting… 50% (about 40 s left)" (bot/time_left.py): /status says the same time
left now, in English and Korean, and keeps nothing of it once the painting is over."""
import asyncio

import pytest

from bot import layer_timing
from bot.commands import CommandLayer
from engine.jobs import Job, StyleRef
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, Recorder
from tests.bot.test_commands import req, say


class PacedHeldQueue(FakeQueue):
    """Paints at an even pace on a fake clock (10% each 8 s) to ``upto``, then holds the job
    until released (/status is asked meanwhile)."""

    def __init__(self, now: list[float], upto: int):
        super().__init__()
        self.now, self.upto = now, upto
        self.told, self.release = asyncio.Event(), asyncio.Event()

    async def wait(self, job_id, on_status=None):
        for tenth in range(self.upto + 1):
            self.now[0] += 8.0 if tenth else 0.0
            await on_status(JobStatus(job_id, "running", position=0, progress=tenth / 10))
        self.told.set()
        await self.release.wait()
        return await super().wait(job_id)


async def status_and_line(settings, store, photo, lang, upto):
    """/status's lines while the painting is held, its progress line's last text, the layer."""
    now = [1000.0]
    queue = PacedHeldQueue(now, upto)
    layer = CommandLayer(settings, store, queue, clock=lambda: now[0])
    out = Recorder()
    painting = asyncio.create_task(layer.handle(req("/style monet", images=[photo], locale=lang), out))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        status = (await say(layer, "/status", locale=lang)).texts[0].splitlines()
        line = out.edits[-1][1].text
    finally:
        queue.release.set()
        await asyncio.wait_for(painting, 5)
    return status, line, layer


@pytest.mark.parametrize("lang,said", [("en", "🎨 Claude Monet: painting… 50% (about 40 s left)"),
                                       ("ko", "🎨 클로드 모네: 그리는 중… 50% (약 40초 남음)")])
async def test_status_says_a_long_paintings_time_left(settings, store, photo, monkeypatch, lang, said):
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    status, line, layer = await status_and_line(settings, store, photo, lang, upto=5)
    assert line == said, line                       # its progress line says it (eebf704)
    assert status[-1] == said, status               # and /status the same
    assert not layer.time_left_shown, layer.time_left_shown     # over: nothing kept of it


async def test_status_of_a_painting_without_a_time_left_says_its_percent(settings, store, photo, monkeypatch):
    """A guard: under 5% made since its first progress, no time is said, in /status neither."""
    monkeypatch.setattr(layer_timing, "EDIT_INTERVAL_S", 0.0)
    status, _, _ = await status_and_line(settings, store, photo, "en", upto=1)
    assert status[-1] == "🎨 Claude Monet: painting… 10%", status


async def test_status_says_the_time_left_of_a_job_resumed_after_a_restart(settings, store, photo):
    """A job the bot waits for again after its restart (resume) is listed as a live one is."""
    now = [1000.0]
    queue = PacedHeldQueue(now, upto=5)
    layer = CommandLayer(settings, store, queue, clock=lambda: now[0])
    job = Job(user_id="tg:1", chat_id="tg:1", image=photo, styles=[StyleRef("artist", "monet")],
              meta={"lang": "en", "label": "Claude Monet", "command": "/style monet"})
    queue.jobs.append(job)

    async def deliver(chat_id, replies, **kw): ...

    resumed = asyncio.create_task(layer.resume(job, deliver))
    try:
        await asyncio.wait_for(queue.told.wait(), 5)
        status = (await say(layer, "/status")).texts[0].splitlines()
    finally:
        queue.release.set()
        await asyncio.wait_for(resumed, 5)
    assert status[-1] == "🎨 Claude Monet: painting… 50% (about 40 s left)", status
    assert not layer.time_left_shown
