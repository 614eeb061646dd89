"""A stop that cuts off a Telegram request of one photo once its painting was sent (its end line,
its record still to come): the user has their painting, nothing is lost; "I couldn't finish your
album, send again only the photos whose paintings you didn't get" (album_cut_off_restarting)
confused them. Told nothing; an album of two photos, one painted, still is (cut_off_word's photos:
the cut-off update's messages with a photo or a file)."""
from __future__ import annotations

import asyncio

import pytest

from bot import telegram_bot
from bot.chat import Reply
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.telegram.test_stop_during_download import LIMIT_S, said
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes, start_frontend

WAIT_S = 30.0
CUT_OFF_WORDS = {t("en", "busy_restarting"), t("en", "album_cut_off_restarting")}


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "HANDLERS_STOP_WAIT_S", LIMIT_S)


async def painted_then_slow(req, out) -> None:
    """The layer's answer: a painting sent, then its end line still under way at the stop."""
    await out.send(Reply(text="done", image=make_photo(64, 48)))
    await asyncio.sleep(60)


@pytest.mark.parametrize("photos, told", [(1, []), (2, [t("en", "album_cut_off_restarting")])])
async def test_photos_cut_off_after_a_painting_was_sent_are_told_only_if_there_were_more(photos, told, layer,
                                                                                       settings, monkeypatch):
    monkeypatch.setattr(layer, "handle", painted_then_slow)
    fake, frontend = await start_frontend(layer, settings)
    try:
        album = {"media_group_id": "cut"} if photos > 1 else {}
        msgs = [fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"one{i}", make_photo(96, 96, seed=i)),
                             **album, **({"caption": "/style gogh"} if i == 0 else {}))
                for i in range(photos)]
        for m in msgs:
            fake.push("message", m)
        await fake.wait_for(lambda: [s for s in said(fake) if s[0] == "sendPhoto"], timeout=WAIT_S)
        await frontend.stop()
    finally:
        await fake.stop()
    assert [s[2] for s in said(fake) if s[2] in CUT_OFF_WORDS] == told
