"""A worker's name is one process's, over a real redis-server: each beat carries the process's
token. A worker paused past BEAT_GRACE (SIGSTOP stands for a frozen VM) whose name a restarted
successor claimed meanwhile does not beat on under it when it is back: it takes no more jobs,
drops what it was painting (the successor took it over, and the start does not count against the
job) and exits with one line. A worker reads and claims entries only while its name is its own, and
one paused while it waits for jobs is handed none."""
import asyncio
import json
import signal
import time

import pytest
import redis

from engine.queue.names import NameClaim
from engine.queue.redis_streams import BEAT_TTL, GROUP, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from engine.queue.taking import NameLost, Taker
from tests.queue.conftest import make_job
from tests.queue.job_starts import starts
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")
GRACE = "3"     # the workers' REDIS_BEAT_GRACE (8 s by default): a paused worker's name is free after 3 s


async def worker_gpu_and_a_bot(redis_url):
    """A client of Redis, the worker "gpu" (its idle rule out of the way: take-overs here come
    from names and beats) and the bot's queue, started."""
    old = start_worker(redis_url, "gpu", REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE=GRACE)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    return redis.Redis.from_url(redis_url), old, q


def token(r, name: str) -> str | None:
    raw = r.get(KEYS.worker(name))
    return json.loads(raw).get("token") if raw else None


def attempts(r, job_id: str) -> int:
    return starts(r, job_id)


def errors(text: str) -> list[str]:
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [rec["msg"] for rec in lines if rec.get("level") == "ERROR"]


async def test_a_worker_back_from_a_pause_whose_name_a_successor_claimed_gives_it_up(redis_url):
    r, old, q = await worker_gpu_and_a_bot(redis_url)
    new = None
    try:
        await until(lambda: q.health()["ok"])
        old_token = token(r, "gpu")
        job = make_job("a", "sleep:6")
        await q.submit(job)
        await until(lambda: q._status_of(job.id).progress > 0)        # the old one paints it
        old.send_signal(signal.SIGSTOP)
        new = start_worker(redis_url, "gpu", REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE=GRACE)   # a restart of a worker taken for dead
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


def excused(r, job_id: str) -> int:
    return int(r.get(KEYS.excused(job_id)) or 0)


async def test_a_worker_giving_its_name_up_does_not_count_its_start_against_the_job(redis_url):
    """QUEUE_MAX_ATTEMPTS=2: a job is dead-lettered once two of its starts were lost. The first
    worker was only paused (its successor took its name and the job), so when the successor is
    then killed, a third start is still the job's second try, not a dead-letter."""
    r = redis.Redis.from_url(redis_url)
    long = dict(REDIS_CLAIM_IDLE="60", QUEUE_MAX_ATTEMPTS="2", FAKE_ENGINE_SECONDS="60", REDIS_BEAT_GRACE=GRACE)
    old = start_worker(redis_url, "gpu", **long)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    new = third = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "any")                                    # FAKE_ENGINE_SECONDS long
        await q.submit(job)
        await until(lambda: q._status_of(job.id).progress > 0)
        old.send_signal(signal.SIGSTOP)
        new = start_worker(redis_url, "gpu", **long)
        await until(lambda: attempts(r, job.id) == 2, 40)             # the successor took it up
        old.send_signal(signal.SIGCONT)
        assert old.wait(15) == 0                                      # gave the name up
        assert excused(r, job.id) == 1, old.stderr.read()[-3000:]
        new.send_signal(signal.SIGKILL)                               # a start truly lost
        new.wait(5)
        third = start_worker(redis_url, "w3", REDIS_CLAIM_IDLE="60", QUEUE_MAX_ATTEMPTS="2", REDIS_BEAT_GRACE=GRACE,
                             FAKE_ENGINE_SECONDS="0.5")
        result = await asyncio.wait_for(q.wait(job.id), 40)
        assert result.ok, result
        assert attempts(r, job.id) == 3
    finally:
        old.send_signal(signal.SIGCONT)
        await q.stop()
        stop([old] + [w for w in (new, third) if w])
    said = third.stderr.read() if third else ""
    assert "dead-letter" not in said, said[-3000:]


