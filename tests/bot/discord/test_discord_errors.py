"""Error replies in a server channel, with discord.py driven against the fake Discord: only the
user who asked sees them (ephemeral); the paintings stay public."""
from __future__ import annotations

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import APP_ID, ephemeral, interaction
from tests.bot.discord.test_discord import USER, style_with_photo

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


@pytest.mark.slow
@pytest.mark.parametrize("dms", ["open", "closed"])
async def test_an_error_after_the_token_expired_goes_to_its_user_by_dm(discord_fast, dms):
    """An error for its user alone, once the interaction's token expired (Discord refuses the
    follow-up: 401, 50027), was posted in the channel for everyone. It goes to the user by DM,
    naming the channel; only where their DMs are closed is it said in the channel, mentioning them."""
    fake, _ = discord_fast
    if dms == "closed":
        fake.closed_dms.add(USER["id"])
    fake.webhook_calls_left = 0
    await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, "nosuchpainterxyz", channel_id="444",
                                                               guild_id="555"))
    if dms == "open":
        [said] = await fake.wait_for(lambda: [m for m in fake.messages if "nosuchpainterxyz" in m["content"]],
                                     timeout=15)
        assert said["channel_id"] == fake.dm_channels[USER["id"]] and said["content"].startswith("<#444> ")
        assert not fake.recorded("POST", "/channels/444/messages")
    else:
        [(_, said, _)] = await fake.wait_for(lambda: fake.recorded("POST", "/channels/444/messages"), timeout=15)
        assert said["content"].startswith(f"<@{USER['id']}> ") and "nosuchpainterxyz" in said["content"]
        assert said["allowed_mentions"]["users"] == [int(USER["id"])]
