"""Bot and workers of different releases over one Redis (an upgrade under way, a host left behind):
each worker says which build it runs and the bot says a difference once; a job or a result that
the other side cannot read fails alone, instead of crashing the worker or stopping the bot from
collecting every result after it."""
import asyncio
import json
import logging
import subprocess
import sys
import time

import pytest
import redis

from engine import build as builds
from engine.queue.redis_streams import Keys, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
KEYS = Keys("paintbot")


def beat(admin, name: str, **fields) -> None:
    """A heartbeat as a worker writes it (lanes, batch, and what it paints)."""
    admin.set(KEYS.worker(name), json.dumps({"job": None, "jobs": 0, "lanes": ["fast", "hq"], "batch": 1,
                                            "token": name, **fields}), ex=30)


def warnings_about(caplog, worker: str) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno == logging.WARNING and f"worker {worker} runs another build" in r.getMessage()]


def test_a_build_is_the_release_and_a_fingerprint_of_the_models(tmp_path, monkeypatch):
    mine = builds.current_build()
    assert mine["version"] not in ("", "?") and len(mine["models"]) == 12
    assert builds.current_build("tests.queue.fakes:make_engine")["models"] == "custom"
    assert builds.differences(mine, dict(mine)) == []
    assert builds.differences(mine, {}) == []                        # a worker from before builds were sent
    assert builds.differences(mine, {"version": mine["version"], "models": "custom"}) == []
    found = builds.differences(mine, {"version": "0.0.1", "models": "0123456789ab"})
    assert found == [f"paintbot 0.0.1 (this bot: {mine['version']})", f"models 0123456789ab (this bot: {mine['models']})"]
    # another decoder (or catalog) is another fingerprint
    monkeypatch.setattr(builds, "model_files", lambda: [tmp_path / "decoder.safetensors"])
    (tmp_path / "decoder.safetensors").write_bytes(b"other weights")
    builds.models_fingerprint.cache_clear()
    try:
        assert builds.models_fingerprint() != mine["models"]
    finally:
        builds.models_fingerprint.cache_clear()


async def test_a_worker_of_another_build_is_said_once_and_listed_without_failing_health(redis_url, tmp_path, caplog):
    admin = redis.Redis.from_url(redis_url)
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    q.watch_every = 0.2
    await q.start()
    try:
        mine = q.build
        beat(admin, "old-host", build={"version": "0.0.9", "models": mine["models"]})
        beat(admin, "same-host", build=dict(mine))
        beat(admin, "older-host")                                    # a release before builds were sent
        await until(lambda: q.live.get("fast") == 3)
        await asyncio.sleep(1.0)                                     # several rounds of watching
        assert len(warnings_about(caplog, "old-host")) == 1
        assert "paintbot 0.0.9" in warnings_about(caplog, "old-host")[0]
        assert not warnings_about(caplog, "same-host") and not warnings_about(caplog, "older-host")
        health = q.health()
        assert health["ok"], health["problems"]
        assert health["workers_of_another_build"] == {"old-host": f"paintbot 0.0.9 (this bot: {mine['version']})"}
        admin.delete(KEYS.worker("old-host"))                        # it left (or was upgraded)
        beat(admin, "old-host", build=dict(mine))
        await until(lambda: "workers_of_another_build" not in q.health())
    finally:
        await q.stop()


async def test_a_result_the_bot_cannot_read_fails_its_job_alone(redis_url, tmp_path, caplog):
    """Results written by a worker of a newer release (a field this bot does not know): that job
    fails with a line in the log; the others of the same round are delivered."""
    admin = redis.Redis.from_url(redis_url)
    beat(admin, "new-host", batch=3)             # a live worker: the bot hands the three jobs over
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    q.watch_every = 0.2
    await q.start()
    try:
        jobs = [make_job(f"u{i}", "quick") for i in range(3)]
        for job in jobs:
            await q.submit(job)
        await until(lambda: all(j.id in q.handed for j in jobs))
        unreadable, *fine = jobs
        admin.set(KEYS.result(unreadable.id), json.dumps({"job_id": unreadable.id, "ok": True, "image": None,
                                                         "error_key": None, "error_params": {}, "seconds": 1.0,
                                                         "gpu_seconds": 0.5}))
        for job in fine:
            admin.set(KEYS.result(job.id), json.dumps({"job_id": job.id, "ok": False, "image": None,
                                                      "error_key": "not_an_image", "error_params": {},
                                                      "seconds": 0.1}))
        # no "done" event: the bot's regular look at the jobs it handed over finds them
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in jobs)), 30)
        assert [r.error_key for r in results] == ["engine_error", "not_an_image", "not_an_image"]
        assert [r.getMessage() for r in caplog.records
                if f"the result of job {unreadable.id} cannot be read" in r.getMessage()]
    finally:
        await q.stop()
        admin.delete(KEYS.worker("new-host"))


async def test_a_job_the_worker_cannot_read_fails_alone_and_the_worker_paints_on(redis_url, tmp_path, monkeypatch):
    """A job written by a bot of a newer release (a field this worker does not know): the worker
    fails it, saying why, and stays up for the next one (it crashed, and every worker that took
    the job over after it crashed too)."""
    import engine.queue.redis_streams as rs

    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        newer = rs.job_to_dict
        monkeypatch.setattr(rs, "job_to_dict", lambda job, **kw: {**newer(job, **kw), "seed": 7})
        first = make_job("a", "quick")
        await q.submit(first)
        result = await asyncio.wait_for(q.wait(first.id), 30)
        assert not result.ok and result.error_key == "engine_error"
        monkeypatch.setattr(rs, "job_to_dict", newer)
        second = make_job("b", "quick")
        await q.submit(second)
        assert (await asyncio.wait_for(q.wait(second.id), 30)).ok
        assert worker.poll() is None
    finally:
        await q.stop()
        stop([worker])
    log_text = worker.stderr.read()
    assert f"job {first.id} cannot be read by this worker (TypeError" in log_text, log_text[-3000:]
    assert "Traceback" not in log_text, log_text[-3000:]


def test_a_worker_says_its_build_when_it_starts(redis_url):
    """The shipped engine's worker names its release and models in its beat (what the bot compares)
    and its first line."""
    worker = subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", redis_url, "--name", "w-build"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        admin = redis.Redis.from_url(redis_url)
        for _ in range(600):
            raw = admin.get(KEYS.worker("w-build"))
            if raw or worker.poll() is not None:
                break
            time.sleep(0.1)
        assert raw, "the worker did not beat"
        assert json.loads(raw)["build"] == builds.current_build()
    finally:
        stop([worker])
    log_text = worker.stderr.read()
    assert builds.describe(builds.current_build()) in log_text, log_text[-3000:]
