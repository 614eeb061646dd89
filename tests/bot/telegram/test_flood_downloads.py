"""A flood of photos on Telegram: each was downloaded (up to 20 MB, with retries) before the
command layer refused most of them (the user's paintings in progress, the rate limit): 100
photos were 2 GB of downloads to paint 2. Now a photo whose painting the user's limits refuse
anyway is not downloaded (CommandLayer.skips_download); the user reads the same refusal, once."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 30.0


def photo_messages(fake, n: int, key: str, **fields) -> list[int]:
    """``n`` photos pushed at once; their files' ids."""
    photos = [make_photo(128, 96, seed=i + 1) for i in range(n)]
    for i, data in enumerate(photos):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"{key}{i}", data), **fields))
    return photos


@pytest.mark.parametrize("limit", ["pending", "rate"])
async def test_a_flood_of_photos_downloads_only_those_it_paints(recorded, fake_queue, layer, settings, store,
                                                                limit):
    if limit == "pending":
        settings.MAX_PENDING_PER_USER = 2
        refusal = t("en", "too_many_pending", count=2)
    else:
        layer.limiter.jobs = settings.RATE_LIMIT_JOBS = 2
        refusal = t("en", "rate_limited", seconds=60).split("60")[0]
    fake_queue.delay = 30.0         # the first two paintings stay in progress while the rest come (finish_now)
    fake = recorded
    photos = photo_messages(fake, 8, "f", caption="/gogh")
    await fake.wait_for(lambda: len(fake.handled) == 6, timeout=WAIT_S)      # each refused, the two still painted
    fake_queue.finish_now()
    await fake.wait_for(lambda: len(fake.handled) == 8, timeout=WAIT_S)
    assert [photos.index(job.image) for job in fake_queue.jobs] == [0, 1]
    assert [x.startswith(refusal) for x in texts(fake, 1)].count(True) == 1, texts(fake, 1)   # once a burst
    assert len(fake.downloads) == 2, fake.downloads                  # it was 8
    # a photo not downloaded is not the user's last photo: the last one painted is
    assert store.last_photo("tg:1", "tg:1").data == photos[1]
    await fake.wait_for(lambda: len(fake.sent("sendPhoto", 1)) == 2, timeout=WAIT_S)


async def test_a_photo_alone_at_the_limit_still_gets_the_artist_buttons(recorded, fake_queue, settings, store):
    """Without a default style a photo alone paints nothing (the artist buttons): downloaded and
    kept, whatever the limits."""
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 30.0             # the two paintings stay in progress (finish_now)
    fake = recorded
    painted = photo_messages(fake, 2, "p", caption="/gogh")
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    alone = make_photo(128, 96, seed=9)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "alone", alone)))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)     # the photo alone, at the limit
    fake_queue.finish_now()
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    assert len(fake.downloads) == 3 and store.last_photo("tg:1", "tg:1").data == alone
    assert [job.image for job in fake_queue.jobs] == painted


async def test_an_album_at_the_limit_is_not_downloaded_and_says_so_as_before(recorded, fake_queue, settings, store):
    """A default style paints each photo of an album: at the limit, the album's first photo was
    refused and the rest stopped ("Photos 1 to 3 ..."): the same now, none of it downloaded."""
    settings.MAX_PENDING_PER_USER = 2
    await store.off_loop.set_prefs("tg:1", "tg", default_style="gogh")
    fake_queue.delay = 30.0             # the two paintings stay in progress (finish_now)
    fake = recorded
    photo_messages(fake, 2, "d")                    # two photos: painted in the default style
    await fake.wait_for(lambda: len(fake_queue.jobs) == 2, timeout=WAIT_S)
    for i in range(3):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, media_group_id="alb",
                                          photo=photo_sizes(fake, f"a{i}", make_photo(128, 96, seed=20 + i))))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)     # the album, at the limit
    fake_queue.finish_now()
    await fake.wait_for(lambda: len(fake.handled) == 3, timeout=WAIT_S)
    error = t("en", "too_many_pending", count=2)
    assert t("en", "album_stopped", error=error, first=1, count=3) in texts(fake, 1), texts(fake, 1)
    assert len(fake.downloads) == 2 and len(fake_queue.jobs) == 2
