"""A photo of an album (media group) that comes more than ALBUM_WAIT_S after the others."""
from __future__ import annotations

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_a_late_photo_of_an_album_is_painted_as_the_album_asked(recorded, fake_queue):
    """Three photos captioned "/style gogh", the third uploaded slowly: it came after the album
    was handled, alone and without the caption, and got "which artist should paint it?" with the
    artist buttons. Now it is painted as its album asked."""
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2, 3)]
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"la{i}", photos[i]),
                                          media_group_id="late1", **({"caption": "/style gogh"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos[:2]
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "la2", photos[2]),
                                      media_group_id="late1"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert [job.image for job in fake_queue.jobs] == photos
    assert fake_queue.jobs[2].meta["label"] == fake_queue.jobs[0].meta["label"]
    assert t("en", "pick_artist") not in texts(fake, 1), texts(fake, 1)


async def test_a_late_photo_of_an_addstyle_album_makes_no_second_style(recorded, fake_queue):
    """An album's /addstyle is not taken by a late photo: that would add a second style of the
    same name, of that photo alone."""
    fake = recorded
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"ls{i}", make_photo(seed=i)),
                                          media_group_id="late2", **({"caption": "/addstyle Dusk"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "ls2", make_photo(seed=7)),
                                      media_group_id="late2"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert not fake.handled[1].text.startswith("/addstyle")
