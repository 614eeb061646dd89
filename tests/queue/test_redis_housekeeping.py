"""Housekeeping over a real redis-server: the job streams shrink (but never lose an entry that is
pending or not yet delivered, unless it is stuck pending longer than any job takes), the consumer group forgets workers that are gone and hold nothing,
the bot stops counting a killed worker once it is silent BEAT_GRACE (not when its key expires),
and after an outage longer than REDIS_CLAIM_IDLE no worker takes a job from a live one."""
import asyncio
import signal
import subprocess
import time

import pytest
import redis

from engine.queue.redis_streams import BEAT_GRACE, GROUP, Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import RedisServer, make_job
from tests.queue.job_starts import starts
from tests.queue.test_redis import done_events, start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")
FAST = KEYS.stream("fast")


def bot(url: str, **tweaks) -> RedisQueue:
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url))
    for name, value in tweaks.items():
        setattr(q, name, value)
    return q


def entry_ids(r, stream: str = FAST) -> list[bytes]:
    return [eid for eid, _ in r.xrange(stream)]


def consumers(r, stream: str = FAST) -> dict[str, int]:
    """Consumer name -> its pending entries."""
    return {c["name"].decode(): c["pending"] for c in r.xinfo_consumers(stream, GROUP)}


def read(r, group: str, consumer: str, count: int) -> list[bytes]:
    return [eid for _, es in r.xreadgroup(group, consumer, {FAST: ">"}, count=count) for eid, _ in es]


async def test_trimming_keeps_what_a_group_has_pending_or_not_yet_read(redis_url):
    """Each group needs its pending entries and those it has not read yet; with several groups,
    what any of them needs stays. Acknowledged entries below that go."""
    r = redis.Redis.from_url(redis_url)
    q = bot(redis_url)
    await q.start()
    try:
        r.xgroup_create(FAST, "audit", id="0")                 # a second group on the same stream
        e = [r.xadd(FAST, {"id": f"j{i}"}) for i in range(6)]
        got = read(r, GROUP, "w1", 4)                          # e0..e3 delivered to "workers"
        r.xack(FAST, GROUP, e[0], e[1], e[3])                  # e2 still pending; e4, e5 unread
        read(r, "audit", "a", 2)
        r.xack(FAST, "audit", e[0], e[1])                      # "audit": nothing pending, e2.. unread
        assert got == e[:4]
        await q._trim_streams()
        assert entry_ids(r) == e[1:]                           # "audit" has read up to e1: it stays
        read(r, "audit", "a", 10)
        r.xack(FAST, "audit", *e)
        await q._trim_streams()
        assert entry_ids(r) == e[2:]                           # "workers" still holds e2
        assert r.xclaim(FAST, GROUP, "w2", 0, [e[2]])[0][1] == {b"id": b"j2"}   # and can hand it on
        r.xack(FAST, GROUP, e[2])
        await q._trim_streams()
        assert entry_ids(r) == e[3:]                           # e4, e5 not yet read by "workers"
        read(r, GROUP, "w1", 10)
        r.xack(FAST, GROUP, *e)
        await q._trim_streams()
        assert entry_ids(r) == e[5:]                           # all done: the last read marks the place
        assert read(r, GROUP, "w1", 10) == [] and r.xadd(FAST, {"id": "j6"}) > e[5]
    finally:
        await q.stop()


async def test_the_job_stream_shrinks_and_a_stalled_workers_entry_survives_until_taken_over(redis_url, tmp_path):
    # a grace of 3 s (REDIS_BEAT_GRACE for the workers, beat_grace for the bot), not 8: w2 takes the job
    # over, and the bot forgets w1, 3 s after w1's last beat
    stalled = tmp_path / "w1-stalled"
    w1 = start_worker(redis_url, "w1", FAKE_ENGINE_STALL_AFTER="0", FAKE_ENGINE_STALL_MARKER=str(stalled),
                      REDIS_BEAT_GRACE="3")
    q = bot(redis_url, tidy_every=0.3, beat_grace=3.0)
    await q.start()
    r = redis.Redis.from_url(redis_url)
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        held = make_job("a", "quick")
        await q.submit(held)
        await until(stalled.exists)                            # w1 holds it, hanging
        w2 = start_worker(redis_url, "w2", REDIS_BEAT_GRACE="3")
        others = [make_job(f"u{i}", "quick") for i in range(6)]
        for job in others:
            await q.submit(job)
        assert all(r.ok for r in await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in others)), 30))
        await asyncio.sleep(1.5)                               # several trims: w1's entry is pending
        assert len(entry_ids(r)) == 7 and consumers(r)["w1"] == 1
        w1.send_signal(signal.SIGKILL)
        assert (await asyncio.wait_for(q.wait(held.id), 30)).ok   # taken over: the entry was still there
        await until(lambda: len(entry_ids(r)) <= 1, 10)
        await until(lambda: list(consumers(r)) == ["w2"], BEAT_GRACE + 5)   # w1: gone, holds nothing
        assert set(done_events(redis_url).values()) == {1}
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))


async def test_consumers_gone_and_holding_nothing_are_deleted_never_one_holding_an_entry(redis_url):
    r = redis.Redis.from_url(redis_url)
    q = bot(redis_url, tidy_every=0.2, watch_every=0.2, beat_grace=1.0)
    await q.start()
    beating = asyncio.create_task(beat(r, "live"))
    try:
        for i in range(3):
            r.xadd(FAST, {"id": f"j{i}"})
        read(r, GROUP, "killed", 1)                            # holds j0, and beats no more
        r.xack(FAST, GROUP, *read(r, GROUP, "drained", 1))     # holds nothing, beats no more
        r.xack(FAST, GROUP, *read(r, GROUP, "live", 1))        # holds nothing, beats
        await until(lambda: "drained" not in consumers(r), 10)
        await asyncio.sleep(1)                                 # more rounds
        assert consumers(r) == {"killed": 1, "live": 0}
    finally:
        beating.cancel()
        await q.stop()


