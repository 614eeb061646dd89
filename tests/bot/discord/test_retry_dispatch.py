"""Review of bcaf6af: a Discord start retried after a failed login. discord.py's Client.close()
(what a failed start's stop() does) sets client.loop to MISSING, and a later login sets it again
only on a client never started (loop is its _loop sentinel), so the retried client logged in and
opened its gateway session but could not hand on one event (client.dispatch:
MISSING.create_task): nothing sent to the bot was answered. Real discord.py against the fake."""
from __future__ import annotations

import asyncio

from bot.__main__ import run

from tests.bot.fake_discord import user_message
from tests.bot.discord.test_discord import TOKEN as DISCORD_TOKEN, USER
from tests.bot.discord.test_discord_messages import DM, replies_to
from tests.bot import test_frontend_retry as retry
from tests.bot.test_frontend_retry import unreachable, until

bot_env, discord_api = retry.bot_env, retry.discord_api       # the fixtures


async def test_a_discord_start_that_worked_at_a_retry_answers_messages(bot_env, discord_api, caplog):
    bot_env.DISCORD_TOKEN = DISCORD_TOKEN
    reopen = await unreachable(discord_api.runner)
    stop = asyncio.Event()
    bot = asyncio.create_task(run(bot_env, stop))
    try:
        await until(lambda: "trying again in 0.2 s" in caplog.text, bot)
        await reopen()
        await until(lambda: "Discord started at try" in caplog.text, bot)
        await until(lambda: discord_api.identified, bot)
        msg = user_message(USER, DM, "/help")
        await discord_api.dispatch("MESSAGE_CREATE", msg)
        await discord_api.wait_for(lambda: replies_to(discord_api, DM, msg), timeout=15)
    finally:
        stop.set()
        await asyncio.wait_for(bot, 30)
    assert "Ignoring exception" not in caplog.text and "AttributeError" not in caplog.text
