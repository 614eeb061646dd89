"""Review of 8eeb2c0: the queue's typical times were seeded at start from the history's
``seconds``, which include each job's wait in line (the queue's own times are of painting alone):
after a busy hour, paintings of 0.5 s were promised "about 40 s". The history keeps the painting
time alone now (paint_seconds, migration 013, the engine's JobResult.seconds), and the seeding
reads that; rows from before have none and seed nothing."""
from __future__ import annotations

import sqlite3
import time

from bot.commands import CommandLayer
from bot.store import Store

from tests.bot.conftest import FakeQueue
from tests.bot.test_commands import say
from tests.bot.test_wait_estimate import TimedQueue


def row(store, seconds: float, paint_seconds: float | None, method: str = "adain") -> None:
    store.record_job(id=f"j{time.monotonic_ns()}", user_id="tg:1", chat_id="tg:1", platform="tg",
                     command="/style gogh", method=method, alpha=1.0, max_side=128, styles=[],
                     created=time.time(), seconds=seconds, paint_seconds=paint_seconds, ok=True, error_key=None)


async def test_the_seed_is_the_painting_time_not_the_wait_in_line(settings, store):
    for _ in range(5):
        row(store, 40.0, 0.5)               # a busy hour: 40 s each from submit, 0.5 s painting
    row(store, 200.0, 30.0, method="gatys")
    queue = TimedQueue()
    CommandLayer(settings, store, queue)
    assert queue.times.mean == {"fast": 0.5, "hq": 30.0}


async def test_rows_from_before_the_column_seed_nothing(settings, store):
    for _ in range(3):
        row(store, 40.0, None)
    queue = TimedQueue()
    CommandLayer(settings, store, queue)
    assert queue.times.mean == {"fast": 5.0, "hq": 120.0} and not queue.times.seen


async def test_a_painting_records_the_engines_time(settings, store, photo):
    layer = CommandLayer(settings, store, FakeQueue())         # (its results: seconds=0.01)
    await say(layer, "/style gogh", images=[photo])
    [job] = store.jobs_of("tg:1")
    assert job["paint_seconds"] == 0.01 and job["seconds"] >= 0


def test_an_old_store_gets_the_column(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / "bot.sqlite3")
    db.execute("alter table jobs drop column paint_seconds")
    db.execute("delete from migrations where name = '013_paint_seconds'")
    db.commit()
    db.close()
    store = Store(tmp_path)
    try:
        assert store.typical_seconds() == {}
        assert "paint_seconds" in store.db["jobs"].columns_dict
    finally:
        store.close()
