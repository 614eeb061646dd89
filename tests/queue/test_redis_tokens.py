"""A worker's name is one process's, over a real redis-server: each beat carries the process's
token. A worker paused past BEAT_GRACE (SIGSTOP stands for a frozen VM) whose name a restarted
successor claimed meanwhile does not beat on under it when it is back: it takes no more jobs,
drops what it was painting (the successor took it over) and exits with one line."""
import asyncio
import json
import signal

import pytest
import redis

from engine.queue.names import NameClaim
from engine.queue.redis_streams import BEAT_TTL, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def token(r, name: str) -> str | None:
    raw = r.get(KEYS.worker(name))
    return json.loads(raw).get("token") if raw else None


def attempts(r, job_id: str) -> int:
    return int(r.get(KEYS.attempts(job_id)) or 0)


def errors(text: str) -> list[str]:
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [rec["msg"] for rec in lines if rec.get("level") == "ERROR"]


async def test_a_worker_back_from_a_pause_whose_name_a_successor_claimed_gives_it_up(redis_url):
    r = redis.Redis.from_url(redis_url)
    old = start_worker(redis_url, "gpu", REDIS_CLAIM_IDLE="60")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    new = None
    try:
        await until(lambda: q.health()["ok"])
        old_token = token(r, "gpu")
        job = make_job("a", "sleep:6")
        await q.submit(job)
        await until(lambda: q._status_of(job.id).progress > 0)        # the old one paints it
        old.send_signal(signal.SIGSTOP)
        new = start_worker(redis_url, "gpu", REDIS_CLAIM_IDLE="60")   # a restart of a worker taken for dead
        await until(lambda: attempts(r, job.id) == 2, 40)             # claimed the stale name, took the job up
        new_token = token(r, "gpu")
        assert new_token != old_token
        old.send_signal(signal.SIGCONT)                               # with about 5 s of its painting left
        assert old.wait(15) == 0
        assert new.poll() is None and token(r, "gpu") == new_token     # its beat neither overwritten nor deleted
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        more = make_job("b", "quick")                                 # the name still serves
        await q.submit(more)
        assert (await asyncio.wait_for(q.wait(more.id), 30)).ok
        await asyncio.sleep(1)
        events = done_events(redis_url)
        assert events[job.id] == 1 and events[more.id] == 1, events
        assert token(r, "gpu") == new_token
    finally:
        old.send_signal(signal.SIGCONT)
        await q.stop()
        stop([old] + ([new] if new else []))
    said_old, said_new = old.stderr.read(), new.stderr.read()
    errs = errors(said_old)
    assert len(errs) == 1 and "another worker process claimed the name gpu" in errs[0], said_old[-3000:]
    assert "Traceback" not in said_old and "drained" not in said_old
    assert not any("already had a result" in text for text in (said_old, said_new))   # painted to the end once
    assert new.returncode == 0


def test_a_claim_beats_and_releases_only_under_its_own_token(redis_url):
    r = redis.Redis.from_url(redis_url)
    key = KEYS.worker("n")
    first, second = NameClaim(r, key, BEAT_TTL), NameClaim(r, key, BEAT_TTL)
    assert first.beat({"job": None}) and first.held() and token(r, "n") == first.token
    r.set(key, second.payload({"job": None}), ex=BEAT_TTL)           # the successor's claim
    assert not first.beat({"job": "x"}) and not first.held()
    assert token(r, "n") == second.token and json.loads(r.get(key))["job"] is None
    first.release()
    assert r.exists(key)                                              # not the other's beat
    second.release()
    assert not r.exists(key)
    assert first.held() and first.beat({"job": None})                 # a free name (expired, Redis emptied) is beaten again
    r.set(key, json.dumps({"job": None}), ex=BEAT_TTL)                # a beat without a token is not this one's
    assert not first.beat({"job": None}) and not first.held()
