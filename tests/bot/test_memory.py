"""What the command layer keeps per user shrinks back once a flood of distinct users has passed:
the rate limiter kept an (empty) list of times, and ``pending`` an (empty) dict, for every user
who had ever asked for a painting or /status, for as long as the bot ran."""
from __future__ import annotations

import asyncio

from bot.commands import CommandLayer

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req


async def test_a_crowd_of_users_leaves_nothing_behind_once_their_paintings_are_done(settings, store):
    now = [1000.0]
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: now[0])
    photo = make_photo()
    out = Recorder()
    await asyncio.gather(*[layer.handle(req("/gogh", images=[photo], user=f"tg:{n}"), out) for n in range(200)])
    await asyncio.gather(*[layer.handle(req("/status", user=f"tg:{n}"), out) for n in range(200, 300)])
    assert len(out.images) == 200
    assert not layer.pending and not layer._in_flight and not layer._slot_seq and not layer.shown and not layer.time_left_shown
    now[0] += settings.RATE_LIMIT_WINDOW_S + 1            # their rate-limit windows are over
    await layer.handle(req("/gogh", images=[photo], user="tg:late"), out)
    assert set(layer.limiter._hits) == {"tg:late"}


async def test_a_user_still_within_the_window_keeps_their_count(settings, store):
    """Forgetting the idle ones forgets no one's recent paintings: the limit still holds."""
    now = [1000.0]
    settings.RATE_LIMIT_JOBS = 2
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: now[0])
    photo = make_photo()
    for _ in range(2):
        await layer.handle(req("/gogh", images=[photo], user="tg:busy"), Recorder())
    now[0] += settings.RATE_LIMIT_WINDOW_S / 2
    await layer.handle(req("/gogh", images=[photo], user="tg:old"), Recorder())
    now[0] += settings.RATE_LIMIT_WINDOW_S / 2 + 1        # tg:busy's window over, tg:old's not
    await layer.handle(req("/gogh", images=[photo], user="tg:new"), Recorder())
    assert set(layer.limiter._hits) == {"tg:old", "tg:new"}
    await layer.handle(req("/gogh", images=[photo], user="tg:old"), Recorder())
    out = Recorder()
    await layer.handle(req("/gogh", images=[photo], user="tg:old"), out)
    assert "60" not in out.texts[0] and out.texts[0].startswith("Slow down"), out.texts   # 2 in its window
