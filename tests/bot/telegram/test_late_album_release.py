"""A late photo of an album whose handling fails before it reaches the command layer (the store
locked while its caption is read): its order number is still given back, and the user told."""
from __future__ import annotations

import sqlite3
import time

from bot.messages import t

from tests.bot.telegram import test_telegram
from tests.bot.conftest import make_photo
from tests.bot.telegram.test_telegram import ANN, PRIVATE_ANN, photo_sizes
from tests.bot.telegram.test_telegram_flows import texts

recorded = test_telegram.recorded

WAIT_S = 20.0


async def test_a_late_album_photo_that_fails_to_be_read_holds_nothing_up(recorded, fake_queue):
    """The album's caption was checked (_paints: is it a painting?) before the try that hands the
    message's number back: the store locked then, the number was kept until a restart, each
    later "/size" of the user waited ORDER_WAIT_S (10 s) for it, and a bare /stronger 150 s; the
    photo got no answer. Now the number is given back, and the photo is answered: the storage
    problem, as the layer says it."""
    fake = recorded
    photos = [make_photo(96, 72, seed=s) for s in (1, 2, 3)]
    for i in range(2):
        fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, f"rl{i}", photos[i]),
                                          media_group_id="rel", **({"caption": "/style gogh"} if i == 0 else {})))
    await fake.wait_for(lambda: len(fake.handled) == 1, timeout=WAIT_S)
    frontend = fake.frontend
    paints = frontend._paints
    failed = []

    def locked(*args):
        if not failed:
            failed.append(1)
            exc = sqlite3.OperationalError("database is locked")
            exc.sqlite_errorcode = sqlite3.SQLITE_BUSY          # as SQLite raises it
            raise exc
        return paints(*args)

    frontend._paints = locked
    fake.push("message", fake.message(ANN, PRIVATE_ANN, photo=photo_sizes(fake, "rl2", photos[2]),
                                      media_group_id="rel"))
    await fake.wait_for(lambda: failed, timeout=WAIT_S)
    await fake.wait_for(lambda: t("en", "storage_problem") in texts(fake, PRIVATE_ANN["id"]), timeout=5.0)
    began = time.monotonic()
    fake.push("message", fake.message(ANN, PRIVATE_ANN, text="/size small"))
    await fake.wait_for(lambda: any(r.text == "/size small" for r in fake.handled), timeout=WAIT_S)
    assert time.monotonic() - began < 5.0, "the /size waited for the failed photo's number"
    assert not frontend._fetching
