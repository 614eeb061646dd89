"""The Discord front-end asks whether a message names an artist (_asks: whether an edit of it is
acted on again), and the command layer then asks the same: for a photo with its caption ("my cat
on the beach") the artists were matched twice. The front-end looks for them last now, where a
photo or a command has not told already; what it decides is as before."""
from __future__ import annotations

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


def counted(frontend) -> list:
    """The texts the front-end's _asks looked for artists in."""
    calls, look, asks = [], frontend.layer.artist_in_text, frontend.inbox._asks
    asking = []

    def artist_in_text(req):
        if asking:
            calls.append(req.text)
        return look(req)

    def counting_asks(*args):
        asking.append(True)
        try:
            return asks(*args)
        finally:
            asking.pop()

    frontend.layer.artist_in_text = artist_in_text
    frontend.inbox._asks = counting_asks
    return calls


async def test_a_photos_caption_is_matched_once(discord_fast, layer):
    fake, frontend = discord_fast
    calls = counted(frontend)
    msg = user_message(USER, DM, "my cat on the beach", [fake.add_attachment("cat.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)        # the artist buttons
    assert calls == []                       # (the layer's own: whether it paints, and what)
    # a text alone still asks the front-end (an edit of "gogh" is acted on; of "hello" not)
    hello = user_message(USER, DM, "hello")
    await fake.dispatch("MESSAGE_CREATE", hello)
    await fake.wait_for(lambda: replies_to(fake, DM, hello), timeout=15)
    assert calls == ["hello"]
