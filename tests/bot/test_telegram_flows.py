"""Everyday and odd Telegram flows, through python-telegram-bot against the fake Bot API with the
command layer over the fake queue: albums and the commands sent right after them, Telegram
refusing or failing while a painting is sent (flood control, server errors, a group upgraded to a
supergroup, a user who blocked the bot)."""
from __future__ import annotations


from bot.messages import t

from . import test_telegram
from .conftest import make_photo
from .test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded     # the front-end over the layer and the fake queue, requests kept

WAIT_S = 20.0


def texts(fake, chat: int) -> list[str]:
    return [p["text"] for p, _ in fake.sent("sendMessage", chat)]


async def test_a_command_sent_just_after_an_album_waits_for_it(recorded, fake_queue):
    """An album without a caption, then "/style gogh" within the second: the album was numbered
    only when it was handled, 1 s after its last photo, so the command ran first and said "send a
    photo first", and the album then got the artist buttons. Now the command paints the album's
    last photo, as after a single photo."""
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2)]
    for i, data in enumerate(photos):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"al{i}", data),
                                          media_group_id="album1"))
    await fake.wait_for(lambda: len(fake.requests) == 0 and fake.frontend._albums, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert t("en", "no_photo") not in texts(fake, 1), texts(fake, 1)
    assert [job.image for job in fake_queue.jobs] == [photos[1]]
    assert any(r.images == photos for r in fake.requests)       # the album, whole
