"""A painting whose file the channel refused (no Attach Files) went to its user by DM; the note
left in the channel ("sent to you by direct message") then met a 404: the interaction's webhook
gone (10015) and the channel deleted (10003). Nothing of that reply went out in the channel, so
the responder raised ChatUnreachable, and the painting path took the painting for lost ("the chat
takes no messages from the bot ... dropped") although the user had it. It counts as delivered."""
from __future__ import annotations

import logging

import pytest

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER, style_with_photo
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
@pytest.mark.parametrize("asked", ["slash", "mention"])
async def test_a_painting_sent_by_dm_counts_as_delivered_when_the_channel_then_404s(discord_fast, caplog, asked):
    fake, frontend = discord_fast
    caplog.set_level(logging.INFO)
    fake.no_files_channels.add("444")
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    sent = fake.sent

    def dm_then_gone(body, files, channel_id="0"):
        made = sent(body, files, channel_id=channel_id)
        if files and channel_id == fake.dm_channels.get(USER["id"]):    # the painting, by DM: then all is gone
            fake.webhook_calls_left, fake.webhook_gone_code = 0, 10015
            fake.gone_channels.add("444")
        return made

    fake.sent = dm_then_gone
    painted = []
    frontend.handlers.painting_sent = lambda: painted.append(True)
    if asked == "slash":
        await fake.dispatch("INTERACTION_CREATE", style_with_photo(fake, channel_id="444", guild_id="555"))
    else:                        # "@Paintbot gogh" with a photo: the replies are the channel's posts
        photo = fake.add_attachment("cat.jpg", make_photo(160, 120, seed=3))
        await fake.dispatch("MESSAGE_CREATE", user_message(USER, "444", f"<@{APP_ID}> gogh", [photo], guild_id="555"))
    refused = "cannot post in channel 444" if asked == "slash" else "cannot reply in channel 444"
    await fake.wait_for(lambda: [r for r in caplog.records if refused in r.getMessage()], timeout=20)
    await fake.wait_for(lambda: painted, timeout=5)
    dm = fake.dm_channels[USER["id"]]
    assert [m for m in fake.messages if m["channel_id"] == dm and m["attachments"]]     # the user has it
    said = caplog.text
    assert "the chat takes no messages from the bot" not in said, said
    assert "could not be sent" not in said, said
