"""Every Discord message to the bot, chatter like "hello" too, cost two disk-synced writes of
seen_messages (the edit memory, 80b3789) on the store's one write thread, holding up the other
writes behind a burst, and kept a row of the user's chatter. A row is written now only for a
message the bot answered whose edit could be acted on again (a command, an artist's name, a
photo), once; a restart still does not act twice on it (test_restart_edits.py)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import edited_message, user_message
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_edits import answered
from tests.bot.discord.test_discord_messages import DM, painted_reply, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)
ANN = f"dc:{USER['id']}"


def count_writes(store, monkeypatch) -> list:
    calls = []
    keep = store.keep_seen_message

    def counted(*args, **kwargs):
        calls.append(args[0])
        return keep(*args, **kwargs)
    monkeypatch.setattr(store, "keep_seen_message", counted)
    return calls


async def settled(frontend) -> None:
    """The front-end's writes to the store done (they run off the loop)."""
    for _ in range(200):
        if not frontend.inbox._keeping:
            return
        await asyncio.sleep(0.02)


@pytest.mark.slow
async def test_chatter_writes_nothing_and_a_painting_one_row(discord_fast, layer, monkeypatch):
    fake, frontend = discord_fast
    writes = count_writes(layer.store, monkeypatch)
    hello = user_message(USER, DM, "hello")
    await fake.dispatch("MESSAGE_CREATE", hello)
    await fake.wait_for(lambda: replies_to(fake, DM, hello), timeout=15)        # the hint
    painting = user_message(USER, DM, "gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", painting)
    await painted_reply(fake, DM, painting, timeout=15)
    await settled(frontend)
    assert writes == [f"dc:{painting['id']}"]
    [row] = layer.store.export_user(ANN)["messages_acted_on"]
    assert row["message"] == f"dc:{painting['id']}" and row["answered"] is True


@pytest.mark.slow
async def test_a_photo_offered_artists_is_not_offered_again_for_a_caption_edit_after_a_restart(
        discord_fast, layer, settings):
    """The row says the bot answered it: an edited caption ("my cat" -> "my cat!") is chat."""
    fake, frontend = discord_fast
    sent = datetime.now(timezone.utc) - timedelta(seconds=20)
    msg = user_message(USER, DM, "my cat", [fake.add_attachment("cat.jpg", make_photo(160, 120))], sent_at=sent)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)          # the artist buttons
    await settled(frontend)
    before = len(replies_to(fake, DM, msg))
    await frontend.stop()                                                        # the restart
    again = await connect(fake, layer, settings)
    try:
        await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "my cat!", edited_at=sent + timedelta(seconds=10)))
        assert len(await answered(fake, DM, msg)) == before
        assert layer.queue.jobs == []
    finally:
        await again.stop()
