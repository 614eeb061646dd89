"""A Redis without AOF (redis-server's default) comes back from an older RDB snapshot after a crash:
a job delivered since was pending again there and a worker repainted it (~3 min of /hq). The bot
and each worker say so once at start (CONFIG GET appendonly); where CONFIG is disabled (managed
Redis) one INFO line, no warning."""
import asyncio
import logging
import shutil
import subprocess
import time

import pytest
import redis

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import free_port
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
NO_AOF = "runs without AOF"


@pytest.fixture
def redis_with(tmp_path):
    """Start a redis-server with these extra arguments (in tmp_path); its URL."""
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (make system-deps)")
    procs = []

    def start(*args: str) -> str:
        port = free_port()
        procs.append(subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--dir", str(tmp_path), *args], stdout=subprocess.DEVNULL))
        r = redis.Redis(port=port)
        for _ in range(100):
            try:
                r.ping()
                return f"redis://127.0.0.1:{port}/0"
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    yield start
    for proc in procs:
        proc.kill()
        proc.wait(5)


async def bot_lines(url: str, tmp_path, caplog) -> list[logging.LogRecord]:
    """What the bot logs about Redis in its first watch rounds."""
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=url))
    with caplog.at_level(logging.INFO, "engine.queue"):
        await q.start()
        try:
            await asyncio.sleep(2 * q.watch_every + 0.5)
        finally:
            await q.stop()
    return [rec for rec in caplog.records if "AOF" in rec.getMessage()]


async def test_the_bot_warns_once_of_a_redis_without_aof(redis_with, tmp_path, caplog):
    lines = await bot_lines(redis_with("--appendonly", "no"), tmp_path, caplog)
    assert [rec.levelname for rec in lines] == ["WARNING"], lines
    assert NO_AOF in lines[0].getMessage() and "appendonly yes" in lines[0].getMessage()


async def test_the_bot_says_nothing_of_a_redis_with_aof(redis_with, tmp_path, caplog):
    assert await bot_lines(redis_with("--appendonly", "yes"), tmp_path, caplog) == []


async def test_a_redis_without_config_gets_one_info_line_and_no_warning(redis_with, tmp_path, caplog):
    lines = await bot_lines(redis_with("--appendonly", "no", "--rename-command", "CONFIG", ""), tmp_path, caplog)
    assert [rec.levelname for rec in lines] == ["INFO"], lines
    assert "does not say whether it runs with AOF" in lines[0].getMessage()


async def test_a_worker_warns_once_of_a_redis_without_aof(redis_with):
    url = redis_with("--appendonly", "no")
    worker = start_worker(url, "w1")
    try:
        await until(lambda: redis.Redis.from_url(url).exists("paintbot:worker:w1"))
        await asyncio.sleep(2)                       # a few rounds of its main loop
    finally:
        stop([worker])
    err = worker.stderr.read()
    assert err.count(NO_AOF) == 1, err[-3000:]
