"""An album is numbered (layer.arrive) as its first photo comes, with that photo's caption. A
"/size" caption on a later photo (Telegram lets each photo of an album have its own) was read as
what the first said, a painting, until the album was handled after its download: a /cancel sent
while it downloaded said "Cancelled 1 painting" of an album that paints nothing, and a private
painting sent meanwhile did not wait for the /size before it. The layer now takes the album as
what its captions say when its photos start downloading (expect_photos); a single photo
captioned with a setting is no painting from the moment it is numbered."""
from __future__ import annotations

import pytest

from bot import layer_timing, telegram_bot
from bot.messages import t

from tests.bot.album_cancel import said_to_a_cancel_while_downloading
from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.fake_telegram import BOT_USERNAME
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded

WAIT_S = 20.0
SLOW_S = 2.0        # at most: each test ends the slowness once it has what it waits for


@pytest.fixture(autouse=True)
def short_album_wait(monkeypatch):
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)     # an album's photos are pushed at once


def downloading(fake, file_id: str) -> bool:
    return any(path.endswith(file_id) for path in fake.downloads)


def album(fake, chat: dict, group_id: str, captions: list[str | None], prefix: str) -> None:
    for i, caption in enumerate(captions):
        fake.slow_files[f"{prefix}{i}"] = SLOW_S
        fake.push("message", fake.message(ANN, chat, media_group_id=group_id,
                                          photo=photo_sizes(fake, f"{prefix}{i}", make_photo(96, 72, seed=i)),
                                          **({"caption": caption} if caption else {})))


async def test_cancel_while_an_album_captioned_size_downloads_counts_no_painting(recorded, fake_queue, monkeypatch):
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    album(fake, PRIVATE_ANN, "size3", [None, "/size 256", None], "cs")
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "nothing_to_cancel") in said, said
    assert not any(s.startswith(t("en", "cancelled_jobs", count=1)[:8]) for s in said), said
    assert t("en", "size_done", value=256) in said and not fake_queue.jobs


async def test_cancel_while_a_photo_captioned_size_downloads_counts_no_painting(recorded, fake_queue, monkeypatch):
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    fake.slow_files["one"] = SLOW_S
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "one", make_photo(seed=4)),
                                      caption="/size 256"))
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "nothing_to_cancel") in said, said


async def test_a_private_painting_waits_for_a_group_albums_size(recorded, fake_queue, monkeypatch):
    """The album's /size is the user's, for every chat: a private photo sent while the group's
    album downloads is painted at that size (it went on at once, at the old size)."""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 8.0)     # longer than the download
    fake = recorded
    album(fake, GROUP, "gsize", [None, f"/size@{BOT_USERNAME} 256"], "gs")
    await fake.wait_for(lambda: downloading(fake, "gs0") or downloading(fake, "gs1"), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "p1", make_photo(seed=7)),
                                      caption="/style gogh"))
    # the private photo reached the layer while the album still downloads: the album may end now
    await fake.wait_for(lambda: any(r.chat_id == f"tg:{PRIVATE_ANN['id']}" for r in fake.requests), timeout=WAIT_S)
    assert not fake_queue.jobs
    fake.end_slow_downloads()
    await fake.wait_for(lambda: fake_queue.jobs, timeout=WAIT_S)
    assert [(j.chat_id, j.max_side) for j in fake_queue.jobs] == [(f"tg:{PRIVATE_ANN['id']}", 256)]
