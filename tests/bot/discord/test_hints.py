"""A Discord message that got only a hint (the bot's role mentioned in a message that came blanked,
or a bare mention replying to someone's blanked photo) left no row in the store's seen_messages,
as answers do (_remember_handled): after a restart, an update of it within its edit window (a
resumed one, a link's preview, an edit leaving it as it was) got the hint a second time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, edited_message, user_message
from tests.bot.discord.test_discord import USER, connect
from tests.bot.discord.test_discord_messages import BOB, CHANNEL, GUILD, replies_to
from tests.bot.discord.test_seen_message_writes import settled

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


async def joined(fake, frontend, server: dict) -> None:
    """The server (fake.guild's payload) announced to the bot (GUILD_CREATE), as on each connection."""
    await fake.dispatch("GUILD_CREATE", server)
    await fake.wait_for(lambda: frontend.client.get_guild(int(server["id"])), timeout=15)


async def hinted_again_after_a_restart(fake, frontend, layer, settings, server: dict, msg: dict,
                                       hint: str) -> list[str]:
    """The replies to ``msg`` (sent 20 s ago) once it got ``hint``, the bot restarted, and an
    update of it came within its edit window; what the bot answered by then."""
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: [p for p in replies_to(fake, CHANNEL, msg) if p.get("content") == hint], timeout=15)
    await settled(frontend)
    await frontend.stop()                                                        # the restart
    again = await connect(fake, layer, settings)
    try:
        await joined(fake, again, server)
        sent = datetime.fromisoformat(msg["timestamp"])
        await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, msg["content"], edited_at=sent + timedelta(seconds=10)))
        marker = user_message(USER, CHANNEL, f"<@{APP_ID}> hello", guild_id=GUILD)   # answered after the update
        await fake.dispatch("MESSAGE_CREATE", marker)
        await fake.wait_for(lambda: replies_to(fake, CHANNEL, marker), timeout=15)
        return [p.get("content") for p in replies_to(fake, CHANNEL, msg)]
    finally:
        await again.stop()


@pytest.mark.slow
async def test_a_role_mention_hint_is_said_once_across_a_restart(discord_fast, layer, settings):
    fake, frontend = discord_fast
    fake.role_mention_reveals = False
    server, role = fake.guild(GUILD)
    await joined(fake, frontend, server)
    sent = datetime.now(timezone.utc) - timedelta(seconds=20)
    msg = user_message(USER, CHANNEL, f"<@&{role}> gogh", [fake.add_attachment("cat.jpg", make_photo(160, 120))],
                       guild_id=GUILD, sent_at=sent)
    hint = t("en", "dc_role_mention_unread", bot=frontend.client.user.display_name)
    assert await hinted_again_after_a_restart(fake, frontend, layer, settings, server, msg, hint) == [hint]


@pytest.mark.slow
async def test_a_reply_unseen_hint_is_said_once_across_a_restart(discord_fast, layer, settings):
    fake, frontend = discord_fast
    server, _ = fake.guild(GUILD)
    await joined(fake, frontend, server)
    bobs = user_message(BOB, CHANNEL, "my dog", [fake.add_attachment("dog.jpg", make_photo(160, 120))],
                        guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", bobs)
    sent = datetime.now(timezone.utc) - timedelta(seconds=20)
    bare = user_message(USER, CHANNEL, f"<@{APP_ID}>", guild_id=GUILD, replying_to=bobs, reply_ping=False,
                        sent_at=sent)
    hint = t("en", "dc_reply_unseen")
    assert await hinted_again_after_a_restart(fake, frontend, layer, settings, server, bare, hint) == [hint]
