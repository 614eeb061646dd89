"""`python -m engine worker` (Redis mode) whose painting process the kernel's out-of-memory killer
ends (SIGKILL, no Python error): its job was taken over at the same size, killed again, and
dead-lettered. Now the worker runs under a parent that restarts it and marks its jobs; the job is
painted smaller, and answered out_of_memory when its attempts are spent, as on one host
(test_oom_killed_retry.py). The parent's own stop marks nothing; a parent killed with -9 takes its
child with it. Real redis-server; memory_hungry_engine.py kills its own process with SIGKILL."""
import asyncio
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from PIL import Image

from engine.jobs import Job, StyleRef
from engine.queue.redis_streams import Keys, RedisQueue, mark_killed_for_memory
from engine.queue.settings import QueueSettings
from tests.queue.conftest import FAKE, make_job
from tests.queue.fakes import tiny_png
from tests.queue.test_redis import start_worker, stop, until, worker_env

pytestmark = pytest.mark.slow
HUNGRY = "tests.queue.memory_hungry_engine:make_engine"
GRACE = "1"              # REDIS_BEAT_GRACE: the killed worker's successor takes its job over after 1 s
KEYS = Keys("paintbot")


def photo_job(side: int, max_side: int) -> Job:
    return Job(user_id="u", chat_id="c-u", image=tiny_png(side=side), styles=[StyleRef("artist", "quick")],
               max_side=max_side)


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid) and not fields.get("State", "").strip().startswith("Z"):
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def drain_reached(url: str, job_id: str) -> bool:
    """Whether the worker painting ``job_id`` began to drain: a stop excuses the start of the job
    under way (its stop_excused key), so a kill after it is the stop's."""
    return bool(redis.Redis.from_url(url).exists(KEYS.stop_excused(job_id)))


async def bot(url: str) -> RedisQueue:
    # drain_timeout: a stop of the bot does not wait for a job no worker paints any more
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url, drain_timeout=2))
    await q.start()
    await until(lambda: q.health()["ok"])
    return q


def hungry_worker(url: str, fits: int, **extra):
    return start_worker(url, "w1", HUNGRY, supervise=True, HUNGRY_ENGINE_FITS=str(fits), REDIS_BEAT_GRACE=GRACE,
                        REDIS_CLAIM_IDLE="60", **extra)


async def test_a_worker_killed_for_memory_is_restarted_and_paints_the_job_smaller(redis_url):
    worker = hungry_worker(redis_url, 200)                # 256 px is killed; 181 px (half the pixels) fits
    q = await bot(redis_url)
    try:
        parent_children = children(worker.pid)
        job = photo_job(256, 256)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.ok, result
        assert Image.open(io.BytesIO(result.image)).size == (181, 181)
        assert worker.poll() is None                      # the parent lives on, with a new child
        assert children(worker.pid) and children(worker.pid) != parent_children
    finally:
        await q.stop()
        stop([worker])
    said = worker.stderr.read()
    assert "ran out of memory at max_side 256: painting it again at half the pixels, max_side 181" in said, \
        said[-3000:]
    assert said.count("redis runs without AOF") == 1, said[-3000:]   # once per engine worker, not per child
    assert worker.returncode == 0, said[-3000:]


async def test_a_job_killed_at_every_attempt_is_answered_out_of_memory_not_dead_letter(redis_url):
    worker = hungry_worker(redis_url, 100, QUEUE_MAX_ATTEMPTS="2")     # 512 and 362 px are both killed
    q = await bot(redis_url)
    try:
        job = photo_job(512, 512)
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert not result.ok
        assert result.error_key == "out_of_memory", result
        assert result.error_params["side"] == 362         # the size it was last tried at
    finally:
        await q.stop()
        stop([worker])


async def test_the_parents_stop_drains_its_child_and_marks_nothing(redis_url):
    worker = start_worker(redis_url, "w1", supervise=True)
    q = await bot(redis_url)
    try:
        job = make_job("a", "sleep:2")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        child, = children(worker.pid)
        worker.send_signal(signal.SIGTERM)                 # the drain: the painting finishes
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.ok, result
        assert worker.wait(15) == 0
        assert not alive(child)
        assert not redis.Redis.from_url(redis_url).exists(KEYS.oom_killed(job.id))
    finally:
        await q.stop()
        stop([worker])


async def test_a_child_killed_during_the_parents_stop_is_no_memory_kill(redis_url):
    worker = start_worker(redis_url, "w1", supervise=True)
    q = await bot(redis_url)
    try:
        job = make_job("a", "sleep:30")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        child, = children(worker.pid)
        worker.send_signal(signal.SIGTERM)
        await until(lambda: drain_reached(redis_url, job.id))  # the parent's stop, passed on
        os.kill(child, signal.SIGKILL)                     # as a stop's last resort kills (docker stop)
        assert worker.wait(15) == 128 + signal.SIGKILL     # not restarted
        assert not redis.Redis.from_url(redis_url).exists(KEYS.oom_killed(job.id))
    finally:
        await q.stop()
        stop([worker])


async def test_a_parent_killed_with_9_takes_its_child_with_it(redis_url):
    worker = start_worker(redis_url, "w1", supervise=True)
    q = await bot(redis_url)
    try:
        child, = children(worker.pid)
        worker.send_signal(signal.SIGKILL)
        worker.wait(5)
        await until(lambda: not alive(child), 5)
    finally:
        await q.stop()
        stop([worker])


