"""A painting command's own refusal ("send a photo first", "that is already at full strength")
is said past the limit on messages: since ef0af4a it was replaced by "slow down" (said once in
QUIET_REFUSALS_S, so usually by nothing), and so were "not an image", a photo gone, or a
finished painting that could not be delivered."""
from __future__ import annotations

from bot.commands import CHATTER_LIMIT, CommandLayer
from bot.messages import t

from tests.bot.conftest import FakeQueue, Recorder, make_photo
from tests.bot.test_commands import req, say


async def test_a_painting_commands_refusal_is_said_past_the_limit(settings, store):
    layer = CommandLayer(settings, store, FakeQueue(), clock=lambda: 1000.0)
    out = Recorder()
    for _ in range(CHATTER_LIMIT + 3):
        await layer.handle(req("/help", user="tg:9"), out)
    assert (await say(layer, "/gogh", user="tg:9")).texts == [t("en", "no_photo")]
    assert (await say(layer, "/gogh", user="tg:9")).texts == [t("en", "no_photo")]
    assert (await say(layer, "/gogh", images=[b"not an image at all"], user="tg:9")).texts
    assert (await say(layer, "/gogh", images=[make_photo()], user="tg:9")).images
