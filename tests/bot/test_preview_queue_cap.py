"""Defaults that clash: a /preview is 9 jobs, and the queue takes at most QUEUE_MAX_PER_USER (10)
of one user's, so a second /preview while the first was painted (MAX_PENDING_PER_USER, 2, let it
through) was refused by the queue: "The painter is very busy", when the reason was the user's own
paintings. It is now refused up front as the limit it is: "You already have 1 painting in
progress"."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.settings import QueueSettings

from tests.bot.conftest import Recorder, make_photo
from tests.bot.test_commands import req
from tests.bot.test_preview_refused import CappedPerUser


async def test_a_second_preview_past_the_queues_share_is_the_users_limit(settings, store):
    settings.MAX_PENDING_PER_USER = 2
    queue = CappedPerUser(room=10)          # as the scheduled queue with QUEUE_MAX_PER_USER=10
    queue.settings = QueueSettings(queue_max_per_user=10)
    queue.delay = 2.0                       # the first /preview is still painted
    layer = CommandLayer(settings, store, queue)
    first, second = Recorder(), Recorder()
    painting = asyncio.create_task(layer.handle(req("/preview", images=[make_photo()]), first))
    while len(queue.jobs) < 9:
        await asyncio.sleep(0.01)
    await layer.handle(req("/preview", images=[make_photo(seed=2)]), second)
    assert second.texts == [t("en", "too_many_pending", count=1)], second.texts
    assert len(queue.jobs) == 9 and not queue.cancelled_jobs      # none of its tiles queued, none cancelled
    # a single painting still fits beside the first /preview (9 + 1)
    third = Recorder()
    await layer.handle(req("/gogh", images=[make_photo(seed=3)]), third)
    assert len(queue.jobs) == 10 and third.images
    await painting
    assert len(first.images) == 1
