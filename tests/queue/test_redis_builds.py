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
        other = builds.models_fingerprint()
        assert other != mine["models"]
        # a file that cannot be read (here a folder in its place) is a fingerprint, not an error
        monkeypatch.setattr(builds, "model_files", lambda: [tmp_path / "decoder.safetensors", tmp_path])
        builds.models_fingerprint.cache_clear()
        assert builds.models_fingerprint() not in (other, mine["models"])
    finally:
        builds.models_fingerprint.cache_clear()


def test_the_catalog_counts_by_what_it_says_not_how_it_is_written(tmp_path, monkeypatch):
    shipped = builds.STYLES_DIR / "catalog.toml"
    catalog = tmp_path / "catalog.toml"
    monkeypatch.setattr(builds, "model_files", lambda: [catalog])

    def fingerprint(text: bytes) -> str:
        catalog.write_bytes(text)
        builds.models_fingerprint.cache_clear()
        return builds.models_fingerprint()

    try:
        original = fingerprint(shipped.read_bytes())
        assert fingerprint(shipped.read_bytes().replace(b"\n", b"\r\n")) == original
        assert fingerprint(b"# a comment an operator added\n" + shipped.read_bytes()) == original
        assert fingerprint(shipped.read_bytes().replace(b" = ", b"=")) == original
        assert fingerprint(shipped.read_bytes() + b"\n[added]\nname = 'x'\n") != original
        assert fingerprint(b"[not toml") not in (original, fingerprint(b"[not toml either"))
    finally:
        builds.models_fingerprint.cache_clear()


async def test_a_worker_of_another_build_is_said_once_and_listed_without_failing_health(redis_url, tmp_path, caplog):
    admin = redis.Redis.from_url(redis_url)
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    q.watch_every, q.beat_grace = 0.2, 1.0
    await q.start()
    workers: dict[str, dict] = {}                # the fake workers beating now, and their builds

    async def beating():
        while True:
            for name, fields in list(workers.items()):
                beat(admin, name, **fields)
            await asyncio.sleep(0.2)

    beats = asyncio.create_task(beating())
    try:
        mine = q.build
        old = {"build": {"version": "0.0.9", "models": mine["models"]}}
        workers.update({"old-host": old, "same-host": {"build": dict(mine)},
                        "older-host": {}})                          # a release before builds were sent
        await until(lambda: q.live.get("fast") == 3)
        await asyncio.sleep(1.0)                                     # several rounds of watching
        assert len(warnings_about(caplog, "old-host")) == 1
        assert "paintbot 0.0.9" in warnings_about(caplog, "old-host")[0]
        assert not warnings_about(caplog, "same-host") and not warnings_about(caplog, "older-host")
        health = q.health()
        assert health["ok"], health["problems"]
        assert health["workers_of_another_build"] == {"old-host": f"paintbot 0.0.9 (this bot: {mine['version']})"}
        del workers["old-host"]                                      # it went away a while ...
        admin.delete(KEYS.worker("old-host"))
        await until(lambda: "workers_of_another_build" not in q.health())
        workers["old-host"] = old                                    # ... and came back
        await until(lambda: "workers_of_another_build" in q.health())
        assert len(warnings_about(caplog, "old-host")) == 1          # said once all the same
        workers["old-host"] = {"build": dict(mine)}                  # upgraded
        await until(lambda: "workers_of_another_build" not in q.health())
    finally:
        beats.cancel()
        await asyncio.gather(beats, return_exceptions=True)
        await q.stop()


async def test_results_of_a_newer_worker_are_read_and_one_the_bot_cannot_read_fails_alone(redis_url, tmp_path, caplog):
    """A result with a field this bot does not know (a newer worker's timing) is delivered, the
    field ignored and said once: it failed the job, losing its painting. One that cannot be read
    at all (no "ok") fails its job alone, with a line; it stopped the collection of every result
    after it, for ever."""
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
        newer, unreadable, fine = jobs
        admin.set(KEYS.result(newer.id), json.dumps({"job_id": newer.id, "ok": False, "image": None,
                                                     "error_key": "not_an_image", "error_params": {},
                                                     "seconds": 1.0, "gpu_seconds": 0.5}))
        admin.set(KEYS.result(unreadable.id), json.dumps({"job_id": unreadable.id, "painter": "v9"}))
        admin.set(KEYS.result(fine.id), json.dumps({"job_id": fine.id, "ok": False, "image": None,
                                                   "error_key": "not_an_image", "error_params": {},
                                                   "seconds": 0.1}))
        # no "done" event: the bot's regular look at the jobs it handed over finds them
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in jobs)), 30)
        assert [r.error_key for r in results] == ["not_an_image", "engine_error", "not_an_image"]
        assert results[0].seconds == 1.0
        said = [r.getMessage() for r in caplog.records]
        assert [m for m in said if f"the result of job {unreadable.id} cannot be read" in m]
        assert [m for m in said if "a result carries field(s) this release does not know (gpu_seconds)" in m]
    finally:
        await q.stop()
        admin.delete(KEYS.worker("new-host"))


async def test_a_newer_bots_job_is_painted_and_one_the_worker_cannot_read_fails_alone(redis_url, tmp_path,
                                                                                       monkeypatch):
    """A job with a field this worker does not know (a newer bot's option) is painted, the field
    ignored and said; one it cannot read at all fails alone and the worker paints on (it crashed,
    and every worker that took the job over after it crashed too)."""
    import engine.queue.redis_streams as rs

    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        plain = rs.job_to_dict
        monkeypatch.setattr(rs, "job_to_dict", lambda job, **kw: {**plain(job, **kw), "seed": 7})
        newer = make_job("a", "quick")
        await q.submit(newer)
        assert (await asyncio.wait_for(q.wait(newer.id), 30)).ok
        monkeypatch.setattr(rs, "job_to_dict", lambda job, **kw: {**plain(job, **kw), "styles": "garbled"})
        garbled = make_job("b", "quick")
        await q.submit(garbled)
        result = await asyncio.wait_for(q.wait(garbled.id), 30)
        assert not result.ok and result.error_key == "engine_error"
        monkeypatch.setattr(rs, "job_to_dict", plain)
        after = make_job("c", "quick")
        await q.submit(after)
        assert (await asyncio.wait_for(q.wait(after.id), 30)).ok
        assert worker.poll() is None
    finally:
        await q.stop()
        stop([worker])
    log_text = worker.stderr.read()
    assert "a job carries field(s) this release does not know (seed)" in log_text, log_text[-3000:]
    assert f"job {garbled.id} cannot be read by this worker" in log_text, log_text[-3000:]
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
