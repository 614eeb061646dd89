"""A Telegram start whose getMe failed (a network error, a 5xx) leaves the Application
uninitialised, so app.shutdown() returned early and the bot's HTTP clients stayed open while
bot/frontend_start.py retried. TelegramFrontend.stop closes them; a later try opens them again."""
from __future__ import annotations

import pytest
from telegram.error import NetworkError

from bot.telegram_bot import TelegramFrontend

from tests.bot.fake_telegram import FakeTelegram
from tests.bot.telegram.test_telegram import TOKEN

BAD_GATEWAY = (502, "Bad Gateway", None)


def open_clients(frontend: TelegramFrontend) -> int:
    """How many of the bot's request objects hold an open httpx client."""
    return sum(not request._client.is_closed for request in frontend.app.bot._request)


async def test_failed_starts_leave_no_client_open_and_a_later_start_works(layer, settings):
    fake = FakeTelegram(TOKEN)
    settings.TELEGRAM_TOKEN, settings.TELEGRAM_API_BASE = TOKEN, await fake.start()
    frontend = TelegramFrontend(layer, settings)
    try:
        for _ in range(3):                               # three failed tries, each stopped
            fake.errors["getMe"] = [BAD_GATEWAY]
            with pytest.raises(NetworkError):
                await frontend.start()
            await frontend.stop()
            assert open_clients(frontend) == 0           # (2 open on the old code)
        await frontend.start()                           # the retry that works: clients opened anew
        assert open_clients(frontend) == 2 and frontend.username
    finally:
        await frontend.stop()
        await fake.stop()
    assert open_clients(frontend) == 0
