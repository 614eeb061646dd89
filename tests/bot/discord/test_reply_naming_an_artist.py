"""In a server, a reply to the bot's painting (its @ ping on: it reaches the bot) that names an
artist ("monet", "모네로 그려줘") was ignored: only a "/" command counted as asking. It paints that
painting's photo in the artist named, as the hint after a painting says; "thanks!" under it is
chatter still, and unanswered."""
from __future__ import annotations

import sqlite3

import pytest

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, GUILD, kept, painted_reply, replies_to
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)


async def a_painting(fake) -> tuple[dict, bytes]:
    """The bot's painting of a photo (asked for in the server), and the photo."""
    photo = make_photo(160, 120, seed=3)
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> gogh", [fake.add_attachment("cat.jpg", photo)], guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    return kept(fake, await painted_reply(fake, CHANNEL, msg, timeout=15)), photo


@pytest.mark.slow
@pytest.mark.parametrize("text,painter", [("monet", "Claude Monet"), ("모네로 그려줘", "클로드 모네")])
async def test_a_reply_to_a_painting_naming_an_artist_paints_it(discord_fast, text, painter):
    fake, frontend = discord_fast
    painting, photo = await a_painting(fake)
    again = user_message(USER, CHANNEL, text, guild_id=GUILD, replying_to=painting)     # (its ping on)
    await fake.dispatch("MESSAGE_CREATE", again)
    reply = await painted_reply(fake, CHANNEL, again, timeout=15)
    assert painter in reply["content"], reply["content"]
    job = frontend.layer.queue.jobs[-1]
    assert (job.image, [s.value for s in job.styles]) == (photo, ["monet"])


@pytest.mark.slow
async def test_thanks_replying_to_a_painting_is_not_answered(discord_fast):
    fake, frontend = discord_fast
    painting, _ = await a_painting(fake)
    thanks = user_message(USER, CHANNEL, "thanks!", guild_id=GUILD, replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", thanks)
    marker = user_message(USER, CHANNEL, f"<@{APP_ID}> /status", guild_id=GUILD)        # answered after it
    await fake.dispatch("MESSAGE_CREATE", marker)
    await fake.wait_for(lambda: replies_to(fake, CHANNEL, marker), timeout=15)
    assert not replies_to(fake, CHANNEL, thanks)
    assert len(frontend.layer.queue.jobs) == 1


@pytest.mark.slow
async def test_where_the_store_cannot_say_a_named_artist_reply_is_chatter(discord_fast, monkeypatch, caplog):
    """The store failing while the reply's words are read: no traceback (discord.py's on_error),
    the reply taken for chatter as before; a command replying still runs."""
    fake, frontend = discord_fast
    painting, _ = await a_painting(fake)

    def failing(req):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(frontend.layer, "reply_asks", failing)
    monet = user_message(USER, CHANNEL, "monet", guild_id=GUILD, replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", monet)
    command = user_message(USER, CHANNEL, "/style monet", guild_id=GUILD, replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", command)
    await painted_reply(fake, CHANNEL, command, timeout=15)
    assert not replies_to(fake, CHANNEL, monet)
    assert "Traceback" not in caplog.text and "Ignoring exception" not in caplog.text
