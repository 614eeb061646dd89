"""A stop that cuts off an album after some of its paintings were sent: "send it again"
(busy_restarting) had the user send the whole album again and get those paintings twice. Told,
as on Discord and the web chat (cut_off_word), to send again only the photos whose paintings they
did not get (album_cut_off_restarting), in their language, answering the album."""
from __future__ import annotations

import asyncio

import pytest

from bot import telegram_bot
from bot.commands import CommandLayer
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord.test_stop_cut_off import SecondPaintingWaits
from tests.bot.telegram.test_stop_during_download import LIMIT_S, MARGIN_S, said
from tests.bot.telegram.test_telegram import ANN, MINSU, PRIVATE_ANN, PRIVATE_MINSU, photo_sizes, start_frontend

WAIT_S = 30.0


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)


@pytest.mark.parametrize("user, chat, lang", [(ANN, PRIVATE_ANN, "en"), (MINSU, PRIVATE_MINSU, "ko")])
async def test_an_album_cut_off_after_a_painting_was_sent_is_not_asked_again_whole(user, chat, lang, settings,
                                                                                   store):
    queue = SecondPaintingWaits()        # the first photo painted and sent, the second still painting
    layer = CommandLayer(settings, store, queue)
    fake, frontend = await start_frontend(layer, settings)
    try:
        msgs = [fake.message(user, chat, photo=photo_sizes(fake, f"sent{i}", make_photo(96, 96, seed=i)),
                             media_group_id="half_painted", **({"caption": "/style gogh"} if i == 0 else {}))
                for i in range(2)]
        for m in msgs:
            fake.push("message", m)
        await asyncio.wait_for(queue.waiting.wait(), WAIT_S)
        assert [s for s in said(fake) if s[0] == "sendPhoto"], "the first painting was not sent"
        await frontend.stop()
    finally:
        await fake.stop()
    words = [s for s in said(fake) if s[2] in (t(lang, "busy_restarting"), t(lang, "album_cut_off_restarting"))]
    assert words == [("sendMessage", chat["id"], t(lang, "album_cut_off_restarting"), msgs[0]["message_id"])]


@pytest.mark.parametrize("user, chat, lang", [(ANN, PRIVATE_ANN, "en"), (MINSU, PRIVATE_MINSU, "ko")])
async def test_an_album_cut_off_before_any_painting_was_sent_is_still_asked_again(user, chat, lang, settings,
                                                                                  store, monkeypatch):
    """(Its first painting's upload is what the stop cuts off: not sent, nothing painted twice.)"""
    queue = SecondPaintingWaits()
    layer = CommandLayer(settings, store, queue)
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_methods["sendPhoto"] = LIMIT_S + MARGIN_S + 2     # an upload outlasting the stop's wait
        msgs = [fake.message(user, chat, photo=photo_sizes(fake, f"unsent{i}", make_photo(96, 96, seed=i)),
                             media_group_id="none_painted", **({"caption": "/style gogh"} if i == 0 else {}))
                for i in range(2)]
        for m in msgs:
            fake.push("message", m)
        await fake.wait_for(lambda: "sendPhoto" in fake.started, timeout=WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    words = [s for s in said(fake) if s[2] in (t(lang, "busy_restarting"), t(lang, "album_cut_off_restarting"))]
    assert words == [("sendMessage", chat["id"], t(lang, "busy_restarting"), msgs[0]["message_id"])]
