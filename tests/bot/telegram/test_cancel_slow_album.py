"""/cancel while an album is still downloading, past the layer's SETTLE_WAIT_S: each of the
album's photos is counted, as when its download ends in time."""
from __future__ import annotations

from bot import layer_timing
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.album_cancel import said_to_a_cancel_while_downloading
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes

recorded = test_telegram.recorded


async def test_cancel_during_a_slow_albums_download_counts_its_five_photos(recorded, fake_queue, monkeypatch):
    """Five photos captioned "/style gogh", slow to download; "/cancel" while they download
    answered "Cancelled 1 painting" (the album was one request not yet in the queue), and none
    was painted. Now "Cancelled 5 paintings"."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    for i in range(5):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, media_group_id="slow5",
                                          photo=photo_sizes(fake, f"sa{i}", make_photo(96, 72, seed=i)),
                                          **({"caption": "/style gogh"} if i == 0 else {})))
        fake.slow_files[f"sa{i}"] = 0.8
    said = await said_to_a_cancel_while_downloading(fake)
    assert t("en", "cancelled_jobs", count=5) in said, said
    assert not fake_queue.jobs


async def test_a_slow_album_that_does_not_paint_is_not_counted_as_its_photos(recorded, fake_queue, monkeypatch):
    """An album for /addstyle: its photos are a style's paintings, not paintings to make."""
    monkeypatch.setattr(layer_timing, "SETTLE_WAIT_S", 0.5)
    fake = recorded
    for i in range(3):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, media_group_id="slow3",
                                          photo=photo_sizes(fake, f"sb{i}", make_photo(96, 72, seed=i)),
                                          **({"caption": "/addstyle mine"} if i == 0 else {})))
        fake.slow_files[f"sb{i}"] = 0.8
    said = await said_to_a_cancel_while_downloading(fake)
    assert not any(s == t("en", "cancelled_jobs", count=3) for s in said), said
