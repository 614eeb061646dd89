"""The "not allowed to post pictures" told up front once a user in QUIET_REFUSALS_S keeps the
command layer's clock, as the layer's own "said once a burst" refusals and Discord's twin do: it
read the real clock, so a test (or anything driving the layer's clock) could not move it on."""
from __future__ import annotations

import asyncio

from bot.commands import QUIET_REFUSALS_S
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.telegram.test_telegram import ANN
from tests.bot.telegram.test_media_refused_memory import WAIT_S, paint, refuse_media, said

recorded = test_telegram.recorded

REFUSED = t("en", "no_media_rights")


async def test_the_refusal_told_up_front_follows_the_layers_clock(recorded, fake_queue, layer):
    fake = recorded
    now = [1000.0]
    layer.clock = lambda: now[0]
    refuse_media(fake)
    await paint(fake, ANN, "ck1")                   # painted, refused by Telegram
    await fake.wait_for(lambda: said(fake, REFUSED) == 1, timeout=WAIT_S)
    await paint(fake, ANN, "ck2")                   # refused up front, told
    await fake.wait_for(lambda: said(fake, REFUSED) == 2, timeout=WAIT_S)
    await paint(fake, ANN, "ck3")                   # the same burst: not told again
    await asyncio.sleep(1.0)
    assert said(fake, REFUSED) == 2
    now[0] += QUIET_REFUSALS_S + 1                  # the layer's clock says the burst is over
    await paint(fake, ANN, "ck4")
    await fake.wait_for(lambda: said(fake, REFUSED) == 3, timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
