"""A stop while a handler still downloads a user's photo from a slow Telegram file server:
python-telegram-bot's Application.stop waited for the handler with no limit (the download is
fetched again for DOWNLOAD_PATIENCE_S), past the time bot/__main__.py keeps for closing."""
from __future__ import annotations

import logging
import time

from bot import telegram_bot
from bot.__main__ import CLOSE_S

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes, start_frontend

LIMIT_S = 2.0        # the stop's wait for handlers, made short here (HANDLERS_STOP_WAIT_S: 8 s)
MARGIN_S = 4.0       # for a slow, shared machine


def cut_off_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "cut off" in r.getMessage()]


async def test_a_stop_during_a_slow_download_ends_within_the_limit_and_says_so(layer, settings, fake_queue,
                                                                                monkeypatch, caplog):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    caplog.set_level(logging.INFO, logger="bot.telegram_bot")
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_files["slow1"] = LIMIT_S + MARGIN_S + 2   # tried again for a minute past the read timeout
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "slow1", make_photo(128, 96)),
                                          caption="/style gogh"))
        await fake.wait_for(lambda: any(d.endswith("/slow1") for d in fake.downloads))     # under way
        began = time.monotonic()
        await frontend.stop()
        took = time.monotonic() - began
    finally:
        await fake.stop()
    assert LIMIT_S - 0.1 <= took < LIMIT_S + MARGIN_S, took     # waited for it, then cut it off
    lines = cut_off_lines(caplog)
    assert len(lines) == 1 and "1 Telegram update" in lines[0] and "chats 1" in lines[0], lines
    assert not fake_queue.jobs


async def test_a_download_ending_within_the_limit_is_still_waited_for(layer, settings, fake_queue,
                                                                        monkeypatch, caplog):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", 5.0)
    caplog.set_level(logging.INFO, logger="bot.telegram_bot")
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_files["slow1"] = 0.5
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "slow1", make_photo(128, 96)),
                                          caption="/style gogh"))
        await fake.wait_for(lambda: any(d.endswith("/slow1") for d in fake.downloads))
        await frontend.stop()
    finally:
        await fake.stop()
    assert len(fake_queue.jobs) == 1         # the photo reached the queue before the front-end closed
    assert not cut_off_lines(caplog)


def test_the_wait_for_handlers_fits_the_time_kept_for_closing():
    """bot/__main__.py closes the front-ends within CLOSE_S, within STOP_GRACE: the wait for the
    handlers leaves some of it for closing Telegram's connections."""
    assert telegram_bot.HANDLERS_STOP_WAIT_S <= CLOSE_S - 1.0
