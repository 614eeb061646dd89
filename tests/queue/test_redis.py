"""The Redis Streams queue against a real redis-server: workers as processes, kill -9, submit CLI."""
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis

from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import FAKE, RedisServer, make_job
from tests.queue.fakes import tiny_png
from tests.queue.job_starts import starts

pytestmark = pytest.mark.slow
# REDIS_BEAT_GRACE of the workers whose tests wait for a take-over: a silent worker's job goes after 3 s, not 8
GRACE = "3"


def worker_env(**extra) -> dict:
    # LOG_FORMAT: the tests read the workers' JSON lines, whatever the caller's environment says
    env = dict(os.environ, REDIS_CLAIM_IDLE="1.5", QUEUE_MAX_ATTEMPTS="2", PYTHONUNBUFFERED="1", LOG_FORMAT="json")
    env.update(extra)
    return env


def start_worker(url, name, factory=FAKE, supervise=False, **extra) -> subprocess.Popen:
    # --no-supervise unless asked: the process the tests pause (SIGSTOP) or kill is the painting one
    return subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", url, "--name", name,
                             "--engine-factory", factory, *(() if supervise else ("--no-supervise",))],
                            env=worker_env(**extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()


def done_events(url) -> Counter:
    r = redis.Redis.from_url(url)
    return Counter(f[b"id"].decode() for _, f in r.xrange(Keys("paintbot").events)
                   if f[b"type"] == b"done")


def test_two_workers_one_killed_mid_batch_all_20_arrive_once(redis_url, tmp_path):
    photos = []
    for i in range(20):
        p = tmp_path / f"photo{i:02d}.png"
        p.write_bytes(tiny_png((10 * i, 100, 200)))
        photos.append(str(p))
    # w1 hangs in its first job, so it is killed mid-job, never between jobs. (Not a later one: w1's
    # first job can be slow enough for w2 to take it over and then finish all the others first.)
    stalled = tmp_path / "w1-stalled"
    workers = [start_worker(redis_url, "w1", FAKE_ENGINE_STALL_AFTER="0", FAKE_ENGINE_STALL_MARKER=str(stalled),
                            REDIS_BEAT_GRACE=GRACE),
               start_worker(redis_url, "w2", REDIS_BEAT_GRACE=GRACE)]
    try:
        out = tmp_path / "out"
        submit = subprocess.Popen([sys.executable, "-m", "engine", "submit", "--redis", redis_url,
                                   "--style", "sleep:0.4", "--max-side", "64", "-o", str(out), *photos],
                                  # the workers' engine: submit leaves the names to it (no catalog check)
                                  env=worker_env(ENGINE_FACTORY=FAKE), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        r = redis.Redis.from_url(redis_url)
        while len(done_events(redis_url)) < 4 or not stalled.exists():     # mid-batch, w1 mid-job
            assert time.monotonic() < deadline and submit.poll() is None
            time.sleep(0.05)
        workers[0].send_signal(signal.SIGKILL)
        stdout, stderr = submit.communicate(timeout=120)
        assert submit.returncode == 0, stderr[-3000:]
        assert sorted(p.name for p in out.iterdir()) == [f"photo{i:02d}.jpg" for i in range(20)]
        events = done_events(redis_url)
        assert len(events) == 20 and set(events.values()) == {1}, events
        assert "20/20 results" in stdout
        attempts = [starts(r, job_id) for job_id in events]
        assert len(attempts) == 20 and attempts.count(2) == 1     # w1's job was taken over
    finally:
        stop(workers)
    assert workers[0].returncode == -signal.SIGKILL


async def restart_crashed(workers, url):
    """What docker's `restart: unless-stopped` does for the workers of a deployment."""
    while True:
        for i, w in enumerate(workers):
            if w.poll() not in (None, 0):
                workers[i] = start_worker(url, f"w{i + 1}-again", REDIS_BEAT_GRACE=GRACE)
        await asyncio.sleep(0.2)


async def test_dead_letter_cancel_and_drain_over_redis(redis_url, tmp_path):
    workers = [start_worker(redis_url, "w1", REDIS_BEAT_GRACE=GRACE), start_worker(redis_url, "w2", REDIS_BEAT_GRACE=GRACE)]
    restarter = asyncio.create_task(restart_crashed(workers, redis_url))
    s = QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_per_user=100)
    q = RedisQueue(s)
    await q.start()
    try:
        crash = make_job("a", "crash")
        hq = make_job("b", "sleep:30", method="gatys")
        ok = make_job("c", "quick")
        for j in (crash, hq, ok):
            await q.submit(j)
        assert (await asyncio.wait_for(q.wait(ok.id), 30)).ok
        # the crash job kills w1 or w2; the survivor dead-letters it after 2 attempts
        r = await asyncio.wait_for(q.wait(crash.id), 60)
        assert r.error_key == "dead_letter"
        for _ in range(200):
            if q._status_of(hq.id).progress > 0:
                break
            await asyncio.sleep(0.1)
        assert await q.cancel(hq.id)
        assert (await asyncio.wait_for(q.wait(hq.id), 30)).error_key == "cancelled"
        # SIGTERM drains a worker: its running job still finishes
        restarter.cancel()
        alive = [w for w in workers if w.poll() is None]
        beats = redis.Redis.from_url(redis_url)
        for _ in range(300):                 # a restarted worker handles SIGTERM once it beats
            if all(beats.exists(Keys("paintbot").worker(w.args[w.args.index("--name") + 1])) for w in alive):
                break
            await asyncio.sleep(0.1)
        slow = make_job("d", "sleep:1")
        await q.submit(slow)
        for _ in range(200):                 # a worker has started it (not just a fixed pause)
            if q._status_of(slow.id).progress > 0:
                break
            await asyncio.sleep(0.1)
        for w in alive:
            w.terminate()
        assert (await asyncio.wait_for(q.wait(slow.id), 30)).ok
        for w in alive:
            assert w.wait(15) == 0
    finally:
        restarter.cancel()
        await q.stop()
        stop(workers)


async def test_restart_of_the_bot_loses_nothing_over_redis(redis_url, tmp_path):
    s = QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, redis_in_flight_fast=2)
    q = RedisQueue(s)
    await q.start()
    jobs = [make_job(f"u{i}", "sleep:0.3") for i in range(6)]
    for j in jobs:
        await q.submit(j)
    await q.stop()                       # bot goes down before any worker exists
    worker = start_worker(redis_url, "w1")
    try:
        q2 = RedisQueue(s)
        await q2.start()
        try:
            assert {j.id for j in await q2.recovered()} == {j.id for j in jobs}
            results = await asyncio.wait_for(asyncio.gather(*(q2.wait(j.id) for j in jobs)), 60)
            assert all(r.ok for r in results)
        finally:
            await q2.stop()
    finally:
        stop([worker])


