"""/cancel sent again and again with nothing to cancel: each got "You have no paintings waiting or
in progress" (30 /cancel, 30 of them). /cancel always goes through (it is never held by the
limit on messages); its "nothing to cancel" is said once in QUIET_REFUSALS_S, as a refusal is,
and what it did cancel is always said."""
from __future__ import annotations

import asyncio

from bot.commands import QUIET_REFUSALS_S, CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


async def test_thirty_cancels_with_nothing_to_cancel_get_one_reply(settings, store):
    now = [1000.0]
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: now[0])
    out = Recorder()
    await asyncio.gather(*[layer.handle(req("/cancel", locale="ko"), out) for _ in range(30)])
    assert out.texts == [t("ko", "nothing_to_cancel")]
    # another user is answered; so is this one, later
    assert (await say(layer, "/cancel", user="tg:2")).texts == [t("en", "nothing_to_cancel")]
    now[0] += QUIET_REFUSALS_S + 1
    assert (await say(layer, "/cancel")).texts == [t("en", "nothing_to_cancel")]


async def test_a_cancel_that_cancels_is_always_answered(settings, store):
    class Cancels(FakeQueue):
        async def cancel(self, job_id):
            self.cancelled_jobs.append(job_id)
            self.gate.set()
            return True

    queue = Cancels(delay=0)
    queue.gate = asyncio.Event()
    original = queue.wait

    async def wait(job_id, on_status=None):
        await queue.gate.wait()
        return await original(job_id, on_status)

    queue.wait = wait
    layer = CommandLayer(settings, store, queue, clock=lambda: 1000.0)
    assert (await say(layer, "/cancel")).texts == [t("en", "nothing_to_cancel")]
    painting = asyncio.ensure_future(say(layer, "/gogh", images=[make_photo()]))
    while not queue.jobs:
        await asyncio.sleep(0.01)
    assert (await say(layer, "/cancel")).texts == [t("en", "cancelled_jobs", count=1)]
    await painting
