"""A flood of painting commands that fail before any limit is reached ("/gogh" with no photo,
"/stronger" of a painting at full strength, an unknown artist): each refusal is the command's
own answer, said each time. ef0af4a counted such refusals as messages and, past CHATTER_LIMIT,
replaced them by "slow down" (said once in QUIET_REFUSALS_S, so mostly by nothing): that hid
real errors too ("not an image", a photo gone, a painting not delivered), so it was undone."""
from __future__ import annotations

import asyncio

import pytest

from bot.commands import CHATTER_LIMIT, CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


@pytest.mark.parametrize("text,user", [("/gogh", "tg:9"),     # no photo yet: "send me a photo first"
                                       ("/stronger", "tg:1"), ("/style nobody-of-that-name", "tg:1")])
async def test_a_flood_of_failing_painting_commands_gets_its_own_refusals(settings, store, text, user):
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: 1000.0)
    await say(layer, "/gogh", images=[make_photo()])        # a painting at full strength, for /stronger
    out = Recorder()
    await asyncio.gather(*[layer.handle(req(text, user=user), out) for _ in range(CHATTER_LIMIT * 2)])
    slow = [x for x in out.texts if x.startswith(t("en", "too_many_messages", seconds=9).split("9")[0])]
    # (/stronger's "already at full strength" is said once a burst since test_redo_quiet: the
    # same refusal of the same command, not another error replaced)
    said = 1 if text == "/stronger" else CHATTER_LIMIT * 2
    assert not slow and len(out.texts) == said, out.texts[-3:]
    # a painting, with its photo, is still painted (paintings have their own limit)
    assert (await say(layer, "/monet", images=[make_photo(seed=3)], user=user)).images
