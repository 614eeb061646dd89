"""`python -m engine worker` with a REDIS_PREFIX other than the bot's: it served its own, empty
streams and said nothing more than its first line, while the bot's jobs waited (only the bot's
log named the other prefix). The worker now says so too, once: jobs come under another prefix.
Real redis-server."""
import time

import pytest
import redis

from tests.queue.test_redis import start_worker, stop

pytestmark = pytest.mark.slow


def stderr_of_a_worker(r, redis_url, key: str, **env) -> str:
    """What a worker (``env`` its environment's additions) logged in its first seconds: until it
    registered as ``key``, and 3 s more."""
    w = start_worker(redis_url, "w1", **env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not r.exists(key):
            time.sleep(0.2)
        time.sleep(3)
    finally:
        stop([w])
    return w.stderr.read()


def test_a_worker_under_another_prefix_than_the_bots_says_so(redis_url):
    r = redis.Redis.from_url(redis_url)
    r.xgroup_create("paintbot:stream:fast", "workers", id="0", mkstream=True)     # as the bot makes it
    r.xadd("paintbot:stream:fast", {"id": "job1"})                                  # a job waiting there
    said = stderr_of_a_worker(r, redis_url, "paintbto:worker:w1", REDIS_PREFIX="paintbto")
    lines = [line for line in said.splitlines() if "REDIS_PREFIX=paintbot" in line]
    assert len(lines) == 1 and "paintbto" in lines[0] and "WARNING" in lines[0], said[-3000:]
    assert r.xlen("paintbot:stream:fast") == 1                                      # untouched


def test_a_worker_under_the_bots_prefix_says_nothing_of_others(redis_url):
    r = redis.Redis.from_url(redis_url)
    r.xgroup_create("other:stream:fast", "workers", id="0", mkstream=True)
    r.xgroup_create("paintbot:stream:fast", "workers", id="0", mkstream=True)
    assert "REDIS_PREFIX=other" not in stderr_of_a_worker(r, redis_url, "paintbot:worker:w1")
