"""The one-host queue: supervised worker processes, SQLite journal, crash recovery, scheduling."""
import asyncio
import os
import signal
import time
import uuid


from engine.queue.journal import Journal
from engine.queue.process import ProcessQueue
from engine.queue.settings import QueueSettings
from engine.queue.scheduler import TOLD_PER_USER
from tests.queue.conftest import FAKE, make_job
from tests.queue.fakes import crash_once_marker


def settings(tmp_path, **kw) -> QueueSettings:
    base = dict(queue_db=str(tmp_path / "queue.sqlite3"), engine_factory=FAKE, workers_fast=1,
                workers_hq=1, queue_max_per_user=50, drain_timeout=10)
    base.update(kw)
    return QueueSettings(**base)


# the wait before a crashed worker's restart (0.5 s, doubling): the tests' crashes need not wait it out
RESTART_WAIT = 0.05


async def started(s: QueueSettings) -> ProcessQueue:
    q = ProcessQueue(s)
    for w in q.workers:
        w.restart_wait = RESTART_WAIT
    await q.start()
    for _ in range(200):
        if all(w.ready for w in q.workers):
            return q
        await asyncio.sleep(0.05)
    raise AssertionError("workers did not start")


async def until(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        await asyncio.sleep(0.02)


async def test_jobs_run_and_one_user_does_not_hold_back_another(tmp_path):
    q = await started(settings(tmp_path))
    try:
        heavy = [make_job("heavy", "sleep:0.1") for _ in range(8)]
        for j in heavy:
            await q.submit(j)
        light = make_job("light")
        st = await q.submit(light)
        # behind heavy's first TOLD_PER_USER (each told its place), not all 8
        assert st.state == "queued" and st.position <= TOLD_PER_USER and st.eta_seconds is not None
        seen = []
        done_order = []

        async def follow(job):
            r = await q.wait(job.id, on_status=seen.append)
            done_order.append(job.id)
            return r

        results = await asyncio.gather(*(follow(j) for j in heavy + [light]))
        assert all(r.ok and r.image[:2] == b"\xff\xd8" for r in results)
        assert done_order.index(light.id) <= TOLD_PER_USER + 1
        assert any(s.state == "running" for s in seen)
    finally:
        await q.stop()


async def test_kill_9_worker_job_is_retried(tmp_path):
    q = await started(settings(tmp_path))
    try:
        job = make_job("u", "sleep:1.5")
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id)
        await asyncio.sleep(0.3)
        os.kill(q.workers[0].pid, signal.SIGKILL)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.ok
        assert q.workers[0].restarts == 1
    finally:
        await q.stop()


async def test_job_that_kills_worker_twice_is_dead_lettered(tmp_path):
    q = await started(settings(tmp_path))
    try:
        bad, good = make_job("a", "crash"), make_job("b")
        await q.submit(bad)
        await q.submit(good)
        bad_r, good_r = await asyncio.wait_for(asyncio.gather(q.wait(bad.id), q.wait(good.id)), 30)
        assert bad_r.error_key == "dead_letter" and bad_r.error_params == {"attempts": 2}
        assert good_r.ok
        assert q.journal.state(bad.id) == "dead"
    finally:
        await q.stop()


async def test_a_job_that_crashes_once_succeeds_on_retry(tmp_path):
    q = await started(settings(tmp_path))
    try:
        token = uuid.uuid4().hex
        job = make_job("a", f"crash-once:{token}")
        await q.submit(job)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert os.path.exists(crash_once_marker(token))          # it did crash once
    finally:
        await q.stop()
        if os.path.exists(crash_once_marker(token)):
            os.remove(crash_once_marker(token))


async def test_restart_of_the_bot_resumes_journaled_jobs(tmp_path):
    s = settings(tmp_path, drain_timeout=0.2)
    q = await started(s)
    jobs = [make_job(f"u{i}", "sleep:0.5") for i in range(4)]
    for j in jobs:
        await q.submit(j)
    await until(lambda: q.workers[0].job_id is not None)
    await q.stop()                      # the running job is killed, the rest never started
    assert {Journal(s.queue_db).state(j.id) for j in jobs} <= {"queued", "running", "done"}

    q2 = await started(s)
    try:
        recovered = await q2.recovered()
        assert {j.id for j in recovered} == {j.id for j in jobs}
        assert recovered[0].chat_id.startswith("c-") and recovered[0].image
        results = await asyncio.wait_for(asyncio.gather(*(q2.wait(j.id) for j in recovered)), 30)
        assert all(r.ok for r in results)
    finally:
        await q2.stop()
    q3 = ProcessQueue(s)
    assert q3.journal.undelivered() == []          # delivered once, not again


async def test_sigterm_drains_the_worker_and_the_job_finishes(tmp_path):
    q = await started(settings(tmp_path))
    try:
        job = make_job("u", "sleep:1")
        await q.submit(job)
        await until(lambda: q.workers[0].job_id == job.id)
        os.kill(q.workers[0].pid, signal.SIGTERM)
        result = await asyncio.wait_for(q.wait(job.id), 20)
        assert result.ok
        await until(lambda: q.workers[0].ready)     # restarted for the next job
        assert (await asyncio.wait_for(q.wait((await q.submit(make_job("u"))).job_id), 20)).ok
    finally:
        await q.stop()