def test_submit_with_the_real_engine(redis_url, tmp_path):
    photo = tmp_path / "p.png"
    photo.write_bytes(tiny_png())
    worker = start_worker(redis_url, "real", factory="engine:load_engine")
    try:
        out = tmp_path / "out"
        res = subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", redis_url, "--style", "gogh",
                              "--max-side", "64", "-o", str(out), str(photo)],
                             capture_output=True, text=True, timeout=180)
        assert res.returncode == 0, res.stderr[-3000:]
        assert (out / "p.jpg").read_bytes()[:2] == b"\xff\xd8"
    finally:
        stop([worker])


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


async def until(check, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


def stopped_cleanly(worker) -> str:
    """Stop a worker and return what it logged, after checking it drained (exit 0)."""
    stop([worker])
    err = worker.stderr.read()
    assert worker.returncode == 0, err[-3000:]
    return err


async def test_a_redis_outage_and_an_empty_restart_lose_no_job_and_log_a_line_each_way(redis_server, tmp_path, caplog):
    redis_server.start()
    worker = start_worker(redis_server.url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])              # the worker beats
        first = make_job("a", "sleep:3")
        await q.submit(first)
        await until(lambda: q._status_of(first.id).progress > 0)     # the worker paints it
        caplog.clear()
        redis_server.stop()                                # mid-job; it comes back empty
        second = make_job("b", "quick")
        await q.submit(second)
        await asyncio.sleep(4)
        health = q.health()
        assert not health["ok"] and health["redis"] == "down" and "redis is unreachable" in health["problems"]
        waiting = q._status_of(second.id)
        assert waiting.state == "queued" and waiting.waiting_for == "engine" and waiting.eta_seconds is None
        begun = q._status_of(first.id)          # its percentage, and why it does not move
        assert begun.state == "running" and begun.progress > 0 and begun.waiting_for == "engine"
        noise = [rec for rec in caplog.records if rec.name.startswith("engine.queue")]
        assert len(noise) == 1 and "unreachable" in noise[0].getMessage(), [r.getMessage() for r in noise]
        caplog.set_level(logging.INFO, logger="engine.queue.redis")     # (the end of an outage is INFO)
        redis_server.start()
        results = await asyncio.wait_for(asyncio.gather(q.wait(first.id), q.wait(second.id)), 60)
        assert [r.ok for r in results] == [True, True], results
        await until(lambda: q.health()["ok"])
        assert any("reachable again" in rec.getMessage() for rec in caplog.records)
    finally:
        await q.stop()
    log_text = stopped_cleanly(worker)
    assert "Traceback" not in log_text, log_text[-3000:]
    assert log_text.count("is unreachable") == 1 and "reachable again" in log_text


