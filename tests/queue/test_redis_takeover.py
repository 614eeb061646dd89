"""Take-overs over a real redis-server: the job of a worker that stopped beating goes to another
worker at once (after BEAT_GRACE), not after REDIS_CLAIM_IDLE; a live worker's slow job stays
with it; its user reads that the job waits for another painter; a worker back from a pause
stops painting the job taken from it."""
import asyncio
import signal
import time

import pytest
import redis

from bot.commands import CommandLayer
from bot.messages import t
from engine.queue.redis_streams import BEAT_GRACE, GROUP, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.job_starts import starts
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
CLAIM_IDLE = 60.0        # the idle rule: far longer than any take-over these tests wait for
GRACE = 3.0              # the workers' REDIS_BEAT_GRACE (8 s by default): a silent worker's job goes at 3 s
KEYS = Keys("paintbot")


def settings(url: str) -> QueueSettings:
    return QueueSettings(queue_db=":memory:", redis_url=url)


def worker(url, name, claim_idle=CLAIM_IDLE, **extra):
    return start_worker(url, name, REDIS_CLAIM_IDLE=str(claim_idle), REDIS_BEAT_GRACE=str(GRACE), **extra)


def stalling_worker(url, name, marker):
    """A worker that hangs in its first job, beating all the while (a live but slow worker)."""
    return worker(url, name, FAKE_ENGINE_STALL_AFTER="0", FAKE_ENGINE_STALL_MARKER=str(marker))


def holders(url: str) -> list[str]:
    """The workers holding entries of the fast lane."""
    rows = redis.Redis.from_url(url).xpending_range(KEYS.stream("fast"), GROUP, "-", "+", 10)
    return [row["consumer"].decode() for row in rows]


def attempts(url: str, job_id: str) -> int:
    return starts(url, job_id)


def beats(url: str, name: str) -> bool:
    return bool(redis.Redis.from_url(url).exists(KEYS.worker(name)))


def logs(*workers) -> list[str]:
    stop(list(workers))
    return [w.stderr.read() for w in workers]


async def test_a_dead_workers_job_is_taken_over_long_before_claim_idle_a_live_slow_ones_never(redis_url, tmp_path):
    stalled = tmp_path / "w1-stalled"
    w1 = stalling_worker(redis_url, "w1", stalled)
    q = RedisQueue(settings(redis_url))
    await q.start()
    others = []
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "quick")
        await q.submit(job)
        await until(stalled.exists)                           # w1 holds it, hanging but beating
        others = [worker(redis_url, "w2"), worker(redis_url, "w3")]
        await until(lambda: beats(redis_url, "w2") and beats(redis_url, "w3"))
        await asyncio.sleep(GRACE + 4)                        # two idle workers, the job held well past their grace
        assert holders(redis_url) == ["w1"] and attempts(redis_url, job.id) == 1
        w1.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        result = await asyncio.wait_for(q.wait(job.id), 30)   # REDIS_CLAIM_IDLE is 60 s
        assert result.ok and time.monotonic() - killed < GRACE + 10
        assert attempts(redis_url, job.id) == 2               # one of w2 and w3 took it, not both
        assert done_events(redis_url)[job.id] == 1
    finally:
        await q.stop()
        said = logs(w1, *others)
    took = [text for text in said[1:] if "took over job" in text]
    assert len(took) == 1 and "worker w1 stopped beating" in took[0], said[1:]


async def test_the_user_reads_that_a_job_whose_worker_died_waits_for_another_one(redis_url, tmp_path):
    """Not a percentage frozen until the take-over: "waiting for another painter", with no
    timeout running meanwhile (time without a worker never counts). The other painter, w2, is
    busy; w1's key still exists, but w1 no longer counts as a painter once silent BEAT_GRACE."""
    stalled = tmp_path / "w1-stalled"
    w1 = stalling_worker(redis_url, "w1", stalled)
    q = RedisQueue(settings(redis_url))
    await q.start()
    w2 = w3 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "quick")
        await q.submit(job)
        await until(stalled.exists)
        await until(lambda: job.id in q.started)
        w2 = worker(redis_url, "w2")
        busy = make_job("b", "sleep:60")
        await q.submit(busy)
        await until(lambda: q._status_of(busy.id).progress > 0)
        q.states[job.id].progress = 0.4                       # as if w1 had said so before it died
        w1.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        await until(lambda: q._status_of(job.id).waiting_for == "takeover", BEAT_GRACE + 8)
        assert time.monotonic() - killed < CLAIM_IDLE / 3
        assert q.status()["live_workers"] == {"fast": 1, "hq": 1}      # w2 only
        st = q._status_of(job.id)
        assert st.state == "queued" and st.progress == 0 and q._started_at(job.id) is None
        for lang in ("en", "ko"):                             # the progress line says so (it needs no self)
            assert CommandLayer._status_text(None, lang, "gogh", st) == t(lang, "waiting_for_takeover", style="gogh")
        w3 = worker(redis_url, "w3")                          # a painter is free again: it takes the job over
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert attempts(redis_url, job.id) == 2
        assert await q.cancel(busy.id)
        assert (await asyncio.wait_for(q.wait(busy.id), 30)).error_key == "cancelled"
    finally:
        await q.stop()
        stop([w for w in (w1, w2, w3) if w])


async def test_a_worker_back_from_a_pause_stops_painting_the_job_taken_from_it(redis_url):
    """SIGSTOP stands for a long GC or a network blip: the job is taken over while w1 cannot
    beat; back, w1 must not take it back, and only one of them paints it to the end."""
    idle = 3.0                                                # the idle rule takes it over here
    w1 = worker(redis_url, "w1", claim_idle=idle)
    q = RedisQueue(settings(redis_url))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "sleep:6")
        await q.submit(job)
        await until(lambda: q._status_of(job.id).progress > 0)
        assert holders(redis_url) == ["w1"]
        w2 = worker(redis_url, "w2", claim_idle=idle)
        w1.send_signal(signal.SIGSTOP)
        await until(lambda: attempts(redis_url, job.id) == 2, 30)   # w2 took it over
        w1.send_signal(signal.SIGCONT)                        # with about 5 s of its painting left
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert done_events(redis_url)[job.id] == 1
        await asyncio.sleep(1)                                # w1 has settled its side of it
        assert w1.poll() is None
    finally:
        w1.send_signal(signal.SIGCONT)
        await q.stop()
        said = logs(w1, *([w2] if w2 else []))
    # neither painted it to the end in vain (the second one's result would have been dropped)
    assert not any("already had a result" in text for text in said), said
    assert "was taken over by worker w2" in said[0], said[0][-3000:]


async def test_a_worker_restarted_under_the_same_name_takes_up_its_predecessors_job(redis_url, tmp_path):
    """A container restarted after a crash keeps its hostname and pid, so the new worker has the
    old one's name and beats under it: it takes up the job left pending under that name itself."""
    stalled = tmp_path / "w1-stalled"
    w1 = stalling_worker(redis_url, "w1", stalled)
    q = RedisQueue(settings(redis_url))
    await q.start()
    again = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "quick")
        await q.submit(job)
        await until(stalled.exists)
        w1.send_signal(signal.SIGKILL)
        w1.wait(5)
        again = worker(redis_url, "w1")
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert attempts(redis_url, job.id) == 2
    finally:
        await q.stop()
        stop([w1])
        said = logs(again) if again else [""]
    assert "an earlier worker of this name left it" in said[0], said[0][-3000:]
