"""Error replies in a server channel, with discord.py driven against the fake Discord: only the
user who asked sees them (ephemeral); the paintings stay public."""
from __future__ import annotations

import pytest

from . import test_discord, test_discord_limits
from .fake_discord import APP_ID, ephemeral, interaction
from .test_discord import USER, style_with_photo

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


async def answer(fake, payload: dict, done=lambda msgs: msgs) -> list[dict]:
    """The messages the bot kept for an interaction's follow-ups (as Discord shows them, with their
    flags), once ``done`` holds for them."""
    posts, kept = len(fake.recorded("POST", f"/webhooks/{APP_ID}/")), len(fake.messages)
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:], timeout=15)
    return await fake.wait_for(lambda: done(fake.messages[kept:]), timeout=15)


@pytest.mark.slow
async def test_error_replies_in_a_server_are_seen_by_their_user_alone(discord_fast):
    """"Attach a photo", "I don't know that artist": the channel saw every such reply. The
    interaction is deferred publicly (a painting is for the channel), and Discord makes the first
    follow-up that public "thinking" message whatever its own flags: an error deletes it and comes
    as an ephemeral follow-up. A painting, and its progress line, stay public."""
    fake, _ = discord_fast
    no_photo = interaction(2, {"id": "5", "name": "style", "type": 1,
                               "options": [{"name": "artist", "type": 3, "value": "gogh"}]},
                           USER, channel_id="444", guild_id="555")
    [said] = await answer(fake, no_photo)
    assert "Attach a photo to /style" in said["content"] and ephemeral(said), said
    callback = [b for _, b, _ in fake.recorded("POST", "/callback")][-1]
    assert callback["type"] == 5 and not ephemeral(callback.get("data"))       # a public defer, as for a painting
    assert fake.recorded("DELETE", "/messages/@original")

    [unknown] = await answer(fake, style_with_photo(fake, "nosuchpainterxyz", channel_id="444", guild_id="555"))
    assert "nosuchpainterxyz" in unknown["content"] and ephemeral(unknown), unknown

    painted = await answer(fake, style_with_photo(fake, channel_id="444", guild_id="555"),
                           lambda msgs: msgs if any(m["attachments"] for m in msgs) else None)
    assert painted and not any(ephemeral(m) for m in painted), painted