async def test_bot_and_worker_started_before_redis_wait_for_it(redis_server, tmp_path):
    worker = start_worker(redis_server.url, "early")         # Redis is not there yet
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()                                         # the bot starts anyway (the chat works)
    try:
        job = make_job("a", "quick")
        await q.submit(job)
        await asyncio.sleep(3)
        assert worker.poll() is None                         # it waits instead of exiting 1
        assert q._status_of(job.id).waiting_for == "engine"
        assert q.health()["problems"] == ["redis is unreachable"]
        redis_server.start()
        assert (await asyncio.wait_for(q.wait(job.id), 60)).ok
    finally:
        await q.stop()
    assert "Traceback" not in stopped_cleanly(worker)


async def test_without_a_worker_jobs_wait_in_the_bot_and_health_says_why(redis_server, tmp_path):
    redis_server.start()
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()
    worker = None
    try:
        job = make_job("a", "quick")
        await q.submit(job)
        await asyncio.sleep(2.5)
        st = q._status_of(job.id)
        assert st.state == "queued" and st.waiting_for == "engine"      # not "painting… 0%"
        health = q.health()
        assert not health["ok"] and health["problems"] == ["no worker has sent a heartbeat in the last 8 s",
                                                           "lane fast: no worker ready, 1 job waiting"]
        worker = start_worker(redis_server.url, "late")
        assert (await asyncio.wait_for(q.wait(job.id), 60)).ok
        assert q.health()["ok"] and q.status()["live_workers"] == {"fast": 1, "hq": 1}
    finally:
        await q.stop()
        if worker is not None:
            stop([worker])


async def test_timeouts_count_from_when_a_worker_starts_a_job(redis_server, tmp_path):
    """No worker for longer than JOB_TIMEOUT_FAST is no timeout (the photo was promised to be
    kept); a job handed over waits its turn as "queued", not "painting 0%", and its clock starts
    when a worker starts it."""
    redis_server.start()
    s = QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url, job_timeout_fast=5.0)
    q = RedisQueue(s)
    await q.start()
    worker = None
    try:
        # 3 s each, in a 5 s limit: the second one's clock counted from its hand-over (with the first,
        # or while the first painted) would be 6 s and more, past the limit, whatever the machine's load
        first, second = make_job("a", "sleep:3"), make_job("b", "sleep:3")
        await q.submit(first)
        await q.submit(second)
        await asyncio.sleep(6)                             # no worker, past the timeout
        assert [q._status_of(j.id).waiting_for for j in (first, second)] == ["engine", "engine"]
        # one job at a time (a CPU worker); torch imported before it is ready, else its first job's
        # import (seconds on a loaded machine) counted in that job's 5 s and the job timed out
        worker = start_worker(redis_server.url, "w1", "tests.queue.fakes:make_warm_engine")
        await until(lambda: q._status_of(first.id).progress > 0)
        waiting = q._status_of(second.id)
        assert waiting.state == "queued" and waiting.waiting_for is None and waiting.position == 0
        assert (q.status()["running"], q.status()["waiting"]) == (1, 1)
        results = await asyncio.wait_for(asyncio.gather(q.wait(first.id), q.wait(second.id)), 60)
        assert [r.ok for r in results] == [True, True], results
    finally:
        await q.stop()
        if worker is not None:
            stop([worker])


async def test_a_wrong_redis_password_is_a_setup_error_not_an_outage(tmp_path):
    """Bot and worker say in one line that Redis refused the credentials and stop (exit 2),
    instead of waiting for ever as if Redis were down; the right password works."""
    from engine.queue.redis_streams import QueueSetupError

    server = RedisServer()
    server.proc = subprocess.Popen([server.exe, "--port", str(server.port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--requirepass", "s3cret@x"], stdout=subprocess.DEVNULL)
    try:
        good = f"redis://:s3cret%40x@127.0.0.1:{server.port}/0"
        await until(lambda: _answers(good), 10)
        # (no password at all: "needs a password", test_redis_needs_password.py)
        for url, says in ((f"redis://:wrong@127.0.0.1:{server.port}/0", "refused the credentials in REDIS_URL"),
                          (f"redis://127.0.0.1:{server.port}/0", "needs a password and REDIS_URL has none")):
            worker = start_worker(url, "w")
            assert worker.wait(30) == 2
            err = worker.stderr.read()
            assert says in err and "Traceback" not in err and "wrong" not in err
            with pytest.raises(QueueSetupError, match=says):
                await RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url)).start()
        q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=good))
        await q.start()
        assert q.link.up
        await q.stop()
    finally:
        server.stop()


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


