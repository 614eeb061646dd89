"""A fast job waiting behind an /hq painting on the one worker that paints both (WORKERS_HQ=0): its
ETA grew 5 s at a time from the fast lane's mean on, as if that painting overran the fast mean, and
the bot's line said "the painting ahead is taking longer than expected" (bot.time_left.WaitLeft)
while the /hq painting ran on time. Now that painting's time left counts down, and only its
overrun past /hq's own mean makes the wait grow."""
import asyncio
import time

from tests.queue.conftest import make_job
from tests.queue.test_process import settings, started, until


async def test_a_fast_job_behind_an_hq_painting_counts_its_time_left(tmp_path):
    q = await started(settings(tmp_path, workers_hq=0))
    try:
        q.times.mean.update(fast=5.0, hq=120.0)
        hq = make_job("a", "sleep:30", method="gatys")
        await q.submit(hq)
        await until(lambda: q.workers[0].job_id == hq.id)
        fast = make_job("b", "quick")
        await q.submit(fast)
        seen = []
        waiter = asyncio.create_task(q.wait(fast.id, on_status=seen.append))
        etas = []
        for ran in (30, 60, 100, 146, 156):     # (146: the seconds until its status round up)
            q.running[hq.id] = time.monotonic() - ran     # the /hq painting began ``ran`` s ago
            # its own time (fast mean 5 s) after the /hq one's time left, or after that one's
            # overrun once past /hq's mean (2 min), in 5 s steps
            await until(lambda: seen and seen[-1].state == "queued" and seen[-1].eta_seconds != (etas or [None])[-1])
            etas.append(seen[-1].eta_seconds)
        assert etas == [95.0, 65.0, 25.0, 35.0, 45.0], etas
        assert await q.cancel(hq.id)
        assert (await asyncio.wait_for(waiter, 15)).ok
    finally:
        await q.stop()