async def test_hq_lane_does_not_block_fast_jobs_and_running_hq_can_be_cancelled(tmp_path):
    q = await started(settings(tmp_path))
    try:
        hq = make_job("u", "sleep:20", method="gatys")
        await q.submit(hq)
        await until(lambda: q.workers[1].job_id == hq.id)
        fast = make_job("u")
        await q.submit(fast)
        assert (await asyncio.wait_for(q.wait(fast.id), 10)).ok
        assert await q.cancel(hq.id)
        r = await asyncio.wait_for(q.wait(hq.id), 10)
        assert r.error_key == "cancelled"
    finally:
        await q.stop()


async def test_cancel_waiting_and_cancel_user(tmp_path):
    q = await started(settings(tmp_path))
    try:
        first = make_job("u", "sleep:1")
        rest = [make_job("u", "quick") for _ in range(3)]
        for j in [first] + rest:
            await q.submit(j)
        assert await q.cancel(rest[0].id)
        assert (await q.wait(rest[0].id)).error_key == "cancelled"
        assert await q.cancel_user("u") == 3
        for j in rest[1:] + [first]:
            assert (await q.wait(j.id)).error_key == "cancelled"
        assert not await q.cancel("nope")
    finally:
        await q.stop()


async def test_limits_say_busy_with_minutes(tmp_path):
    q = await started(settings(tmp_path, queue_max_per_user=2, queue_max_waiting=3))
    try:
        for j in [make_job("u", "sleep:0.5"), make_job("u", "sleep:0.5")]:
            await q.submit(j)
        third = make_job("u")
        st = await q.submit(third)
        assert st.state == "failed"
        r = await q.wait(third.id)
        assert r.error_key == "busy" and r.error_params["minutes"] >= 1 and r.error_params["reason"] == "user"
        for i in range(3):
            await q.submit(make_job(f"o{i}", "sleep:0.5"))
        r = await q.wait((await q.submit(make_job("late"))).job_id)
        assert r.error_key == "busy" and r.error_params["reason"] == "global"
    finally:
        await q.stop()


async def test_per_job_timeout(tmp_path):
    q = await started(settings(tmp_path, job_timeout_fast=1.5))
    q.kill_grace = 1.0
    try:
        soft, hard = make_job("a", "sleep:5"), make_job("b", "hang")
        await q.submit(soft)
        await q.submit(hard)
        r1 = await asyncio.wait_for(q.wait(soft.id), 20)
        r2 = await asyncio.wait_for(q.wait(hard.id), 20)
        assert r1.error_key == "timeout" and r2.error_key == "timeout"
        # the point: a worker still paints after one was killed. Its own 1.5 s limit would also
        # count a restarted worker's first job on a loaded machine (it failed so once)
        q.settings.job_timeout_fast = 60.0
        assert (await asyncio.wait_for(q.wait((await q.submit(make_job("c"))).job_id), 20)).ok
    finally:
        await q.stop()


async def test_real_engine_end_to_end(tmp_path):
    """The real engine (engine:load_engine) in a supervised worker paints a tiny photo."""
    s = settings(tmp_path, engine_factory="engine:load_engine", workers_hq=0)
    q = ProcessQueue(s)
    await q.start()
    try:
        await until(lambda: q.workers[0].ready, timeout=120)
        job = make_job("u", "gogh")
        await q.submit(job)
        r = await asyncio.wait_for(q.wait(job.id), 120)
        assert r.ok, r
        from PIL import Image
        import io
        assert Image.open(io.BytesIO(r.image)).size == (64, 64)
    finally:
        await q.stop()


async def test_healthz_and_metrics(tmp_path):
    import aiohttp

    from tests.queue.conftest import free_port

    port = free_port()
    q = await started(settings(tmp_path, metrics_port=port, metrics_host="127.0.0.1"))
    try:
        job = make_job("u")
        await q.submit(job)
        await asyncio.wait_for(q.wait(job.id), 20)
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200
                body = await resp.json()
                assert body["ok"] and body["workers"][0]["ready"]
            async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                text = await resp.text()
        for name in ("paintbot_queue_depth", "paintbot_job_latency_seconds_bucket",
                     "paintbot_jobs_finished_total", "paintbot_worker_restarts_total"):
            assert name in text
    finally:
        await q.stop()


