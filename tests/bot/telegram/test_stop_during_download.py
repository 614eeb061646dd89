"""A stop while a handler still downloads a user's photo from a slow Telegram file server:
python-telegram-bot's Application.stop waited for the handler with no limit (the download is
fetched again for DOWNLOAD_PATIENCE_S), past the time bot/__main__.py keeps for closing. The user
cut off is told to send it again (busy_restarting), in their language."""
from __future__ import annotations

import asyncio
import logging
import sqlite3
import time

from telegram import Message

from bot import telegram_bot
from bot.__main__ import CLOSE_S
from bot.messages import t
from bot.telegram_bot import CutOff

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import (ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes,
                                               start_frontend)

LIMIT_S = 2.0        # the stop's wait for handlers, made short here (HANDLERS_STOP_WAIT_S: 6 s)
MARGIN_S = 4.0       # for a slow, shared machine


def cut_off_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "cut off" in r.getMessage()]


def said(fake) -> list[tuple[str, int, str, int | None]]:
    """Every message the bot sent: (method, chat, text, the message it replies to)."""
    return [(m, int(p.get("chat_id", 0)), p.get("text") or p.get("caption") or "",
             (p.get("reply_parameters") or {}).get("message_id"))
            for m, p, _ in fake.calls if m.split(":")[0] in ("sendMessage", "sendPhoto", "sendDocument",
                                                               "editMessageText")]


async def stop_during_slow_download(fake, frontend, user: dict, chat: dict, caption: str) -> tuple[dict, float]:
    """A photo whose download outlasts the stop's wait; the stop made during it, and how long it took."""
    fake.slow_files["slow1"] = LIMIT_S + MARGIN_S + 2   # tried again for a minute past the read timeout
    msg = fake.message(user, chat, photo=photo_sizes(fake, "slow1", make_photo(128, 96)), caption=caption)
    fake.push("message", msg)
    await fake.wait_for(lambda: any(d.endswith("/slow1") for d in fake.downloads))     # under way
    began = time.monotonic()
    await frontend.stop()
    return msg, time.monotonic() - began


async def test_a_stop_during_a_slow_download_ends_within_the_limit_and_says_so(layer, settings, fake_queue,
                                                                                monkeypatch, caplog):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    caplog.set_level(logging.INFO, logger="bot.telegram_bot")
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg, took = await stop_during_slow_download(fake, frontend, ANN, PRIVATE_ANN, "/style gogh")
    finally:
        await fake.stop()
    # waited for it, then cut it off and told its user (within CUT_OFF_TELL_S)
    assert LIMIT_S - 0.1 <= took < LIMIT_S + telegram_bot.CUT_OFF_TELL_S + MARGIN_S, took
    lines = cut_off_lines(caplog)
    assert len(lines) == 1 and "1 Telegram update" in lines[0] and "chats 1" in lines[0], lines
    assert not fake_queue.jobs
    # the user is told to send it again, answering their photo; nothing else is said
    assert said(fake) == [("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), msg["message_id"])]


async def test_a_korean_user_cut_off_is_told_in_korean(layer, settings, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg, _ = await stop_during_slow_download(fake, frontend, MINSU, PRIVATE_MINSU, "/style gogh")
    finally:
        await fake.stop()
    assert said(fake) == [("sendMessage", PRIVATE_MINSU["id"], t("ko", "busy_restarting"), msg["message_id"])]


async def test_a_group_command_cut_off_is_answered_in_the_group(layer, settings, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg, _ = await stop_during_slow_download(fake, frontend, ANN, GROUP, "/style gogh")
    finally:
        await fake.stop()
    assert said(fake) == [("sendMessage", GROUP["id"], t("en", "busy_restarting"), msg["message_id"])]


async def test_the_language_comes_without_the_store_when_it_fails(layer, settings, fake_queue, monkeypatch):
    """The store failing at the stop: the user is still told, in their app's language."""
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_files["slow1"] = LIMIT_S + MARGIN_S + 2
        msg = fake.message(MINSU, PRIVATE_MINSU, photo=photo_sizes(fake, "slow1", make_photo(128, 96)),
                           caption="/style gogh")
        fake.push("message", msg)
        await fake.wait_for(lambda: any(d.endswith("/slow1") for d in fake.downloads))

        def store_failed(user_id):
            raise sqlite3.OperationalError("database is locked")
        monkeypatch.setattr(layer.store, "prefs", store_failed)
        await frontend.stop()
    finally:
        await fake.stop()
    assert said(fake) == [("sendMessage", PRIVATE_MINSU["id"], t("ko", "busy_restarting"), msg["message_id"])]


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
    assert not any(t("en", "busy_restarting") == text for _, _, text, _ in said(fake))


def test_the_wait_for_handlers_fits_the_time_kept_for_closing():
    """bot/__main__.py closes the front-ends within CLOSE_S, within STOP_GRACE: the wait for the
    handlers and the word to those cut off leave some of it for closing Telegram's connections."""
    assert telegram_bot.HANDLERS_STOP_WAIT_S + telegram_bot.CUT_OFF_TELL_S <= CLOSE_S - 1.0


async def test_a_request_cut_off_with_the_layer_is_told_too(layer, settings, fake_queue, monkeypatch, caplog):
    """Cut off once with the layer, which kept nothing of it for the next start (no painting held
    over, layer.held_over): its user is told to send it again, once. It was left to the layer,
    which said nothing."""
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    caplog.set_level(logging.INFO, logger="bot.telegram_bot")
    taken = asyncio.Event()

    async def slow_handle(req, out):
        taken.set()
        await asyncio.sleep(60)
    monkeypatch.setattr(layer, "handle", slow_handle)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msg = fake.message(ANN, PRIVATE_ANN, text="/status")
        fake.push("message", msg)
        await asyncio.wait_for(taken.wait(), 30)
        await frontend.stop()
    finally:
        await fake.stop()
    assert len(cut_off_lines(caplog)) == 1
    assert said(fake) == [("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), msg["message_id"])]


async def test_group_chatter_cut_off_gets_no_word(layer, settings, fake_queue):
    """An update the layer ignores (a group's talk) needs no word; a command of ours there does."""
    fake, frontend = await start_frontend(layer, settings)
    try:
        chatter, command = (Message.de_json(fake.message(ANN, GROUP, text=said_), frontend.app.bot)
                            for said_ in ("nice weather today", "/style gogh"))
        await frontend._tell_cut_off([CutOff([chatter]), CutOff([command]), CutOff([])])
        await frontend.stop()
    finally:
        await fake.stop()
    assert said(fake) == [("sendMessage", GROUP["id"], t("en", "busy_restarting"), command.message_id)]