async def test_a_worker_paused_while_it_waits_for_jobs_is_handed_none(redis_url):
    """A blocking XREADGROUP would have Redis hand a job added during the wait to the worker
    paused in it; woken after a successor took its name, it took that job up. Now the job waits
    in the stream, untaken, and the successor reads it as soon as it serves."""
    r, old, q = await worker_gpu_and_a_bot(redis_url)
    new = None
    try:
        await until(lambda: q.health()["ok"])
        await asyncio.sleep(1)                                        # waiting for jobs
        old.send_signal(signal.SIGSTOP)
        job = make_job("a", "quick")
        await q.submit(job)                                           # handed over: it counts live 8 s yet
        await until(lambda: r.xlen(KEYS.stream("fast")) == 1)
        await asyncio.sleep(1.5)                                      # longer than a blocking read waits
        assert r.xpending(KEYS.stream("fast"), GROUP)["pending"] == 0
        old_token = token(r, "gpu")
        new = start_worker(redis_url, "gpu", REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE=GRACE)
        await until(lambda: token(r, "gpu") not in (None, old_token), 40)
        old.send_signal(signal.SIGCONT)
        assert (await asyncio.wait_for(q.wait(job.id), 10)).ok
        assert old.wait(15) == 0
        assert attempts(r, job.id) == 1                               # the successor's start only
    finally:
        old.send_signal(signal.SIGCONT)
        await q.stop()
        stop([old] + ([new] if new else []))
    said_old = old.stderr.read()
    assert job.id not in said_old, said_old[-3000:]


def test_a_taker_reads_and_claims_only_while_its_name_is_its_own(redis_url):
    r = redis.Redis.from_url(redis_url)
    stream = KEYS.stream("fast")
    r.xgroup_create(stream, GROUP, id="0", mkstream=True)
    mine = NameClaim(r, KEYS.worker("gpu"), BEAT_TTL)
    assert mine.beat({"job": None})
    taker = Taker(r, mine, GROUP, "gpu")
    assert taker.read(stream, 8) == ([], b"0-0")
    first = r.xadd(stream, {"id": "j1"})
    got, _ = taker.read(stream, 8)
    assert got == [(first, {b"id": b"j1"})]
    got, last = taker.read(stream, 8)
    assert got == [] and last == first
    waited = time.monotonic()
    taker.wait({stream: last}, 300)                                   # nothing after it: the whole wait
    assert time.monotonic() - waited >= 0.25
    second = r.xadd(stream, {"id": "j2"})
    waited = time.monotonic()
    taker.wait({stream: last}, 5000)                                  # j2 is after it: at once
    assert time.monotonic() - waited < 1
    assert r.xpending(stream, GROUP)["pending"] == 1                  # and the wait took nothing
    successor = NameClaim(r, KEYS.worker("gpu"), BEAT_TTL)
    r.set(KEYS.worker("gpu"), successor.payload({"job": None}), ex=BEAT_TTL)
    with pytest.raises(NameLost):
        taker.read(stream, 8)
    assert r.xpending(stream, GROUP)["pending"] == 1                  # j2 is not read
    with pytest.raises(NameLost):
        taker.claim(stream, first, 0)
    with pytest.raises(NameLost):
        taker.autoclaim(stream, 0)
    assert r.xpending_range(stream, GROUP, "-", "+", 10)[0]["times_delivered"] == 1   # j1 not claimed again
    assert Taker(r, successor, GROUP, "gpu").read(stream, 8)[0] == [(second, {b"id": b"j2"})]
    assert Taker(r, successor, GROUP, "gpu").claim(stream, first, 0) == [(first, {b"id": b"j1"})]
