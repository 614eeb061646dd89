"""After a restart, a resumed job's progress line is edited where it lives and as it was posted:
a line posted in the channel mentioning its user (its interaction was lost) keeps the mention on
every edit, as it does before a restart; a line that went to its user by DM (the channel refused
the bot's posts) is edited in that DM by edit_line too, not only by deliver's last edit."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.commands import Reply

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)
MENTION = f"<@{USER['id']}> "


def server_channel(fake, channel_id: str = "444") -> None:
    fake.channels[channel_id] = {"id": channel_id, "type": 0, "name": "general", "position": 0, "guild_id": "555",
                                 "permission_overwrites": [], "nsfw": False, "parent_id": None}


@pytest.mark.slow
async def test_a_resumed_line_posted_with_a_mention_keeps_it(discord_fast):
    fake, frontend = discord_fast
    server_channel(fake)
    line = fake.sent({"content": MENTION + "🎨 Vincent van Gogh: waiting in line"}, {}, channel_id="444")
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 40%", progress=True))
    assert fake.find(line["id"])["content"] == MENTION + "🎨 Vincent van Gogh: painting… 40%"
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 80%", progress=True))
    assert fake.find(line["id"])["content"] == MENTION + "🎨 Vincent van Gogh: painting… 80%"
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done"),
                                      Reply("Vincent van Gogh", image=make_photo(160, 120))],
                           line=line["id"], user_id=f"dc:{USER['id']}")
    assert fake.find(line["id"])["content"] == MENTION + "✅ Vincent van Gogh: done"
    edits = [b for _, b, _ in fake.recorded("PATCH", f"/messages/{line['id']}")]
    assert all(b["allowed_mentions"]["users"] == [int(USER["id"])] for b in edits), edits
    # the line is looked at once, not before each edit
    assert len(fake.recorded("GET", f"/messages/{line['id']}")) == 1


@pytest.mark.slow
async def test_a_resumed_line_without_a_mention_gets_none(discord_fast):
    """A follow-up line (the interaction answered it) had no mention: none is added."""
    fake, frontend = discord_fast
    server_channel(fake)
    line = fake.sent({"content": "🎨 Vincent van Gogh: waiting in line"}, {}, channel_id="444")
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 40%", progress=True))
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done")], line=line["id"],
                           user_id=f"dc:{USER['id']}")
    assert fake.find(line["id"])["content"] == "✅ Vincent van Gogh: done"


@pytest.mark.slow
@pytest.mark.parametrize("channel", ["takes posts again", "refuses the bot"])
async def test_a_resumed_line_sent_by_dm_is_edited_there(discord_fast, fake_queue, channel):
    """The progress line went to its user by DM (the channel refused the bot's posts then).
    edit_line edited it through the channel only: 404 (not there) or 403, every few seconds, and
    the DM line stayed at "waiting in line" until the result. It is edited in the DM, naming the
    channel, and the next edits go there at once."""
    fake, frontend = discord_fast
    server_channel(fake)
    if channel == "refuses the bot":
        fake.forbidden_channels.add("444")
    dm = fake.dm_channels.setdefault(USER["id"], fake.snowflake())
    fake.channels[dm] = {"id": dm, "type": 1, "last_message_id": None, "recipients": [USER]}
    line = fake.sent({"content": "<#444> 🎨 Vincent van Gogh: waiting in line"}, {}, channel_id=dm)

    async def recovered():          # the journal's job, resumed: whose it is
        return [SimpleNamespace(id="job1", user_id=f"dc:{USER['id']}", chat_id="dc:444",
                                meta={"progress_line": int(line["id"])})]
    fake_queue.recovered = recovered
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 40%", progress=True))
    assert fake.find(line["id"])["content"] == "<#444> 🎨 Vincent van Gogh: painting… 40%"
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 80%", progress=True))
    assert fake.find(line["id"])["content"] == "<#444> 🎨 Vincent van Gogh: painting… 80%"
    assert len(fake.recorded("PATCH", f"/channels/444/messages/{line['id']}")) == 1
