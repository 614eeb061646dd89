"""One answer to a failure (CommandLayer.tell_failed), for the layer and both front-ends' failures
before it: "a storage problem" for the store's, SQLite's or a file's failure only. The front-ends
took any OSError for one, and many network errors are OSErrors (aiohttp's ClientConnectorError,
which discord.py lets through, ConnectionResetError, TimeoutError): a Discord message whose
handling met the network's trouble was told "a storage problem"."""
from __future__ import annotations

import errno
import logging
import sqlite3
import ssl

import aiohttp
import pytest
from telegram.error import NetworkError

from bot.chat import ChatUnreachable, Request
from bot.commands import failed_storage
from bot.messages import t
from bot.store import StorageError

from tests.bot.discord import test_discord

from tests.bot.discord import test_discord_limits
from tests.bot.conftest import Recorder, make_photo
from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import DM, replies_to

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


def locked() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("database is locked")
    exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
    return exc


def unreachable_host() -> aiohttp.ClientConnectorError:
    key = aiohttp.client_reqrep.ConnectionKey("cdn.discordapp.com", 443, True, True, None, None, None)
    return aiohttp.ClientConnectorError(key, OSError(errno.ECONNREFUSED, "Connection refused"))


STORAGE = [StorageError("disk full", "/data/bot.sqlite3"), locked(),
           PermissionError(errno.EACCES, "Permission denied", "/data/photos/a.jpg"),
           OSError(errno.ENOSPC, "No space left on device"), OSError(errno.EROFS, "Read-only file system")]
NETWORK = [unreachable_host(), ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
           TimeoutError(), ssl.SSLError(1, "bad record mac"), NetworkError("httpx.ConnectError"),
           OSError(errno.EHOSTUNREACH, "No route to host"), ValueError("a bug")]


@pytest.mark.parametrize("exc", STORAGE, ids=lambda e: type(e).__name__)
def test_the_stores_and_the_disks_failures_are_storage_problems(exc):
    assert failed_storage(exc)


@pytest.mark.parametrize("exc", NETWORK, ids=lambda e: type(e).__name__)
def test_the_networks_failures_are_not(exc):
    assert isinstance(unreachable_host(), OSError)       # (what the front-ends took for one)
    assert failed_storage(exc) is None


@pytest.mark.parametrize("exc, key", [(STORAGE[0], "storage_problem"), (unreachable_host(), "engine_error")])
async def test_told_privately_in_the_users_language(layer, exc, key, caplog):
    out = Recorder()
    layer.store.set_prefs("tg:5", "tg", lang="ko")
    with caplog.at_level(logging.INFO, logger="bot.commands"):
        await layer.tell_failed(exc, Request("tg", "tg:5", "tg:5", text="/style gogh"), out)
    assert out.texts == [t("ko", key)] and out.sent[0].private
    assert "/style" in caplog.text and "gogh" not in caplog.text       # the command's name, not the words


async def test_the_store_failing_the_language_is_known_without_it(layer):
    out = Recorder()

    def prefs_locked(user_id):
        raise locked()

    layer.store.prefs = prefs_locked
    await layer.tell_failed(locked(), Request("tg", "tg:5", "tg:5", text="/스타일 고흐", locale="en"), out)
    await layer.tell_failed(locked(), Request("tg", "tg:5", "tg:5", text="/style gogh", locale="ko-KR"), out)
    assert out.texts == [t("ko", "storage_problem")] * 2


async def test_not_said_where_not_for_the_bot_and_a_closed_chat_is_no_error(layer, caplog):
    out = Recorder()
    await layer.tell_failed(ValueError("a bug"), Request("tg", "tg:5", "tg:5", text="/sticker"), out, said=False)
    assert out.texts == []

    class Closed(Recorder):
        async def send(self, reply):
            raise ChatUnreachable("blocked")

    await layer.tell_failed(ValueError("a bug"), Request("tg", "tg:5", "tg:5", text="hi"), Closed())   # no raise


async def test_a_discord_message_meeting_the_networks_trouble_is_not_told_storage(discord_fast, layer):
    fake, frontend = discord_fast

    async def read_cut(attachments):
        raise unreachable_host()             # (a download error the front-end let through)

    frontend._read = read_cut
    msg = user_message(USER, DM, "gogh", attachments=[fake.add_attachment("cat.jpg", make_photo())])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: t("en", "engine_error") in [p.get("content") for p in replies_to(fake, DM, msg)],
                        timeout=15)
    assert t("en", "storage_problem") not in [p.get("content") for p in replies_to(fake, DM, msg)]
