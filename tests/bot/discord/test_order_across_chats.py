"""Discord: a user's photo still downloading in a server channel (a message mentioning the bot)
held up their DM paintings for the command layer's ORDER_WAIT_S (10 s): the front-end numbered
it (layer.arrive) without its channel, and the layer waited for it as for any message of unknown
chat. A DM painting now goes on at once; a DM /size, a setting the server's photo reads, still
waits for it."""
from __future__ import annotations

import time

import pytest

from bot import layer_timing

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.discord.test_discord import USER, style_with_photo
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, posts

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)

SLOW_S = 3.0          # the server photo's download, on a slow link
WAIT_S = 30.0


@pytest.fixture(autouse=True)
def order_wait(monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 8.0)      # longer than the download


async def dm_photo(fake) -> None:
    """A photo alone in the DM (its artist buttons): the DM's last photo, which "/style monet" paints."""
    msg = user_message(USER, DM, "", [fake.add_attachment("dm.jpg", make_photo(seed=2))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: posts(fake, DM), timeout=WAIT_S)


async def slow_server_photo(fake, name: str) -> None:
    """"@Paintbot /style gogh" with a photo in the server's channel, its download under way."""
    fake.cdn_delay = SLOW_S
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> /style gogh", [fake.add_attachment(name, make_photo(seed=1))],
                       guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)


@pytest.mark.slow
async def test_a_dm_painting_is_not_held_up_by_a_server_photo_downloading(discord_fast, fake_queue):
    fake, _ = discord_fast
    await dm_photo(fake)
    await slow_server_photo(fake, "server1.jpg")
    sent = time.monotonic()
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/style monet"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    took = time.monotonic() - sent
    # the DM's painting is in the queue first, while the server's photo still downloads
    assert [j.chat_id for j in fake_queue.jobs] == [f"dc:{DM}"], took
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)      # the server's is painted too
    assert fake_queue.jobs[1].chat_id == f"dc:{CHANNEL}"


@pytest.mark.slow
async def test_a_dm_painting_is_not_held_up_by_a_slash_commands_photo_downloading(discord_fast, fake_queue):
    """The same with /style and a photo in a server channel (a slash command)."""
    fake, _ = discord_fast
    await dm_photo(fake)
    fake.cdn_delay = SLOW_S
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id=CHANNEL, guild_id=GUILD))
    sent = time.monotonic()
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/style monet"))
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    took = time.monotonic() - sent
    assert [j.chat_id for j in fake_queue.jobs] == [f"dc:{DM}"], took
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    assert fake_queue.jobs[1].chat_id == f"dc:{CHANNEL}"


@pytest.mark.slow
async def test_a_dm_size_still_waits_for_the_server_photo_sent_before_it(discord_fast, fake_queue):
    fake, _ = discord_fast
    await slow_server_photo(fake, "server2.jpg")
    size = user_message(USER, DM, "/size small")
    await fake.dispatch("MESSAGE_CREATE", size)
    await fake.wait_for(lambda: posts(fake, DM), timeout=WAIT_S)
    # answered only once the server's photo, sent first (it reads the size before), is in the queue
    assert [j.chat_id for j in fake_queue.jobs] == [f"dc:{CHANNEL}"]
