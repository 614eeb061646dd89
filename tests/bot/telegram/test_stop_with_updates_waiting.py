"""A stop while more updates were fetched than python-telegram-bot handles at once (its
max_concurrent_updates, CONCURRENT_UPDATES): those past the limit wait on its semaphore, outside
HandlingTracked.handling, so the stop's bounded wait (_handlers_ended) did not see them. Once the
cut-off handlers freed their places they began under Application.stop, which waits with no
limit: a slow download there held the stop far past CLOSE_S, and their users were never told."""
from __future__ import annotations

import time

from bot import telegram_bot
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_stop_during_download import said
from tests.bot.telegram.test_telegram import ANN, GROUP, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes, start_frontend

LIMIT_S = 2.0
MARGIN_S = 4.0       # for a slow, shared machine
SLOW_S = 30.0        # each download outlasts the stop by far


async def test_updates_waiting_for_a_place_are_turned_away_and_told(layer, settings, fake_queue, monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)
    monkeypatch.setattr(telegram_bot, "CONCURRENT_UPDATES", 2)     # two at once: the third waits
    fake, frontend = await start_frontend(layer, settings)
    try:
        sent = []
        for i, (user, chat) in enumerate([(ANN, PRIVATE_ANN), (MINSU, PRIVATE_MINSU), (ANN, GROUP)]):
            fake.slow_files[f"slow{i}"] = SLOW_S
            sent.append(fake.message(user, chat, photo=photo_sizes(fake, f"slow{i}", make_photo(96, 96, seed=i)),
                                     caption="/style gogh"))
            fake.push("message", sent[-1])
        await fake.wait_for(lambda: sum(1 for d in fake.downloads if "/slow" in d) >= 2)   # two under way
        began = time.monotonic()
        await frontend.stop()
        took = time.monotonic() - began
    finally:
        await fake.stop()
    assert took < LIMIT_S + telegram_bot.CUT_OFF_TELL_S + MARGIN_S, took
    assert not fake_queue.jobs
    # every one of the three is told once, in its language, the one that never began too
    assert sorted(said(fake)) == sorted([
        ("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), sent[0]["message_id"]),
        ("sendMessage", PRIVATE_MINSU["id"], t("ko", "busy_restarting"), sent[1]["message_id"]),
        ("sendMessage", GROUP["id"], t("en", "busy_restarting"), sent[2]["message_id"])])
