"""A stop that cuts off a Telegram request of one photo whose painting's upload hung (Telegram gave
no answer in time: it may or may not have the painting, MaybeDelivered). Counted as sent, its user
was told nothing (cut_off_word: "its painting is there") and may have had no painting and no word.
Only an upload Telegram answered counts as sent: the user is told to send it again
(busy_restarting), the safer side: a painting twice beats none."""
from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot import telegram_bot
from bot.chat import MaybeDelivered, Reply
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_stop_during_download import LIMIT_S, said
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes, start_frontend

WAIT_S = 30.0
HUNG_S = 8.0         # past python-telegram-bot's read timeout (5 s): the upload ends unanswered


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)


async def test_one_photo_whose_upload_hung_is_told_to_send_it_again(layer, settings, monkeypatch):
    unanswered = asyncio.Event()

    async def upload_unanswered_then_slow(req, out) -> None:
        """The layer's answer: a painting whose upload may not have got through (not sent again,
        as the layer does), then its end line still under way at the stop."""
        with contextlib.suppress(MaybeDelivered):
            await out.send(Reply(text="done", image=make_photo(64, 48)))
        unanswered.set()
        await asyncio.sleep(60)

    monkeypatch.setattr(layer, "handle", upload_unanswered_then_slow)
    fake, frontend = await start_frontend(layer, settings)
    try:
        fake.slow_methods["sendPhoto"] = HUNG_S
        msg = fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "hung", make_photo(96, 96)),
                           caption="/style gogh")
        fake.push("message", msg)
        await asyncio.wait_for(unanswered.wait(), WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    told = [s for s in said(fake) if s[2] in (t("en", "busy_restarting"), t("en", "album_cut_off_restarting"))]
    assert told == [("sendMessage", PRIVATE_ANN["id"], t("en", "busy_restarting"), msg["message_id"])]
