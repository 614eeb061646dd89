"""An album's photos may reach the bot out of order (Telegram sends each as its own update): the
album is numbered as the first to come arrives, with that photo's caption. /cancel sent while
the album downloads counts each of its photos, whichever photo carried the caption and came
first."""
from __future__ import annotations

import pytest

from bot import layer_timing, telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.album_cancel import said_to_a_cancel_while_downloading
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded

SLOW_S = 2.0        # at most: said_to_a_cancel_while_downloading ends the slowness once /cancel is answered
ALBUM_WAIT_S = 0.3  # the album's photos come in one getUpdates: no need to wait telegram_bot's 1 s for the rest


@pytest.fixture(autouse=True)
def short_album_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", ALBUM_WAIT_S)


def album_messages(fake, group_id: str, captions: list[str | None], prefix: str) -> list[dict]:
    out = []
    for i, caption in enumerate(captions):
        fake.slow_files[f"{prefix}{i}"] = SLOW_S
        out.append(fake.message(ANN, PRIVATE_ANN, media_group_id=group_id,
                                photo=photo_sizes(fake, f"{prefix}{i}", make_photo(96, 72, seed=i)),
                                **({"caption": caption} if caption else {})))
    return out


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2), (2, 1, 0), (1, 2, 0)])
@pytest.mark.parametrize("caption", ["/style gogh", "gogh"])
async def test_cancel_while_an_album_downloads_counts_each_photo_whatever_came_first(recorded, fake_queue,
                                                                                    monkeypatch, order, caption):
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    messages = album_messages(fake, "ooo", [None, caption, None], "oo")      # the caption on the second
    for i in order:
        fake.push("message", messages[i])
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "cancelled_jobs", count=3) in said, said
    assert not fake_queue.jobs


@pytest.mark.parametrize("order", [(1, 0, 2), (2, 1, 0)])
async def test_cancel_while_an_album_captioned_size_downloads_out_of_order_counts_none(recorded, fake_queue,
                                                                                      monkeypatch, order):
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    messages = album_messages(fake, "oos", [None, "/size 256", None], "os")
    for i in order:
        fake.push("message", messages[i])
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "nothing_to_cancel") in said, said
    assert t("en", "size_done", value=256) in said and not fake_queue.jobs


@pytest.mark.parametrize("order", [(1, 0, 2), (1, 2, 0)])
async def test_cancel_counts_an_album_whose_setting_caption_came_first(recorded, fake_queue, monkeypatch, order):
    """The album's first photo says "/style gogh", a later one "/size 256" (each photo may have
    its own caption); the later one came first, and the album was numbered with its "/size 256":
    no painting, so a /cancel while it downloaded counted 2 of its 3 paintings."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    messages = album_messages(fake, "oox", ["/style gogh", "/size 256", None], "ox")
    for i in order:
        fake.push("message", messages[i])
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "cancelled_jobs", count=3) in said, said
    assert not fake_queue.jobs
