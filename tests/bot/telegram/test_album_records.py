"""One record per Telegram album (its sender, number and command): a /forgetme forgets the
albums sent before it, and only those; an album sent after it keeps its command for a late photo."""
from __future__ import annotations

import asyncio

from bot import telegram_bot
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_forgetme import USER, WAIT_S, forgot, settled
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded


def album_photo(fake, group: str, i: int, photo: bytes, caption: str | None = None) -> None:
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"{group}{i}", photo),
                                      media_group_id=group, **({"caption": caption} if caption else {})))


async def test_an_album_sent_after_forgetme_and_handled_as_it_deletes_keeps_its_command(recorded, fake_queue,
                                                                                       monkeypatch):
    """"/forgetme yes" is deleting (the queue slow to forget) as Ann's album, sent after it, is
    handled: its caption kept for a late photo. The forget dropped every caption of hers, that
    one too, and the album's late photo was then taken alone: offered the artist buttons. The
    album came after the /forgetme: its late photo is painted as its caption asks."""
    monkeypatch.setattr(telegram_bot, "ALBUM_WAIT_S", 0.3)
    fake = recorded
    frontend = fake.frontend
    forgetting, released = asyncio.Event(), asyncio.Event()
    forget_user = fake_queue.forget_user

    async def slow_forget_user(user_id):
        forgetting.set()
        await released.wait()
        return await forget_user(user_id)

    monkeypatch.setattr(fake_queue, "forget_user", slow_forget_user)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await asyncio.wait_for(forgetting.wait(), WAIT_S)
    photos = [make_photo(seed=s) for s in range(3)]
    for i in range(2):
        album_photo(fake, "tg23_after", i, photos[i], caption="/style gogh" if i == 0 else None)
    await fake.wait_for(lambda: any(a["user"] == USER and a["handled"] for a in frontend._recent_albums.values()),
                        timeout=WAIT_S)
    released.set()
    await fake.wait_for(lambda: forgot(fake), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    await settled(fake)
    album_photo(fake, "tg23_after", 2, photos[2])             # (uploaded slowly)
    await fake.wait_for(lambda: len(fake_queue.jobs) == 3, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos
    assert not [text for text in texts(fake, PRIVATE_ANN["id"]) if text.startswith(t("en", "pick_artist")[:20])]
