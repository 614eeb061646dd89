"""A worker under `engine worker`'s parent, stopped with SIGTERM, logged "a stop passed on by engine
worker's parent (SIGUSR1): draining", naming a signal the operator never sent. It names the
operator's signals now and says the parent passed the stop on."""
import asyncio
import signal

import pytest

from tests.queue.conftest import make_job
from tests.queue.test_redis import stop, until
from tests.queue.test_redis_oom_killed import bot, group_worker

pytestmark = pytest.mark.slow


async def test_a_sigterm_to_the_worker_says_so_not_sigusr1(redis_url):
    worker = group_worker(redis_url)
    q = await bot(redis_url)
    try:
        job = make_job("a", "sleep:1")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        worker.send_signal(signal.SIGTERM)                # to the parent only: it passes the stop on
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        said = worker.stderr.read()
        assert worker.wait(15) == 0, said[-3000:]
        assert "a stop (SIGTERM or SIGINT to the worker; passed on by its parent): draining" in said, said[-3000:]
        assert "SIGUSR1" not in said, said[-3000:]
    finally:
        await q.stop()
        stop([worker])
