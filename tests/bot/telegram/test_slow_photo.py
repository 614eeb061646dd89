"""A photo slow to download, then "/style gogh" sent right after it."""
from __future__ import annotations

from bot import layer_timing
from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 30.0


async def test_a_style_sent_after_a_photo_slow_to_download_paints_that_photo(recorded, fake_queue, monkeypatch):
    """The photo's download may take up to DOWNLOAD_PATIENCE_S twice (it is fetched again), but
    the "/style gogh" after it waited only ORDER_WAIT_S for it, then was handled without it:
    "send me a photo first" (or the photo before painted), and the photo got the artist buttons.
    Now the command waits for the photo's download. (ORDER_WAIT_S is made shorter than the
    download here, as 10 s is shorter than a download fetched again for a minute.)"""
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    fake = recorded
    photo = make_photo(128, 96, seed=3)
    sizes = photo_sizes(fake, "slow1", photo)
    fake.slow_files["slow1"] = 2.0
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=sizes))
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/style gogh"))
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    assert t("en", "no_photo") not in texts(fake, 1), texts(fake, 1)
    assert [job.image for job in fake_queue.jobs] == [photo]
    await fake.wait_for(lambda: fake.sent("sendPhoto", 1), timeout=WAIT_S)

