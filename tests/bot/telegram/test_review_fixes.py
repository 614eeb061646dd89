"""Two of the review's findings on today's Telegram changes: a /forgetme sent privately while the
user's photo still downloads in a group deleted everything, then the photo was kept and painted;
and a store error while a button tap was looked up kept the tapper's place in line for good."""
from __future__ import annotations

import sqlite3

from bot import layer_timing

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, GROUP, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts
from tests.bot.telegram.test_anonymous_taps import painted_anonymously, tap

recorded = test_telegram.recorded

WAIT_S = 30.0


async def test_forgetme_while_the_users_photo_downloads_in_another_chat_keeps_nothing_of_it(recorded, fake_queue, monkeypatch):
    monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", 0.3)
    fake = recorded
    fake.slow_files["fg1"] = 3.0
    fake.push("message", fake.message(ANN, GROUP, photo=photo_sizes(fake, "fg1", make_photo(128, 96)),
                                      caption="/style gogh"))
    await fake.wait_for(lambda: any(p.endswith("fg1") for p in fake.downloads), timeout=WAIT_S)
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/forgetme yes"))
    await fake.wait_for(lambda: texts(fake, PRIVATE_ANN["id"]), timeout=WAIT_S)
    await fake.wait_for(lambda: len(fake.handled) == 2, timeout=WAIT_S)
    # /forgetme no longer waits for the download (c71c239): it answers first, and the photo sent
    # before it, arriving after, is dropped by the layer (InFlight.forgotten), nothing of it kept
    assert [r.text for r in fake.requests] == ["/forgetme yes", "/style gogh"], [r.text for r in fake.requests]
    assert fake.frontend.layer.store.last_photo(f"tg:{ANN['id']}", f"tg:{GROUP['id']}") is None


async def test_a_store_error_while_a_tap_is_looked_up_gives_the_tappers_place_back(recorded, fake_queue, caplog):
    fake = recorded
    painting = await painted_anonymously(fake)
    layer = fake.frontend.layer

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    layer.store.painting = broken           # the lookup of whose painting the button is under fails
    tap(fake, ANN, painting, "/weaker")
    await fake.wait_for(lambda: "disk I/O error" in caplog.text, timeout=WAIT_S)      # the tap ended there
    assert not any(e.user == f"tg:{ANN['id']}" for e in layer._in_flight.values())
