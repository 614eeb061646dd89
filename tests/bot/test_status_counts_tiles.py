"""/status during a /preview said "8 waiting, 1 painting, yours: 1": the queue's numbers count
jobs (nine tiles), "yours" counted the user's paintings (one slot). Both count jobs now: the
preview's tiles not yet painted."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req, say
from tests.bot.test_preview_slot import TileQueue, until


async def test_yours_counts_a_previews_unpainted_tiles(settings, store):
    queue = TileQueue()
    layer = CommandLayer(settings, store, queue)
    painting = asyncio.create_task(layer.handle(req("/preview", images=[make_photo()]), Recorder()))
    try:
        await until(lambda: len(queue.jobs) == 9)
        first = (await say(layer, "/status")).texts[0].split("\n")[0]
        for job in queue.jobs[:4]:
            queue.release[job.id].set()
        await until(lambda: len(queue.open) == 5)
        await asyncio.sleep(0.05)
        later = (await say(layer, "/status")).texts[0].split("\n")[0]
    finally:
        for event in queue.release.values():
            event.set()
        await painting
    assert first.endswith("Yours: 9."), first
    assert later.endswith("Yours: 5."), later
