"""After a restart, a resumed job's progress line in a channel where the bot may post but not
read the history (no Read Message History: reading the line is 403) lost the mention of its user
on its first edit: whom a line mentions was read from the line itself only. The bot knows whose
job it is (the journal's job, deliver's user): the line keeps mentioning them, and only them."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.commands import Reply

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.discord.test_resumed_lines import MENTION, server_channel
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


@pytest.mark.slow
async def test_a_resumed_line_the_bot_cannot_read_keeps_its_users_mention(discord_fast, fake_queue):
    fake, frontend = discord_fast
    server_channel(fake)
    fake.unreadable_channels.add("444")
    line = fake.sent({"content": MENTION + "🎨 Vincent van Gogh: waiting in line"}, {}, channel_id="444")

    async def recovered():          # the journal's job, resumed: whose it is
        return [SimpleNamespace(id="job1", user_id=f"dc:{USER['id']}", chat_id="dc:444",
                                meta={"progress_line": int(line["id"])})]
    fake_queue.recovered = recovered
    await frontend.edit_line("dc:444", line["id"], Reply("🎨 Vincent van Gogh: painting… 40%", progress=True))
    assert fake.find(line["id"])["content"] == MENTION + "🎨 Vincent van Gogh: painting… 40%"
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done")], line=line["id"],
                           user_id=f"dc:{USER['id']}")
    assert fake.find(line["id"])["content"] == MENTION + "✅ Vincent van Gogh: done"
    edits = [b for _, b, _ in fake.recorded("PATCH", f"/messages/{line['id']}")]
    assert len(edits) == 2 and all(b["allowed_mentions"]["users"] == [int(USER["id"])] for b in edits), edits


@pytest.mark.slow
async def test_deliver_alone_keeps_the_mention_of_a_line_it_cannot_read(discord_fast):
    fake, frontend = discord_fast
    server_channel(fake)
    fake.unreadable_channels.add("444")
    line = fake.sent({"content": MENTION + "🎨 Vincent van Gogh: painting… 40%"}, {}, channel_id="444")
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done")], line=line["id"],
                           user_id=f"dc:{USER['id']}")
    assert fake.find(line["id"])["content"] == MENTION + "✅ Vincent van Gogh: done"


@pytest.mark.slow
async def test_a_readable_line_without_a_mention_still_gets_none(discord_fast):
    fake, frontend = discord_fast
    server_channel(fake)
    line = fake.sent({"content": "🎨 Vincent van Gogh: painting… 40%"}, {}, channel_id="444")
    await frontend.deliver("dc:444", [Reply("✅ Vincent van Gogh: done")], line=line["id"],
                           user_id=f"dc:{USER['id']}")
    assert fake.find(line["id"])["content"] == "✅ Vincent van Gogh: done"
