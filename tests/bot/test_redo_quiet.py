"""40 /stronger (or /weaker) with no painting to repaint, sent in a burst, got 40 "paint something
first" replies; now one per burst, as the limits' refusals are (QUIET_KEYS)."""
from __future__ import annotations

import asyncio

from bot.messages import t

from tests.bot.conftest import Recorder
from tests.bot.test_commands import req


async def test_a_burst_of_stronger_without_a_painting_is_answered_once(layer):
    outs = [Recorder() for _ in range(40)]
    await asyncio.gather(*(layer.handle(req("/stronger"), out) for out in outs))
    texts = [text for out in outs for text in out.texts]
    assert texts == [t("en", "no_previous")], texts
    outs = [Recorder() for _ in range(10)]
    await asyncio.gather(*(layer.handle(req("/weaker"), out) for out in outs))
    assert [text for out in outs for text in out.texts] == [t("en", "no_previous")]


async def test_said_again_after_the_quiet_time(settings, store, fake_queue):
    from bot.commands import CommandLayer, QUIET_REFUSALS_S
    now = [0.0]
    layer = CommandLayer(settings, store, fake_queue, clock=lambda: now[0])
    first, second = Recorder(), Recorder()
    await layer.handle(req("/stronger"), first)
    now[0] += QUIET_REFUSALS_S + 1
    await layer.handle(req("/stronger"), second)
    assert first.texts == second.texts == [t("en", "no_previous")]


async def test_a_burst_at_full_strength_is_answered_once_and_other_errors_still_said(layer):
    from tests.bot.conftest import make_photo
    from tests.bot.test_commands import say
    await say(layer, "/gogh", images=[make_photo()])
    outs = [Recorder() for _ in range(30)]
    await asyncio.gather(*(layer.handle(req("/stronger"), out) for out in outs))
    assert [text for out in outs for text in out.texts] == [t("en", "already_max")]
    assert (await say(layer, "/style nobody-of-that-name")).texts       # another refusal: said
