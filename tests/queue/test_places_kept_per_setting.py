"""The queue keeps each user's first MAX_PENDING_PER_USER waiting jobs in their places, as many as
the bot lets a user have at once, each told its place in line. The scheduler kept 2 whatever the
setting (TOLD_PER_USER, its default): with MAX_PENDING_PER_USER=3 a user's third photo, told "4th in
line", went back to 5th, 6th as another user's newer photos were put ahead of it."""
from bot.__main__ import queue_settings_of
from bot.settings import Settings
from engine.queue.process import ProcessQueue
from engine.queue.scheduler import TOLD_PER_USER
from tests.queue.conftest import make_job


async def test_a_third_photo_keeps_its_place_when_the_bot_allows_three(tmp_path):
    assert TOLD_PER_USER < 3            # (else this would pass on the old scheduler too)
    bot = Settings(_env_file=None, DATA_DIR=tmp_path, MAX_PENDING_PER_USER=3, TELEGRAM_TOKEN=None, DISCORD_TOKEN=None)
    # no engine: every job waits, and the places are all there is to see
    qs = queue_settings_of(bot).model_copy(update={"queue_db": ":memory:", "workers_fast": 0, "workers_hq": 0})
    q = ProcessQueue(qs)
    await q.start()
    try:
        await q.submit(make_job("a"))
        mine = [make_job("b") for _ in range(3)]
        told = [(await q.submit(job)).position for job in mine]
        assert told == [1, 2, 3]
        for _ in range(2):
            await q.submit(make_job("a"))
        assert [q.sched.position(job.id) for job in mine] == told
    finally:
        await q.stop()
