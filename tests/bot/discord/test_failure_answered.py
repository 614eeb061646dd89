"""A Discord message for the bot whose handling failed in the front-end, before the command layer
(which answers its own failures): the store locked while the front-end reads whether the message
names an artist (53bcb34 reads it for every message, not only for edits). It got no answer at all
(the error went to discord.py's on_error, a log line); now it is answered as the layer answers a
failure (the storage problem), in the user's language, and their next message goes as ever."""
from __future__ import annotations

import sqlite3

from bot.messages import t

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


def locked_once(store) -> list:
    """The store's community-style lookup fails once, as SQLite's lock does."""
    find, failed = store.find_style, []

    def find_locked(*args, **kwargs):
        if not failed:
            failed.append(args)
            exc = sqlite3.OperationalError("database is locked")
            exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
            raise exc
        return find(*args, **kwargs)

    store.find_style = find_locked
    return failed


def texts(fake, message: dict) -> list[str]:
    return [p.get("content") or "" for p in replies_to(fake, DM, message)]


async def test_a_message_whose_words_cannot_be_read_is_told_so(discord_fast, layer):
    fake, frontend = discord_fast
    failed = locked_once(layer.store)
    msg = user_message(USER, DM, "gogh")
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: failed and t("en", "storage_problem") in texts(fake, msg), timeout=15)
    # in Korean to a Korean writer
    locked_once(layer.store)
    ko = user_message(USER, DM, "고흐처럼")
    await fake.dispatch("MESSAGE_CREATE", ko)
    await fake.wait_for(lambda: t("ko", "storage_problem") in texts(fake, ko), timeout=15)
    # the lock gone, the next message is answered as ever (its order number was given back)
    again = user_message(USER, DM, "gogh")
    await fake.dispatch("MESSAGE_CREATE", again)
    await fake.wait_for(lambda: [x for x in texts(fake, again) if x and x != t("en", "storage_problem")], timeout=15)
