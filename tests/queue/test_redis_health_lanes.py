"""The Redis queue's /healthz per lane, over HTTP with a real redis-server and worker, as the
one-host queue's (test_health_lanes.py): a lane with jobs waiting and no live worker beating for
it is a problem of its own ('lane hq: no worker ready, 1 job waiting'), though a worker of another
lane beats; and "the bot is stopping" stays beside the Redis queue's own problems."""
import asyncio
import subprocess
import sys

import aiohttp
import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import FAKE, free_port, make_job
from tests.queue.test_redis import stop, until, worker_env

pytestmark = pytest.mark.slow


def lane_worker(url: str, name: str, lanes: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", url, "--name", name,
                             "--engine-factory", FAKE, "--lanes", lanes], env=worker_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def healthz(port: int) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
            return resp.status, await resp.json()


def queue(url: str, port: int) -> RedisQueue:
    return RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url, metrics_port=port,
                                    metrics_host="127.0.0.1"))


async def healthz_while_stopping(q: RedisQueue, port: int, job_id: str) -> tuple[int, dict]:
    """/healthz as the stop tells the waiting job that the bot restarts (it still answers then)."""
    seen = []

    async def on_status(st):
        if st.waiting_for == "restart" and not seen:
            seen.append(await healthz(port))

    waiting = asyncio.create_task(q.wait(job_id, on_status=on_status))
    await asyncio.sleep(0.3)                    # the wait is registered
    await q.stop()
    await asyncio.gather(waiting, return_exceptions=True)      # cancelled by the stop
    assert seen, "the stop did not tell the waiting job"
    return seen[0]


async def test_a_lane_without_a_live_worker_is_a_problem_though_another_lanes_worker_beats(redis_url):
    port = free_port()
    fast_only = lane_worker(redis_url, "fast1", "fast")
    q = queue(redis_url, port)
    await q.start()
    stopped = False
    try:
        await until(lambda: q.health()["ok"])
        status, body = await healthz(port)
        assert status == 200 and body["problems"] == []          # no /hq job: nothing waits in vain
        hq = make_job("u", "quick", method="gatys")
        await q.submit(hq)
        status, body = await healthz(port)
        assert status == 503 and not body["ok"]
        assert body["problems"] == ["lane hq: no worker ready, 1 job waiting"], body
        assert body["live_workers"] == {"fast": 1}
        fast = make_job("v", "quick")                              # the fast lane still paints
        await q.submit(fast)
        assert (await asyncio.wait_for(q.wait(fast.id), 30)).ok
        await q.submit(make_job("w", "quick", method="gatys"))
        assert q.health()["problems"] == ["lane hq: no worker ready, 2 jobs waiting"]
        status, body = await healthz_while_stopping(q, port, hq.id)
        stopped = True
        assert status == 503
        assert body["problems"] == ["the bot is stopping", "lane hq: no worker ready, 2 jobs waiting"], body
    finally:
        if not stopped:
            await q.stop()
        stop([fast_only])


async def test_the_bot_is_stopping_stays_beside_the_redis_queues_own_problems(redis_url):
    port = free_port()
    q = queue(redis_url, port)
    await q.start()
    try:
        job = make_job("u", "quick")
        await q.submit(job)
        status, body = await healthz(port)
        assert status == 503 and body["problems"] == ["no worker has sent a heartbeat in the last 8 s",
                                                      "lane fast: no worker ready, 1 job waiting"], body
    except BaseException:
        await q.stop()
        raise
    status, body = await healthz_while_stopping(q, port, job.id)
    assert status == 503 and body["problems"] == ["the bot is stopping",
                                                  "no worker has sent a heartbeat in the last 8 s",
                                                  "lane fast: no worker ready, 1 job waiting"], body