BOT_SIM = """
import asyncio, sys
from engine.queue.process import ProcessQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import FAKE, make_job

async def main():
    q = ProcessQueue(QueueSettings(queue_db=sys.argv[1], engine_factory=FAKE, queue_max_per_user=50))
    await q.start()
    for i in range(6):
        await q.submit(make_job("u%d" % (i % 2), "sleep:0.4"))
    print("submitted", flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


async def test_bot_killed_with_sigkill_mid_queue_loses_nothing(tmp_path):
    import subprocess
    import sys

    db = str(tmp_path / "queue.sqlite3")
    bot = subprocess.Popen([sys.executable, "-c", BOT_SIM, db], stdout=subprocess.PIPE, text=True)
    assert bot.stdout.readline().strip() == "submitted"
    journal = Journal(db)
    await until(lambda: any(st == "done" for _, st, _ in journal.undelivered()), timeout=30)
    bot.kill()
    bot.wait()
    q = await started(settings(tmp_path))
    try:
        jobs = await q.recovered()
        assert len(jobs) == 6
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in jobs)), 60)
        assert all(r.ok for r in results)
    finally:
        await q.stop()


def test_a_cancel_that_overtakes_its_job_in_the_worker_is_kept():
    """The supervisor may send "cancel" right behind "run", before the worker has started the job:
    the worker keeps that cancel for the job instead of dropping it (an /hq would run for minutes)."""
    import json
    import subprocess
    import sys

    from engine.queue.wire import job_to_dict

    worker = subprocess.Popen([sys.executable, "-m", "engine.worker", "--pipe", "--engine-factory", FAKE],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert json.loads(worker.stdout.readline())["op"] == "ready"
        job = make_job("u", "sleep:30", method="gatys")
        # both lines in one write: the reader thread sees the cancel before the main loop takes the job
        worker.stdin.write(json.dumps({"op": "run", "job": job_to_dict(job)}) + "\n"
                           + json.dumps({"op": "cancel", "id": job.id}) + "\n")
        worker.stdin.flush()
        start = time.monotonic()
        while (msg := json.loads(worker.stdout.readline()))["op"] != "result":
            pass
        assert msg["result"]["job_id"] == job.id and msg["result"]["error_key"] == "cancelled"
        assert time.monotonic() - start < 15
        # the same while the worker is told to drain: the cancelled job is answered, not handed back
        job = make_job("u", "sleep:30", method="gatys")
        worker.stdin.write(json.dumps({"op": "run", "job": job_to_dict(job)}) + "\n"
                           + json.dumps({"op": "cancel", "id": job.id}) + "\n" + json.dumps({"op": "drain"}) + "\n")
        worker.stdin.flush()
        while (msg := json.loads(worker.stdout.readline() or '{"op": "eof"}'))["op"] not in ("result", "eof"):
            pass
        assert msg.get("result", {}).get("job_id") == job.id and msg["result"]["error_key"] == "cancelled", msg
        assert worker.wait(15) == 0
    finally:
        worker.kill()
        worker.wait()


def test_a_worker_whose_bot_is_gone_stops_its_job_and_exits():
    """The bot killed (SIGKILL: no drain): the worker, in its own session, sees its stdin close.
    Nobody can take its result and the journal runs the job again at the next start, so it stops
    the job and exits quietly instead of painting on beside the next bot's workers."""
    import json
    import subprocess
    import sys

    from engine.queue.wire import job_to_dict

    worker = subprocess.Popen([sys.executable, "-m", "engine.worker", "--pipe", "--engine-factory", FAKE],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(worker.stdout.readline())["op"] == "ready"
        # ten minutes: an exit within the wait below is the job stopped, not painted to its end
        job = make_job("u", "sleep:600", method="gatys")
        worker.stdin.write(json.dumps({"op": "run", "job": job_to_dict(job)}) + "\n")
        worker.stdin.flush()
        # under way: its first progress. Beats may come first: the beat thread keeps its own
        # 2 s rhythm, and the fake engine's first job imports torch (engine.descriptors) before
        # its first step, seconds on a loaded machine ('beat' == 'progress' failed there)
        said = [json.loads(worker.stdout.readline())["op"]]
        while said[-1] == "beat" and len(said) < 15:
            said.append(json.loads(worker.stdout.readline())["op"])
        assert said[-1] == "progress", said
        worker.stdout.close()                  # the bot's ends of both pipes go with it
        worker.stdin.close()
        # generous: on a loaded machine its exit (torch loaded) took 15 s where it takes 1 s alone
        assert worker.wait(120) == 0
        errors = worker.stderr.read()
        assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
    finally:
        if worker.poll() is None:
            worker.kill()


async def test_forget_user_leaves_nothing_of_theirs_in_the_journal(tmp_path):
    q = await started(settings(tmp_path))
    try:
        done = make_job("gone", "quick")
        await q.submit(done)
        assert (await asyncio.wait_for(q.wait(done.id), 30)).ok
        waiting = make_job("gone", "sleep:30", method="gatys")
        await q.submit(waiting)
        other = make_job("stays", "quick")
        await q.submit(other)
        await asyncio.wait_for(q.wait(other.id), 30)
        assert await q.forget_user("gone") >= 1
        rows = q.journal._x("SELECT user_id FROM jobs").fetchall()
        assert [r[0] for r in rows] == ["stays"]
        assert (await asyncio.wait_for(q.wait(waiting.id), 30)).error_key == "cancelled"
    finally:
        await q.stop()
