"""The bot's /healthz answered 200 {"ok": true, "problems": []} while no chat was served: a token
set, Telegram unreachable (its start tried again every 5, 10, 20, 40 s), the web chat off. Now a
configured front-end not up (starting, retried, refused for good) is a problem, and ``frontends``
lists each one's state; 200 again once it connects. The process queue (the memory backend serves
no /healthz), real python-telegram-bot against the fake Telegram, its port refusing connections."""
from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest

from bot import frontend_start
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.telegram.test_telegram import TOKEN
from tests.bot.test_frontend_retry import bot_running, unreachable, until
from tests.bot.test_main import free_port
from tests.bot.test_resume import FAKE_ENGINE, ROOT


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def bot_env(settings, port, monkeypatch, tmp_path, caplog):
    """``settings`` for run(): the process queue (one fast worker, the fake engine) with /healthz on
    a free port, no web chat, no style training; Telegram retries 0.2 s apart (5 s in use)."""
    for name in ("QUEUE_DB", "DATA_DIR", "WEB_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    for name, value in (("QUEUE_BACKEND", "process"), ("ENGINE_FACTORY", FAKE_ENGINE), ("WORKERS_FAST", "1"),
                        ("WORKERS_HQ", "0"), ("DRAIN_TIMEOUT", "5"), ("PYTHONPATH", str(ROOT)),
                        ("METRICS_PORT", str(port)), ("METRICS_HOST", "127.0.0.1")):
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(frontend_start, "RETRY_FIRST_S", 0.2)
    settings.STYLE_TRAINING = False
    settings.WEB_ENABLED = "false"
    caplog.set_level(logging.INFO)
    return settings


def healthz(port: int) -> tuple[int, dict] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)
    except OSError:
        return None


async def health_is(port: int, code: int, bot, problems: list[str] | None = None) -> dict:
    """/healthz's answer once it is ``code`` (with these problems, if given); asked off the loop."""
    import asyncio

    seen: list = []

    async def ask():
        seen[:] = [await asyncio.to_thread(healthz, port)]

    async def poll():
        while True:
            await ask()
            if seen[0] and seen[0][0] == code and (problems is None or seen[0][1].get("problems") == problems):
                return
            await asyncio.sleep(0.1)

    task = asyncio.create_task(poll())
    try:
        await until(task.done, bot)
    finally:
        task.cancel()
    return seen[0][1]


async def test_telegram_retrying_is_a_problem_until_it_connects(bot_env, port, caplog):
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = TOKEN
    reopen = await unreachable(fake.runner)
    async with bot_running(bot_env, fake) as bot:
        await until(lambda: "trying again in 0.4 s" in caplog.text, bot)
        said = await health_is(port, 503, bot, ["telegram is not connected (retrying)"])
        assert said["frontends"] == {"telegram": "retrying"} and said["ok"] is False
        await reopen()
        await until(lambda: "Telegram bot @paintbot_test_bot is polling" in caplog.text, bot)
        said = await health_is(port, 200, bot)           # (once the fast worker is ready too)
        assert said["frontends"] == {"telegram": "up"} and said["problems"] == [] and said["ok"] is True


async def test_the_web_chat_up_beside_a_refused_telegram_token_says_both(bot_env, port, caplog):
    """A token refused for good beside the web chat: the bot serves the web chat, and says Telegram is
    not connected (not tried again)."""
    fake = FakeTelegram(TOKEN)
    bot_env.TELEGRAM_API_BASE = await fake.start()
    bot_env.TELEGRAM_TOKEN = "123456789:not-the-token"      # getMe: 401
    bot_env.WEB_ENABLED, bot_env.WEB_PORT = "true", free_port()
    async with bot_running(bot_env, fake) as bot:
        await until(lambda: "serving: the web chat" in caplog.text, bot)
        said = await health_is(port, 503, bot, ["telegram is not connected (not tried again)"])
        assert said["frontends"] == {"telegram": "not tried again", "web": "up"}
        assert "not-the-token" not in json.dumps(said)