async def test_an_entry_pending_for_ever_is_given_up_and_holds_the_trim_back_no_more(redis_url):
    """A worker whose main loop hangs (a Redis call on a dead connection) while its heartbeat
    beats on and refreshes what it holds: its entry stayed pending for ever, and every entry after
    it in the stream with it. Past the longest a job may take, the bot gives it up: its user reads
    that it failed, and the stream is trimmed past it."""
    r = redis.Redis.from_url(redis_url)
    q = bot(redis_url, tidy_every=0.2, watch_every=0.2, stuck_after=3.0)
    await q.start()
    tasks = [asyncio.create_task(beat(r, "hung"))]
    try:
        await until(lambda: q.live.get("fast"))
        job = make_job("a", "quick")
        await q.submit(job)
        await until(lambda: r.xlen(FAST) == 1)
        stuck, = read(r, GROUP, "hung", 1)
        tasks.append(asyncio.create_task(refresh(r, "hung", stuck)))
        later = [r.xadd(FAST, {"id": f"done{i}"}) for i in range(3)]    # other workers' jobs, done
        r.xack(FAST, GROUP, *read(r, GROUP, "w2", 3))
        await asyncio.sleep(1)                                 # several trims
        assert entry_ids(r) == [stuck, *later]
        result = await asyncio.wait_for(q.wait(job.id), 10)
        assert not result.ok and result.error_key == "expired"
        assert r.xpending(FAST, GROUP)["pending"] == 0
        await until(lambda: entry_ids(r) == later[-1:], 5)
    finally:
        for task in tasks:
            task.cancel()
        await q.stop()


async def refresh(r, consumer: str, entry: bytes) -> None:
    """A worker's heartbeat refreshing an entry it holds (its idle time stays short)."""
    while True:
        r.xclaim(FAST, GROUP, consumer, 0, [entry], justid=True)
        await asyncio.sleep(0.2)


async def beat(r, name: str) -> None:
    """Heartbeats as a worker sends them (the key's TTL tells the bot how old a beat is)."""
    while True:
        r.set(KEYS.worker(name), '{"lanes": ["fast"]}', ex=30)
        await asyncio.sleep(0.2)


async def test_a_killed_worker_stops_counting_once_silent_not_when_its_key_expires(redis_url):
    w1 = start_worker(redis_url, "w1")                         # beats every 0.5 s (REDIS_CLAIM_IDLE=1.5)
    q = bot(redis_url, watch_every=0.3, beat_grace=2.0)
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        await asyncio.sleep(3)                                 # beats 0.5 s apart keep it counted
        assert q.status()["live_workers"] == {"fast": 1, "hq": 1} and q.capacity == {"fast": 1, "hq": 1}
        w1.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        await until(lambda: not q.live, 10)
        assert time.monotonic() - killed < 4 and q.capacity == {} and q._free_slots("fast") <= 0
        assert redis.Redis.from_url(redis_url).exists(KEYS.worker("w1"))   # its key lives on (30 s)
        assert q.health()["problems"] == ["no worker has sent a heartbeat in the last 2 s"]
    finally:
        await q.stop()
        stop([w1])


class SavingRedis(RedisServer):
    """A redis-server that saves its data when stopped and loads it when started again, as a
    Redis with a volume does: pending entries come back with their delivery times, so each
    looks idle for as long as Redis was away."""

    def __init__(self, folder) -> None:
        super().__init__()
        self.folder = folder

    def start(self) -> None:
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                redis.Redis(port=self.port).ping()
                return
            except (redis.ConnectionError, redis.ResponseError):
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                redis.Redis(port=self.port).shutdown(save=True)
            except redis.ConnectionError:
                pass
            self.proc.wait(10)


async def test_after_an_outage_longer_than_claim_idle_no_job_is_taken_from_a_live_worker(tmp_path):
    """Idle times count from the delivery, on Redis's clock: after Redis was away 5 s with
    REDIS_CLAIM_IDLE=4, every pending entry looks idle until its worker refreshes it. w1 holds a
    job and reconnects slowly (it is paused); w2 starts as Redis is back and must not take the
    job meanwhile (nor later: w1 beats and refreshes it once back)."""
    server = SavingRedis(tmp_path)
    server.start()
    w1 = start_worker(server.url, "w1", REDIS_CLAIM_IDLE="4")
    q = bot(server.url)
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "sleep:12")
        await q.submit(job)
        await until(lambda: q._status_of(job.id).progress > 0)
        w1.send_signal(signal.SIGSTOP)
        server.stop()
        await asyncio.sleep(5)
        server.start()
        w2 = start_worker(server.url, "w2", REDIS_CLAIM_IDLE="4")
        await until(lambda: redis.Redis.from_url(server.url).exists(KEYS.worker("w2")))
        await asyncio.sleep(1)                                 # w2 has looked for jobs to claim
        w1.send_signal(signal.SIGCONT)
        assert (await asyncio.wait_for(q.wait(job.id), 60)).ok
        started = starts(server.url, job.id)
    finally:
        w1.send_signal(signal.SIGCONT)
        await q.stop()
        stop([w1] + ([w2] if w2 else []))
        server.stop()
    said = w2.stderr.read()
    assert started == 1 and "reclaimed job" not in said and "took over job" not in said, said[-3000:]
