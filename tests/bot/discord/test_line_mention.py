"""A progress line posted in the channel once the interaction was lost (acknowledged too late, its
token expired): it mentions its user, and keeps the mention when edited."""
from __future__ import annotations

import pytest

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


@pytest.mark.slow
async def test_a_progress_line_posted_in_the_channel_keeps_its_mention_when_edited(discord_fast):
    """/style acknowledged too late (404, 10062): its replies go to the channel, each mentioning the
    user, the progress line too ("@Ann 🎨 waiting in line"). Edited to "✅ done" through the channel,
    the line lost its mention (and the user's notification read "done" with nobody named). Every
    edit keeps it."""
    fake, _ = discord_fast
    fake.refused_callbacks = (404, 10062, "Unknown interaction")
    await fake.dispatch("INTERACTION_CREATE", test_discord.style_with_photo(fake, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["channel_id"] == "444" and m["attachments"]],
                        timeout=15)
    edits = await fake.wait_for(lambda: [b for _, b, _ in fake.recorded("PATCH", "/channels/444/messages/")
                                         if "done" in (b.get("content") or "")], timeout=15)
    assert all(b["content"].startswith(f"<@{USER['id']}> ") for b in edits), edits
    in_channel = [m for m in fake.messages if m["channel_id"] == "444"]
    assert len(in_channel) == 2, [m["content"] for m in in_channel]     # the line, edited, and the painting
    assert all(m["content"].startswith(f"<@{USER['id']}> ") for m in in_channel), [m["content"] for m in in_channel]
    assert "done" in in_channel[0]["content"]
