"""A front-end note to a message (the bot cannot see the photo replied to) where nobody can get it:
the channel gone, or refusing the bot with the user's DMs closed. One info line, not
discord.py's "Ignoring exception in on_message" traceback."""
from __future__ import annotations

import logging

import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, user_message
from tests.bot.discord.test_discord import USER

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)
BOB = {"id": "333333333333333333", "username": "bob", "discriminator": "0", "global_name": "Bob", "avatar": None}


def said_or_failed(caplog) -> list[logging.LogRecord]:
    """The log lines that tell how on_message ended: an error (a traceback), or the front-end's word
    that its note could not be sent."""
    return [r for r in caplog.records if r.levelno >= logging.ERROR or "could not be sent" in r.getMessage()]


@pytest.mark.slow
@pytest.mark.parametrize("where", ["channel gone", "channel refuses, DMs closed"])
async def test_a_note_to_a_message_nobody_can_get_is_one_info_line(discord_fast, caplog, where):
    """"@Paintbot" alone, replying to Bob's photo (which the bot cannot see), in a channel deleted
    meanwhile, or one where the bot may not post while the user's DMs are closed: the front-end's
    own note ("reply to a photo the bot cannot see") got nowhere, and discord.py logged "Ignoring
    exception in on_message" with a ChatUnreachable traceback. One info line, no error."""
    fake, frontend = discord_fast
    if where == "channel gone":
        fake.gone_channels.add("444")
    else:
        fake.forbidden_channels.add("444")
        fake.closed_dms.add(USER["id"])
    bobs = user_message(BOB, "444", "my dog", [fake.add_attachment("dog.jpg", make_photo(160, 120))], guild_id="555")
    asking = user_message(USER, "444", f"<@{APP_ID}>", guild_id="555", replying_to=bobs, reply_ping=False)
    with caplog.at_level(logging.INFO):
        await fake.dispatch("MESSAGE_CREATE", asking)
        await fake.wait_for(lambda: said_or_failed(caplog), timeout=15)
    # the note was tried where it belongs (and by DM where the channel refused it)
    [(_, tried, _)] = fake.recorded("POST", "/channels/444/messages")
    assert tried["content"] == t("en", "dc_reply_unseen")
    [line] = said_or_failed(caplog)
    assert line.levelno == logging.INFO, caplog.text
    assert "Traceback" not in caplog.text and "Ignoring exception" not in caplog.text
    assert not frontend.layer.queue.jobs
