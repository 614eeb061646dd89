"""Edits of chat on Discord, with discord.py driven against the fake Discord: as on Telegram, an
edit is acted on only where it asks for something (a command, a photo, an artist's name that
paints). "hello" edited to "hello there" in a DM got the hint again; now it gets nothing, while an
edit into a command is still answered."""
from __future__ import annotations

import asyncio

import pytest

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import make_photo
from tests.bot.fake_discord import APP_ID, edited_message, user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_edits import answered
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, kept, painted_reply, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)

HINT = t("en", "dc_msg_text_hint")           # (a typed message's: a picture attached to it)


async def hinted(fake, channel: str, content: str, guild_id: str | None = None) -> dict:
    """A message of chat to the bot, once it got its one reply (the hint)."""
    msg = user_message(USER, channel, content, guild_id=guild_id)
    await fake.dispatch("MESSAGE_CREATE", msg)
    [hint] = await fake.wait_for(lambda: replies_to(fake, channel, msg), timeout=15)
    assert hint["content"] == HINT
    return msg


async def settled(fake, channel: str, message: dict) -> list[dict]:
    """The replies to ``message`` once the bot answered a later message there, and a moment more."""
    await answered(fake, channel, message)
    await asyncio.sleep(1)
    return replies_to(fake, channel, message)


@pytest.mark.slow
async def test_a_dm_edit_of_chat_gets_no_reply(discord_fast):
    fake, frontend = discord_fast
    msg = await hinted(fake, DM, "hello")
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "hello there"))
    assert [r["content"] for r in await settled(fake, DM, msg)] == [HINT]


@pytest.mark.slow
async def test_an_edit_of_chat_mentioning_the_bot_in_a_server_gets_no_reply(discord_fast):
    fake, frontend = discord_fast
    msg = await hinted(fake, CHANNEL, f"<@{APP_ID}> hello", guild_id=GUILD)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, f"<@{APP_ID}> hello there"))
    assert [r["content"] for r in await settled(fake, CHANNEL, msg)] == [HINT]


@pytest.mark.slow
async def test_a_dm_edited_into_a_command_gets_its_reply(discord_fast):
    """Chat edited twice, the second time into /help: nothing for the first edit, /help's reply
    for the second."""
    fake, frontend = discord_fast
    msg = await hinted(fake, DM, "hi")
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "hi there"))
    await settled(fake, DM, msg)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "/help"))
    await fake.wait_for(lambda: len(replies_to(fake, DM, msg)) >= 2, timeout=15)
    replies = [r["content"] for r in await settled(fake, DM, msg)]
    assert len(replies) == 2 and replies[0] == HINT, replies
    assert replies[1].startswith("Commands") and "/style" in replies[1], replies


@pytest.mark.slow
async def test_a_photos_caption_edited_is_not_acted_on_again(discord_fast):
    """A photo sent in a DM (its artist buttons offered), its caption then edited ("my cat" ->
    "my cat!"): the edit asks for nothing new, and the buttons were offered a second time (a
    default artist's painting painted twice). Found by review."""
    fake, frontend = discord_fast
    photo = fake.add_attachment("cat.jpg", make_photo(160, 120))
    msg = user_message(USER, DM, "my cat", [photo])
    await fake.dispatch("MESSAGE_CREATE", msg)
    [offer] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(msg, "my cat!"))
    assert [r["content"] for r in await settled(fake, DM, msg)] == [offer["content"]]


@pytest.mark.slow
async def test_a_reply_under_a_painting_edited_to_mention_the_bot_is_acted_on(discord_fast):
    """In a server, a reply to the bot's painting with a new photo and chat ("and this one") is no
    request (its ping is not a mention); edited to mention the bot, it is one. The bot had only
    seen it, not acted on it, and took the edit for a caption edited again. Found by review."""
    fake, frontend = discord_fast
    first = user_message(USER, CHANNEL, f"<@{APP_ID}> gogh", [fake.add_attachment("a.jpg", make_photo(160, 120))],
                         guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", first)
    painting = kept(fake, await painted_reply(fake, CHANNEL, first, timeout=15))
    reply = user_message(USER, CHANNEL, "and this one", [fake.add_attachment("b.jpg", make_photo(120, 160))],
                         guild_id=GUILD, replying_to=painting)
    await fake.dispatch("MESSAGE_CREATE", reply)
    assert not await answered(fake, CHANNEL, reply)
    await fake.dispatch("MESSAGE_UPDATE", edited_message(reply, f"<@{APP_ID}> and this one"))
    await fake.wait_for(lambda: replies_to(fake, CHANNEL, reply), timeout=15)