async def test_a_job_whose_worker_is_killed_starts_over_on_another_and_counts_as_a_crash(redis_server, tmp_path, caplog):
    """kill -9 mid-job: the worker that takes the job over says so, the bot counts the crash,
    shows the job starting over (not its frozen progress) and gives it a fresh timeout."""
    from engine.queue import metrics

    redis_server.start()
    stalled = tmp_path / "w1-stalled"
    w1 = start_worker(redis_server.url, "w1", FAKE_ENGINE_STALL_AFTER="0", FAKE_ENGINE_STALL_MARKER=str(stalled),
                      REDIS_BEAT_GRACE=GRACE)
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "sleep:3")                        # w2 takes 3 s: time to look at it under way
        await q.submit(job)
        await until(stalled.exists)                           # w1 holds it, hanging
        await until(lambda: job.id in q.started)
        q.states[job.id].progress = 0.4                       # as if w1 had said so before it died
        crashes = metrics.WORKER_CRASHES._value.get()
        w2 = start_worker(redis_server.url, "w2", REDIS_BEAT_GRACE=GRACE)
        w1.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        await until(lambda: q.started.get(job.id, 0) > killed_at)     # taken over: a fresh clock
        assert q._status_of(job.id).progress < 0.4                      # starting over, not frozen at 40%
        assert (await asyncio.wait_for(q.wait(job.id), 60)).ok
        assert metrics.WORKER_CRASHES._value.get() == crashes + 1
        assert any("went silent" in rec.getMessage() for rec in caplog.records)
        retry = [f for _, f in redis.Redis.from_url(redis_server.url).xrange(Keys("paintbot").events)
                 if f[b"type"] == b"retry"]
        assert len(retry) == 1 and retry[0][b"id"].decode() == job.id and retry[0][b"attempt"] == b"2"
    finally:
        await q.stop()
        stop([w1] + ([w2] if w2 else []))


async def test_workers_under_another_redis_prefix_are_named_in_health_and_the_log(redis_server, tmp_path, caplog):
    redis_server.start()
    worker = start_worker(redis_server.url, "w1", REDIS_PREFIX="paintbot-staging")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    q.look_around_every = 0.5
    await q.start()
    try:
        await until(lambda: len(q.health().get("problems", [])) == 2)
        assert q.health()["problems"] == ["no worker has sent a heartbeat in the last 8 s",
                                          "workers beat under REDIS_PREFIX=paintbot-staging, not paintbot"]
        warned = [rec.getMessage() for rec in caplog.records if "REDIS_PREFIX" in rec.getMessage()]
        assert len(warned) == 1 and "paintbot-staging" in warned[0]
    finally:
        await q.stop()
    assert "under REDIS_PREFIX=paintbot-staging" in stopped_cleanly(worker)   # its start line says so


async def test_a_redis_restarted_empty_does_not_make_the_workers_look_gone(redis_server, tmp_path):
    """A worker beats every 2 s (REDIS_CLAIM_IDLE 30): its beat missing for a moment after a
    FLUSHALL (what an empty restart looks like) is not "no worker" in /healthz."""
    redis_server.start()
    worker = start_worker(redis_server.url, "w1", REDIS_CLAIM_IDLE="30")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()
    r = redis.Redis.from_url(redis_server.url)
    try:
        await until(lambda: q.health()["ok"])
        beat = Keys("paintbot").worker("w1")
        await until(lambda: r.ttl(beat) == 30)               # it has just beaten: the next is 2 s away
        r.flushall()
        deadline = time.monotonic() + 4.5
        while time.monotonic() < deadline:
            assert q.health()["ok"], q.health()
            await asyncio.sleep(0.1)
        await until(lambda: r.exists(beat))                   # it beats again, into the new Redis
        job = make_job("a", "quick")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
    finally:
        await q.stop()
    # it was blocked reading the streams when they vanished: "UNBLOCKED", not a crash
    assert "Traceback" not in stopped_cleanly(worker)


async def test_a_password_changed_on_a_running_redis_is_named_in_the_log_and_health(redis_server, tmp_path, caplog):
    redis_server.start()
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_server.url))
    await q.start()
    caplog.clear()                      # (what it said at start: that this Redis runs without AOF)
    admin = redis.Redis.from_url(redis_server.url)
    try:
        admin.config_set("requirepass", "changed")
        admin.client_kill_filter(_type="normal", skipme=True)   # the bot's connections must log in again
        await until(lambda: not q.link.up)
        # (REDIS_URL has no password: test_redis_password_added.py has the changed one's words)
        assert q.health()["problems"] == ["redis needs a password and REDIS_URL has none"]
        said = [rec.getMessage() for rec in caplog.records if rec.name.startswith("engine.queue")]
        assert len(said) <= 2 and "needs a password and REDIS_URL has none" in said[-1], said   # not one a retry
        admin.config_set("requirepass", "")
        await until(lambda: q.link.up)
        assert q.health()["problems"] == ["no worker has sent a heartbeat in the last 8 s"]
    finally:
        await q.stop()
