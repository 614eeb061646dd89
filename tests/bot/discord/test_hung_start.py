"""Review of bcaf6af: a platform API that takes the connection and never answers (a proxy or
firewall holding it, an overloaded server). discord.py's login waits for it up to aiohttp's 5
minutes: the first start, awaited before anything else is served, held the web chat's start and
a stop (Ctrl-C, SIGTERM: docker kills the bot 10 s later) that long. A try gets START_TRY_S now
(then it is a failed start, tried again as a network problem), and a stop ends a first start at
once. Real discord.py against a server that answers nothing."""
from __future__ import annotations

import asyncio
import logging

import discord
import pytest

from bot import frontend_start
from bot.__main__ import run

from tests.bot import test_frontend_retry as retry
from tests.bot.discord.test_discord import TOKEN as DISCORD_TOKEN
from tests.bot.test_frontend_retry import until

bot_env = retry.bot_env       # the fixture


@pytest.fixture
async def silent_api(monkeypatch):
    """Discord's API address taking connections and requests, answering none."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader, writer):
        held.append(writer)
        await reader.read()               # until the bot gives up on it

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    yield held
    for writer in held:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_a_stop_during_a_first_start_that_hangs_is_prompt(bot_env, silent_api, caplog, capsys):
    bot_env.DISCORD_TOKEN = DISCORD_TOKEN
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    await until(lambda: silent_api, bot)          # the login's request is under way
    stop.set()
    await asyncio.wait_for(bot, 10)               # ends normally: no SystemExit
    assert "Nothing started" not in capsys.readouterr().out
    assert "stopped" in caplog.text


async def test_a_start_that_hangs_is_a_failed_try_and_the_web_chat_serves_meanwhile(bot_env, silent_api,
                                                                                      monkeypatch, caplog):
    from tests.bot.test_main import free_port

    monkeypatch.setattr(frontend_start, "START_TRY_S", 0.5)
    caplog.set_level(logging.INFO)
    bot_env.DISCORD_TOKEN = DISCORD_TOKEN
    bot_env.WEB_ENABLED, bot_env.WEB_PORT = "true", free_port()
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    try:
        await until(lambda: "serving: the web chat" in caplog.text, bot, timeout=10)
        assert "Discord did not start: no answer in 0.5 s; trying again in 0.2 s" in caplog.text
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot, timeout=10)    # the next try too
    finally:
        stop.set()
        await asyncio.wait_for(bot, 10)


async def test_a_librarys_own_timeout_is_said_as_it_is_not_as_start_try_s(caplog):
    """Only a try cut off by START_TRY_S is "no answer in ... s"; a library's timeout that came sooner
    (aiohttp's, python-telegram-bot's) keeps its own name."""
    class TimesOut:
        async def start(self):
            raise asyncio.TimeoutError()

        async def stop(self):
            pass

    async def never(platform, late):
        raise AssertionError("started")

    starts = frontend_start.FrontendStarts(on_started=never)
    await starts.start(frontend_start.Platform("dc", "Discord", "DISCORD_TOKEN", TimesOut()))
    await starts.stop()
    assert "Discord did not start: TimeoutError; trying again in 5 s" in caplog.text
    assert "no answer" not in caplog.text
