"""After a restart, a progress line that went to its user by DM is edited there when the channel
answers 404 (Unknown Message: it is not there), as on 403."""
from __future__ import annotations

import pytest

from bot.commands import Reply

from . import test_discord, test_discord_limits
from .conftest import make_photo
from .test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


@pytest.mark.slow
async def test_after_a_restart_a_dm_line_is_edited_there_when_the_channel_answers_404(discord_fast):
    """A job's progress line went to its user by DM (the channel refused the bot's posts then);
    after a restart, with the bot allowed to post there again, editing that line through the
    channel is 404 (10008 Unknown Message: it is not in that channel). Only a 403 had the DM line
    edited: a second line came in the channel under one stuck at "waiting in line" in the DM. The
    DM line is edited to the outcome; the painting goes to the channel, where it can be posted."""
    fake, frontend = discord_fast
    fake.channels["444"] = {"id": "444", "type": 0, "name": "general", "position": 0, "guild_id": "555",
                            "permission_overwrites": [], "nsfw": False, "parent_id": None}
    dm = fake.dm_channels.setdefault(USER["id"], fake.snowflake())
    fake.channels[dm] = {"id": dm, "type": 1, "last_message_id": None, "recipients": [USER]}
    line = fake.sent({"content": "<#444> 🎨 Vincent van Gogh: waiting in line"}, {}, channel_id=dm)   # journaled
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done"),
                                      Reply("Vincent van Gogh", image=make_photo(160, 120))],
                           line=line["id"], user_id=f"dc:{USER['id']}")
    in_dm = [m["content"] for m in fake.messages if m["channel_id"] == dm]
    assert in_dm == ["<#444> ✅ Vincent van Gogh: done"], in_dm
    in_channel = [m for m in fake.messages if m["channel_id"] == "444"]
    assert len(in_channel) == 1 and in_channel[0]["attachments"], [m["content"] for m in in_channel]
