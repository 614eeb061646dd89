"""A flood of the same request gets one refusal, not one per message: each reply is a message in
the user's chat (on Telegram, a burst of them also trips Telegram's own flood limits and holds
up the bot's other replies). The rate limit and the paintings-at-once limit were muted so
(_said_already); "already painting that one" (a button tapped again and again), "I sent you your
data a moment ago" (/mydata) and "the painter is very busy" (a full queue) were said each time."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer
from bot.messages import t
from engine.jobs import JobResult
from engine.queue.base import JobStatus

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


class Gated(FakeQueue):
    """A painting ends only when the test opens the gate: jobs stay under way meanwhile."""

    def __init__(self):
        super().__init__()
        self.gate = asyncio.Event()
        self.gate.set()

    async def wait(self, job_id, on_status=None):
        await self.gate.wait()
        return await super().wait(job_id, on_status)


async def test_twenty_taps_on_one_button_get_one_already_painting(settings, store):
    queue = Gated()
    layer = CommandLayer(settings, store, queue)
    await say(layer, "/gogh", images=[make_photo()])
    job = queue.jobs[-1].id
    queue.gate.clear()                      # the weaker painting stays under way
    out = Recorder()
    taps = [asyncio.ensure_future(layer.handle(req(f"/weaker #{job}"), out)) for _ in range(20)]

    async def all_but_the_painting_answered():
        while sum(tap.done() for tap in taps) < 19:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(all_but_the_painting_answered(), 30)
    queue.gate.set()
    await asyncio.gather(*taps)
    assert len(queue.jobs) == 2                                  # one painting for the 20 taps
    assert out.texts.count(t("en", "already_painting")) == 1, out.texts
    assert len(out.images) == 1


async def test_mydata_asked_ten_times_is_refused_once(layer, store):
    for i in range(2):
        store.save_photo("tg:7", make_photo(seed=i), "tg:7")
    out = Recorder()
    for _ in range(10):
        await layer.handle(req("/mydata", user="tg:7", locale="ko"), out)
    assert sum(1 for r in out.sent if r.document) == 1
    waits = [text for text in out.texts if text.startswith(t("ko", "mydata_wait", seconds=999).split("999")[0])]
    assert len(waits) == 1 and len(out.sent) == 2, out.texts


class Full(FakeQueue):
    """A queue refusing every job at the door (QUEUE_MAX_WAITING reached)."""

    async def submit(self, job):
        self.jobs.append(job)
        return JobStatus(job.id, "failed")

    async def wait(self, job_id, on_status=None):
        return JobResult(job_id, False, error_key="busy", error_params={"minutes": 3, "reason": "global"})


async def test_photos_sent_to_a_full_queue_are_told_busy_once(settings, store):
    layer = CommandLayer(settings, store, Full())
    out = Recorder()
    for i in range(6):
        await layer.handle(req("/gogh", images=[make_photo(seed=i)]), out)
    await layer.handle(req("/gogh", images=[make_photo(seed=i) for i in range(5)]), out)   # an album too
    assert out.texts == [t("en", "busy", minutes=3)]
    # another user is told, as is this one once the quiet time is over (other tests: the clock)
    assert (await say(layer, "/gogh", images=[make_photo()], user="tg:2")).texts == [t("en", "busy", minutes=3)]
