"""A Discord photo still downloading as its user's "/forgetme yes" deletes: the command layer drops
the requests from before it (InFlight.forgotten), as Telegram's. Nothing of the photo is kept,
painted or remembered after "Done: I deleted ...", not even the record that the bot answered the
message (the store's seen_messages row names its sender and its command)."""
from __future__ import annotations

import asyncio

from bot import layer_timing
from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, posts

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)

WAIT_S = 20.0
ANN = f"dc:{USER['id']}"


async def test_a_photo_downloading_as_forgetme_deletes_leaves_nothing_behind(discord_fast, fake_queue, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)     # (the /forgetme does not wait out the download)
    fake, frontend = discord_fast
    layer = frontend.layer
    fake.cdn_delay = 3.0
    photo = user_message(USER, DM, "gogh", [fake.add_attachment("slow.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", photo)
    await fake.wait_for(lambda: any(e.user == ANN for e in layer._in_flight.values()), timeout=WAIT_S)
    fake.cdn_delay = 0.0
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/forgetme yes"))
    await fake.wait_for(lambda: any(p["content"] == t("en", "forgot") for p in posts(fake, DM)), timeout=WAIT_S)
    # the photo, downloaded after the deletion, then handed to the layer, which drops it
    await fake.wait_for(lambda: not any(e.user == ANN for e in layer._in_flight.values()), timeout=WAIT_S)
    for task in list(frontend.inbox._keeping):             # (the store's writes under way)
        await task
    assert not fake_queue.jobs
    assert layer.store.last_photo(ANN, f"dc:{DM}") is None
    assert not [p for p in posts(fake, DM) if p["files"]]
    assert layer.store.seen_message(f"dc:{photo['id']}") is None, "remembered after the /forgetme"


async def test_a_photo_sent_after_forgetme_downloading_as_it_deletes_is_painted_and_remembered(
        discord_fast, fake_queue, monkeypatch):
    """"/forgetme yes", then a photo with "gogh" that downloads while the deletion runs: it came
    after the /forgetme, so it is painted, and remembered as answered (an edit keeping its
    command is not painted again), not dropped with what came before (HANDLED_SEQ)."""
    fake, frontend = discord_fast
    layer = frontend.layer
    deleting = fake_queue.forget_user

    async def slow_forget(user_id):         # (the deletion takes a moment: the photo comes meanwhile)
        await asyncio.sleep(1.0)
        await deleting(user_id)
    monkeypatch.setattr(fake_queue, "forget_user", slow_forget)
    fake.cdn_delay = 2.0
    await fake.dispatch("MESSAGE_CREATE", user_message(USER, DM, "/forgetme yes"))
    photo = user_message(USER, DM, "gogh", [fake.add_attachment("after.jpg", make_photo(160, 120))])
    await fake.dispatch("MESSAGE_CREATE", photo)
    await fake.wait_for(lambda: "after.jpg" in fake.downloading, timeout=WAIT_S)
    assert not any(p["content"] == t("en", "forgot") for p in posts(fake, DM)), "deleted before the photo came"
    await fake.wait_for(lambda: [p for p in posts(fake, DM) if p["files"]], timeout=WAIT_S)
    assert len(fake_queue.jobs) == 1
    await fake.wait_for(lambda: not frontend.inbox._keeping, timeout=WAIT_S)
    assert layer.store.seen_message(f"dc:{photo['id']}") is not None
