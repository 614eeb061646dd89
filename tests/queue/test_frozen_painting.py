"""A Redis worker whose painting thread froze (a stuck driver or decoder that lets go of the GIL)
while its heartbeat thread beat on kept its job, refreshed every 2 s, until the job's timeout and
a minute more (JOB_TIMEOUT_HQ: half an hour): its user waited for nothing, and no other worker
could take it. The painting thread now stamps each step (a progress, a cancel check, the start and
end of each stretch of a job's own work); a worker whose painting has not moved for FROZEN_S stops
beating and exits (status 4), and another worker takes the job over. A worker paused whole
(SIGSTOP: all its threads) is not taken for frozen when it comes back. Real redis-server."""
import asyncio
import os
import signal

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.fakes import make_warm_engine
from tests.queue.test_redis import GRACE, start_worker, stop, until

pytestmark = pytest.mark.slow
FACTORY = "tests.queue.test_frozen_painting:make_engine"


def make_engine(device=None):
    """The fake engine, in a worker whose frozen bound is TEST_FROZEN_S (the shipped one is minutes)."""
    import engine.worker

    # the one bound of both kinds of worker (the one-host one: test_frozen_pipe)
    engine.worker.FROZEN_S = float(os.environ.get("TEST_FROZEN_S", engine.worker.FROZEN_S))
    # torch imported before "ready": a job's first style lookup importing it outlasted TEST_FROZEN_S on a
    # loaded machine and had a worker taken for frozen before it painted
    return make_warm_engine()


async def test_a_worker_frozen_mid_painting_exits_and_its_job_is_painted_by_another(redis_url, tmp_path):
    stalled = tmp_path / "w1-stalled"
    # w1 hangs in its first painting without a cancel check or a progress (FAKE_ENGINE_STALL_AFTER=0)
    # REDIS_BEAT_GRACE: w2 takes the job over 3 s after w1's last beat, not 8
    w1 = start_worker(redis_url, "w1", FACTORY, TEST_FROZEN_S="3", JOB_TIMEOUT_HQ="300", REDIS_BEAT_GRACE=GRACE,
                      FAKE_ENGINE_STALL_AFTER="0", FAKE_ENGINE_STALL_MARKER=str(stalled))
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, job_timeout_hq=300))
    await q.start()
    workers = [w1]
    try:
        await until(lambda: q.health()["ok"], 60)
        job = make_job("a", "quick", method="gatys")      # an /hq painting: its steps stamp
        await q.submit(job)
        await until(lambda: stalled.exists() or w1.poll() is not None)
        assert w1.poll() is None, w1.stderr.read()[-3000:]
        workers.append(start_worker(redis_url, "w2", FACTORY, TEST_FROZEN_S="3", REDIS_BEAT_GRACE=GRACE))
        result = await asyncio.wait_for(q.wait(job.id), 90)      # not JOB_TIMEOUT_HQ + 60 s
        assert result.ok, result
        await until(lambda: w1.poll() is not None, 10)
        assert w1.returncode == 4
    finally:
        await q.stop()
        stop(workers)
    said = w1.stderr.read()
    assert "has not moved for" in said and job.id in said, said[-3000:]


def where_things_stand(q, job, worker) -> str:
    """The job's and the queue's state, and the end of the worker's log (the worker stopped first:
    its stderr is read to its end)."""
    stop([worker])
    job_state = q._status_of(job.id) if job is not None else "none submitted"
    return (f"job: {job_state}; queue: {q.status()}; the worker's exit status {worker.returncode}, "
            f"its log's end:\n{worker.stderr.read()[-4000:]}")


async def became(check) -> None:
    while not check():
        await asyncio.sleep(0.1)


async def awaited(what: str, step, seconds: float, q, job, worker):
    """``step`` awaited up to ``seconds``; its failure to finish in time, or a cancelled wait (a
    bare TimeoutError/CancelledError said nothing), fails saying what was awaited and where things stood."""
    try:
        return await asyncio.wait_for(step, seconds)
    except asyncio.TimeoutError:
        why = f"not done in {seconds:.0f} s"
    except asyncio.CancelledError:
        if asyncio.current_task().cancelling():    # this test itself cancelled: not the wait's failure
            raise
        why = "its wait was cancelled (the job's result will never come)"
    raise AssertionError(f"awaited {what}: {why}; {where_things_stand(q, job, worker)}")


async def test_a_worker_paused_whole_is_not_taken_for_frozen_when_it_comes_back(redis_url):
    w1 = start_worker(redis_url, "w1", FACTORY, TEST_FROZEN_S="3")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    try:
        await awaited("the queue's health (w1 beating)", became(lambda: q.health()["ok"]), 60, q, None, w1)
        # an /hq painting (only their stillness is watched: a fast one would pass whatever the pause
        # counted); it checks cancel and says progress, and paints on after the pause
        job = make_job("a", "sleep:4", method="gatys")
        await q.submit(job)
        await awaited("w1's first progress of the job", became(lambda: q._status_of(job.id).progress > 0),
                      60, q, job, w1)
        w1.send_signal(signal.SIGSTOP)                         # all its threads: a frozen VM, a long GC
        await asyncio.sleep(5)                                 # past TEST_FROZEN_S, under BEAT_GRACE
        w1.send_signal(signal.SIGCONT)
        result = await awaited("the job's result after w1 was paused 5 s and went on (SIGCONT)",
                               q.wait(job.id), 60, q, job, w1)
        assert result.ok and w1.poll() is None, f"result: {result}; {where_things_stand(q, job, w1)}"
    finally:
        w1.send_signal(signal.SIGCONT)
        await q.stop()
        stop([w1])
    said = w1.stderr.read()
    assert "has not moved for" not in said, said[-4000:]
