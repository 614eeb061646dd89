"""The in-process queue (QUEUE_BACKEND=memory, no journal): a painting still under way when a
stop's drain (memory.DRAIN_S) ends is cancelled, and its user read "failed: Cancelled." as if
they had sent /cancel, with no word of the restart nor of sending the photo again. It now ends as
the waiting jobs do: refused for the restart ("send it again in a minute", both languages). A
painting its user cancelled during the stop still reads "Cancelled."."""
import asyncio
import time

from bot.messages import t
from engine.queue import memory
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_drain_notice import layer_on
from tests.queue.test_memory_stop import restarting


def said(tmp_path, lang: str, result) -> str:
    """Why the painting failed, as its user reads it (the command layer's words)."""
    layer, store = layer_on(None, tmp_path)
    try:
        return layer.error_text(lang, result.error_key, result.error_params)
    finally:
        store.close()


async def painting(q: InProcessQueue, job) -> asyncio.Future:
    await q.submit(job)
    follow = asyncio.ensure_future(q.wait(job.id))
    deadline = time.monotonic() + 30              # (a loaded host: by the clock, not by rounds)
    while not q.status()["running"]:
        assert time.monotonic() < deadline, "the painting did not begin"
        await asyncio.sleep(0.02)
    return follow


async def test_a_painting_the_drain_cuts_off_is_refused_for_the_restart_not_said_cancelled(monkeypatch, tmp_path):
    monkeypatch.setattr(memory, "DRAIN_S", 0.2)
    q = InProcessQueue(FakeEngine)
    await q.start()
    job = make_job("a", "sleep:30")
    follow = await painting(q, job)
    await asyncio.wait_for(q.stop(), 10)
    result = follow.result()
    assert restarting(result), result
    for lang in ("en", "ko"):
        assert said(tmp_path, lang, result) == t(lang, "busy_restarting")


async def test_a_painting_its_user_cancelled_during_the_stop_is_still_cancelled(monkeypatch):
    # a drain far longer than the test: the user's /cancel, not the drain's end, stops the painting
    # (a drain of 0.5 s could end first on a loaded host, and the painting read as cut off)
    monkeypatch.setattr(memory, "DRAIN_S", 30)
    q = InProcessQueue(FakeEngine)
    await q.start()
    job = make_job("a", "sleep:30")
    follow = await painting(q, job)
    stopping = asyncio.ensure_future(q.stop())
    await asyncio.sleep(0)                        # the stop has begun: it drains
    assert q._stopping and not stopping.done()
    assert await q.cancel(job.id)
    await asyncio.wait_for(stopping, 10)
    result = follow.result()
    assert not result.ok and result.error_key == "cancelled", result