def group_worker(redis_url: str) -> subprocess.Popen:
    """`engine worker` (parent and child) in a process group of its own, as a service or a terminal runs it."""
    return subprocess.Popen([sys.executable, "-m", "engine", "worker", "--name", "w1", "--engine-factory",
                             FAKE], env=worker_env(REDIS_URL=redis_url), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def test_one_sigterm_to_the_whole_group_drains_the_painting_worker(redis_url):
    """systemctl stop (KillMode=control-group), `timeout`, kill -TERM -PGID: the child gets its own
    SIGTERM and the parent's SIGUSR1, in either order; neither is a second stop. First in the order
    that stopped it at once (the parent's SIGUSR1 handled before the child's own SIGTERM), then as
    the kernel delivers a group signal."""
    worker = group_worker(redis_url)
    q = await bot(redis_url)
    try:
        job = make_job("a", "sleep:2")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        child, = children(worker.pid)
        os.kill(child, signal.SIGUSR1)                    # the parent's pass-on, come first
        await until(lambda: drain_reached(redis_url, job.id))
        os.kill(child, signal.SIGTERM)                    # the child's own share of the group's SIGTERM
        worker.send_signal(signal.SIGTERM)                # the parent's share: one stop, counted once
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        said = worker.stderr.read()
        assert worker.wait(15) == 0, said[-3000:]
        assert "stopping now" not in said, said[-3000:]
        for _ in range(2):                                # the race as it comes
            worker = group_worker(redis_url)
            job = make_job("a", "sleep:2")
            await q.submit(job)
            await until(lambda: job.id in q.started)
            os.killpg(worker.pid, signal.SIGTERM)
            assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
            said = worker.stderr.read()
            assert worker.wait(15) == 0, said[-3000:]
            assert "stopping now" not in said, said[-3000:]
    finally:
        await q.stop()
        stop([worker])


async def test_a_ctrl_c_to_the_whole_group_drains_once_and_a_second_stops_at_once(redis_url):
    """A terminal's Ctrl-C signals parent and child alike: the parent's SIGUSR1 after the child's own
    SIGINT is no second signal (the painting is delivered); a second Ctrl-C stops at once (130)."""
    worker = group_worker(redis_url)
    q = await bot(redis_url)
    try:
        job = make_job("a", "sleep:2")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        os.killpg(worker.pid, signal.SIGINT)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert worker.wait(15) == 0, worker.stderr.read()[-3000:]
        worker = group_worker(redis_url)
        job = make_job("a", "sleep:30")
        await q.submit(job)
        await until(lambda: job.id in q.started)
        os.killpg(worker.pid, signal.SIGINT)
        await until(lambda: drain_reached(redis_url, job.id))  # the first Ctrl-C taken
        os.killpg(worker.pid, signal.SIGINT)
        assert worker.wait(15) == 130
    finally:
        await q.stop()
        stop([worker])


async def test_a_kill_in_a_batch_shrinks_the_job_at_work_not_its_waiting_batch_mates(redis_url):
    """Of a batch painted one by one (the engine has no stylize_batch), only the job at work when
    its worker was killed is painted smaller: its batch-mate waiting its turn (its start excused,
    as run_jobs' begin/end tell) is painted at its own size, not at half its pixels for nothing."""
    worker = hungry_worker(redis_url, 200, WORKER_BATCH="2", HUNGRY_ENGINE_SECONDS="1")
    q = await bot(redis_url)
    try:
        first = photo_job(64, 64)                         # painted alone while the two are handed over
        await q.submit(first)
        await until(lambda: first.id in q.started)
        killer, mate = photo_job(256, 256), photo_job(160, 160)     # 256 px is killed; 160 fits
        await q.submit(killer)
        await q.submit(mate)
        assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
        results = await asyncio.wait_for(asyncio.gather(q.wait(killer.id), q.wait(mate.id)), 60)
        assert all(r.ok for r in results), results
        sizes = [Image.open(io.BytesIO(r.image)).size for r in results]
        assert sizes == [(181, 181), (160, 160)], sizes
    finally:
        await q.stop()
        stop([worker])
    said = worker.stderr.read()
    assert "batch of 2 fast jobs" in said, said[-3000:]


async def test_another_workers_take_over_reads_the_mark_too(redis_url):
    """The mark is Redis's, not the restarted child's: a worker of another host that takes the job
    over (its painter silent REDIS_BEAT_GRACE) paints it smaller too. The test plays the parent of
    w1 (one process, killed for memory at 256 px): it marks the job as the parent would."""
    w1 = start_worker(redis_url, "w1", HUNGRY, HUNGRY_ENGINE_FITS="200", REDIS_BEAT_GRACE=GRACE, REDIS_CLAIM_IDLE="60")
    q = await bot(redis_url)
    w2 = None
    try:
        job = photo_job(256, 256)
        await q.submit(job)
        assert await asyncio.to_thread(w1.wait, 30) == -signal.SIGKILL
        mark_killed_for_memory(redis_url, QueueSettings(queue_db=":memory:", redis_url=redis_url), [job.id])
        w2 = start_worker(redis_url, "w2", HUNGRY, HUNGRY_ENGINE_FITS="200", REDIS_BEAT_GRACE=GRACE,
                          REDIS_CLAIM_IDLE="60")
        result = await asyncio.wait_for(q.wait(job.id), 60)
        assert result.ok, result
        assert Image.open(io.BytesIO(result.image)).size == (181, 181)
    finally:
        await q.stop()
        stop([w for w in (w1, w2) if w is not None])
    said = w2.stderr.read()
    assert "worker w1 stopped beating" in said, said[-3000:]
