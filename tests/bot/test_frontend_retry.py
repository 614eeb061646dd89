"""A Telegram or Discord start that fails for a network reason (no DNS, the API unreachable) was
logged once and never tried again: with no other front-end the bot exited 1 blaming the tokens
("set TELEGRAM_TOKEN or DISCORD_TOKEN") though one was set; beside the web chat it served the web
chat alone until restarted. Now such a start is tried again in the background with backoff until
it works, and a wrong token (refused for good) is said plainly, not retried. Real
python-telegram-bot and discord.py against the fakes, which refuse connections (their listening
socket closed) until the test opens them again on the same port."""
from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
import pytest
import yarl
from aiohttp import web

from bot import frontend_start
from bot.__main__ import run

from tests.bot.fake_discord import FakeDiscord
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.discord.test_discord import TOKEN as DISCORD_TOKEN
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, TOKEN
from tests.bot import test_resume

queue_env = test_resume.queue_env       # the fixture: the process queue with the fake engine, for a restart


@pytest.fixture
def bot_env(settings, monkeypatch, tmp_path, caplog):
    """``settings`` for run(): the in-process queue with the fake engine, no style training, no
    web chat; retries 0.2 s apart (5 s in use)."""
    monkeypatch.setenv("QUEUE_BACKEND", "memory")
    monkeypatch.setenv("ENGINE_FACTORY", "tests.queue.fakes:make_engine")
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED", "METRICS_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(frontend_start, "RETRY_FIRST_S", 0.2)
    settings.STYLE_TRAINING = False
    settings.WEB_ENABLED = "false"
    caplog.set_level(logging.INFO)
    return settings


async def unreachable(runner: web.AppRunner):
    """The fake's port refuses connections from now on; the returned coroutine function opens it again."""
    [site] = list(runner.sites)
    port = site._server.sockets[0].getsockname()[1]
    await site.stop()

    async def reopen():
        await web.TCPSite(runner, "127.0.0.1", port).start()
    return reopen


async def until(condition, task: asyncio.Task, timeout: float = 30.0):
    end = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert not task.done(), f"the bot ended: {task.exception() if not task.cancelled() else 'cancelled'}"
        assert asyncio.get_running_loop().time() < end, "timed out"
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def bot_running(env, fake):
    """run(env) as a task while the block runs (it is yielded); then stopped, its stop awaited,
    and ``fake`` stopped."""
    stop = asyncio.Event()
    bot = asyncio.create_task(run(env, stop))
    try:
        yield bot
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)
        await fake.stop()


async def answers_help(fake: FakeTelegram) -> None:
    """The bot, polling the fake Telegram, answers a /help sent privately."""
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/help"))
    await fake.wait_for(lambda: fake.sent("sendMessage", 1))


async def test_telegram_unreachable_at_start_is_tried_again_until_it_answers(bot_env, caplog):
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = TOKEN
    reopen = await unreachable(fake.runner)
    async with bot_running(bot_env, fake) as bot:
        # twice refused: said each time with the next wait, 0.2 s then 0.4 s (5 s, 10 s, ... in use)
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot)
        assert "Telegram did not start: NetworkError" in caplog.text and "not TELEGRAM_TOKEN" in caplog.text
        await reopen()
        await until(lambda: "Telegram bot @paintbot_test_bot is polling" in caplog.text, bot)
        await answers_help(fake)
    assert "Telegram started at try" in caplog.text and "Nothing started" not in caplog.text


async def test_a_wrong_telegram_token_is_not_tried_again_and_the_last_line_names_it(bot_env, caplog, capsys):
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = wrong = "123456789:not-the-token"    # getMe: 401 Unauthorized
    try:
        with pytest.raises(SystemExit) as exit_:
            await run(bot_env, asyncio.Event())
    finally:
        await fake.stop()
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("Nothing started: Telegram refused TELEGRAM_TOKEN (InvalidToken: ") and last.endswith(
        "check the token."), out
    assert wrong not in out and "not-the-token" not in out           # the token is a secret, even a wrong one
    assert "not tried again" in caplog.text
    assert "trying again" not in caplog.text


async def test_beside_the_web_chat_a_telegram_start_is_retried_and_a_stop_ends_the_retries(bot_env, caplog):
    """The web chat serves meanwhile; a stop while Telegram is still unreachable is prompt and clean."""
    from tests.bot.test_main import free_port

    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = TOKEN
    bot_env.WEB_ENABLED, bot_env.WEB_PORT = "true", free_port()
    await unreachable(fake.runner)
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    try:
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot)
        assert "serving: the web chat" in caplog.text
        assert "not serving Telegram yet: trying again in the background (see above)" in caplog.text
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)                # ends normally: no SystemExit, no error
        await fake.stop()
    assert "stopped" in caplog.text


@pytest.fixture
async def discord_api(monkeypatch):
    fake = FakeDiscord(DISCORD_TOKEN)
    base = await fake.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(f"{base.replace('http', 'ws')}/gw"))
    yield fake
    await fake.stop()


async def test_discord_unreachable_at_start_is_tried_again_until_it_answers(bot_env, discord_api, caplog):
    bot_env.DISCORD_TOKEN = DISCORD_TOKEN
    reopen = await unreachable(discord_api.runner)
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    try:
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot)
        assert "Discord did not start: ClientConnectorError" in caplog.text
        await reopen()
        await until(lambda: discord_api.identified, bot)            # logged in, its gateway session open
        await until(lambda: "Discord bot started" in caplog.text, bot)
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)
    assert "Discord started at try" in caplog.text


async def test_a_wrong_discord_token_is_not_tried_again(bot_env, discord_api, capsys):
    bot_env.DISCORD_TOKEN = "MTEx.wrong.token"
    with pytest.raises(SystemExit):
        await run(bot_env, asyncio.Event())
    await asyncio.sleep(0.5)                                       # no retry comes (they are 0.2 s apart)
    assert [(m, p) for m, p, _, _ in discord_api.calls] == []      # (the fake records authorised calls only)
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("Nothing started: Discord refused DISCORD_TOKEN (LoginFailure: ") and last.endswith(
        "check the token."), out
    assert "MTEx.wrong.token" not in out


@pytest.mark.slow
async def test_a_job_from_before_the_restart_waits_for_its_platforms_late_start(settings, queue_env, monkeypatch,
                                                                                 caplog):
    """Telegram unreachable at the restart: its journaled job is not given up as "not running"
    (it stays in the journal either way) but delivered once Telegram starts, beside the web chat."""
    from tests.bot.test_main import free_port
    from tests.bot.test_resume import submit_then_die

    monkeypatch.setattr(frontend_start, "RETRY_FIRST_S", 0.2)
    caplog.set_level(logging.INFO)
    await submit_then_die(settings)
    fake = FakeTelegram(TOKEN)
    settings.TELEGRAM_API_BASE = await fake.start()
    settings.TELEGRAM_TOKEN = TOKEN
    settings.STYLE_TRAINING = False
    settings.WEB_ENABLED, settings.WEB_PORT = "true", free_port()
    reopen = await unreachable(fake.runner)
    stop = asyncio.Event()
    bot = asyncio.create_task(run(settings, stop))
    try:
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot)
        await reopen()
        await fake.wait_for(lambda: fake.sent("sendPhoto", 1))       # the painting reaches its chat
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)
        await fake.stop()
    assert "which is not running" not in caplog.text
    assert "1 job(s) from before the restart: each delivered once its painting is done" in caplog.text
