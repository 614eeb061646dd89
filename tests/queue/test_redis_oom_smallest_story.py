"""A memory kill of a job already at the smallest size it can be painted at, told by `engine
worker --redis` (its parent and the worker that takes it over) and by the bot. The parent said
"painting it again at half the pixels" at every kill and the bot "it is painted again smaller",
though the job was painted again at the same size and then answered out_of_memory_smallest: the
lines promised what did not happen. Now the parent promises no size (the next start says it) and
the bot says it is painted again at the same size. Real redis-server; memory_hungry_engine.py
kills its own process with SIGKILL."""
import asyncio
import logging

import pytest

from tests.queue.test_redis import stop
from tests.queue.test_redis_oom_killed import bot, hungry_worker, photo_job
from tests.queue.test_redis_oom_story import lines

pytestmark = pytest.mark.slow


async def test_a_job_at_its_smallest_size_is_not_said_to_be_painted_smaller(redis_url, caplog):
    # 64 px: options.MIN_SIDE_LIMIT, the smallest max_side; the engine fits nothing (killed each try)
    worker = hungry_worker(redis_url, 10, QUEUE_MAX_ATTEMPTS="2")
    q = await bot(redis_url)
    try:
        job = photo_job(64, 64)
        with caplog.at_level(logging.INFO, logger="engine.queue"):
            await q.submit(job)
            result = await asyncio.wait_for(q.wait(job.id), 60)
        assert not result.ok and result.error_key == "out_of_memory_smallest", result
    finally:
        await q.stop()
        stop([worker])
    said = [line["msg"] for line in lines(worker.stderr.read()) if job.id in line["msg"]]
    assert any("ran out of memory at max_side 64, the smallest" in text for text in said), said
    assert any("no tries left" in text for text in said), said
    assert not any("half the pixels" in text or "painted again smaller" in text for text in said), said
    bot_said = [rec.getMessage() for rec in caplog.records if job.id in rec.getMessage()]
    retried = [text for text in bot_said if "ran out of memory on its worker" in text]
    assert len(retried) == 1 and "painted again at the same size" in retried[0], bot_said
    assert not any("smaller" in text for text in bot_said), bot_said
