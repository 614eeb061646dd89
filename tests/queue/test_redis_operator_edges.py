"""What an operator meets around a Redis deployment: Redis refusing writes, a stop with jobs being
painted, a REDIS_URL naming a database Redis lacks or a service that is not Redis, a worker
stopped twice, time settings out of bounds, a bad URL option."""
import asyncio
import json
import logging
import signal
import socket
import subprocess
import sys
import threading

import pytest
import redis

from engine.queue.redis_streams import QueueSetupError, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until, worker_env

pytestmark = pytest.mark.slow


def engine_records(caplog) -> list[str]:
    return [rec.getMessage() + (rec.exc_text or "") for rec in caplog.records if rec.name.startswith("engine.queue")]


async def test_redis_refusing_writes_is_an_outage_of_one_line_each_way_without_the_photo(redis_url, tmp_path, caplog):
    """Out of memory under noeviction: the bot and the worker say so once (no traceback, no
    photo bytes from redis-py's quote of the command), the job waits as for an outage (its user
    reads that the painter is offline), and it is painted once Redis takes writes again."""
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    await q.start()
    admin = redis.Redis.from_url(redis_url)
    try:
        await until(lambda: q.health()["ok"])
        caplog.clear()
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", 1)                   # every write is refused (OOM)
        job = make_job("a", "quick")
        await q.submit(job)
        await asyncio.sleep(5)
        st = q._status_of(job.id)
        assert st.state == "queued" and st.waiting_for == "engine"
        assert any(p.startswith("redis refuses writes (OutOfMemoryError") for p in q.health()["problems"])
        lines = engine_records(caplog)
        assert len(lines) == 1 and "refuses writes" in lines[0], lines
        caplog.set_level(logging.INFO, logger="engine.queue.redis")     # (the end of an outage is INFO)
        admin.config_set("maxmemory", 0)
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert any("takes writes again" in line for line in engine_records(caplog))
        assert not [line for line in engine_records(caplog) if "PNG" in line or "Command #" in line]
    finally:
        admin.config_set("maxmemory", 0)
        await q.stop()
        stop([worker])
    log_text = worker.stderr.read()
    assert worker.returncode == 0 and "Traceback" not in log_text, log_text[-3000:]
    assert log_text.count("refuses writes") == 1 and log_text.count("takes writes again") == 1, log_text[-3000:]


def test_redis_errors_are_told_without_the_command_they_quote():
    from engine.queue.link import reason, refuses_writes

    oom = redis.exceptions.OutOfMemoryError("Command # 1 (SET paintbot:img:1 \x89PNG\x00 EX 60) of pipeline "
                                            "caused error: command not allowed when used memory > 'maxmemory'.")
    assert refuses_writes(oom) and "PNG" not in reason(oom) and "maxmemory" in reason(oom)
    assert refuses_writes(redis.ResponseError("MISCONF Redis is configured to save RDB snapshots, but ..."))
    assert refuses_writes(redis.exceptions.ReadOnlyError("You can't write against a read only replica."))
    assert not refuses_writes(redis.ResponseError("NOGROUP No such key"))


async def test_a_stop_waits_for_the_jobs_being_painted_and_delivers_them(redis_url, tmp_path):
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, drain_timeout=30))
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "sleep:2")
        await q.submit(job)
        result = asyncio.create_task(q.wait(job.id))
        await until(lambda: q._status_of(job.id).progress > 0)
    finally:
        await q.stop()
        stop([worker])
    assert result.done() and not result.cancelled() and result.result().ok


async def test_a_job_still_painting_after_the_drain_tells_its_user_of_the_restart(redis_url, tmp_path):
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, drain_timeout=1))
    await q.start()
    told = []
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "sleep:20")
        await q.submit(job)
        waiting = asyncio.create_task(q.wait(job.id, told.append))
        await until(lambda: q._status_of(job.id).progress > 0)
    finally:
        await q.stop()
        worker.kill()                   # (a stop would wait the 20 s painting out: what the user reads is the bot's)
        worker.wait(10)
    assert waiting.cancelled() or isinstance(waiting.exception(), asyncio.CancelledError)
    assert told[-1].waiting_for == "restart", told[-1]


async def test_a_job_a_live_worker_paints_is_not_handed_out_again_after_redis_lost_its_data(
        redis_url, tmp_path, caplog):
    """Redis restarted empty (FLUSHALL here) while a worker paints a job that sends no progress:
    its beat names the job, so the bot waits for its result instead of handing it out again."""
    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    q.lost_after = 2.0
    await q.start()
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "deaf:7")                     # no progress events while it paints
        await q.submit(job)
        await until(lambda: q.painters.get(job.id) == "w1")
        redis.Redis.from_url(redis_url).flushall()
        assert (await asyncio.wait_for(q.wait(job.id), 30)).ok
        assert "handing it over again" not in caplog.text
    finally:
        await q.stop()
        stop([worker])


@pytest.fixture
def not_redis():
    """A service that answers as a web server does."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()

    def serve():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                conn.recv(1000)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield f"redis://127.0.0.1:{srv.getsockname()[1]}/0"
    srv.close()


async def test_a_database_redis_lacks_or_a_service_not_redis_is_a_setup_error(redis_url, not_redis):
    for url, says in ((redis_url.rsplit("/", 1)[0] + "/99", "has no database 99"),
                      (not_redis, "does not answer as Redis does")):
        worker = start_worker(url, "w")
        assert worker.wait(30) == 2
        err = worker.stderr.read()
        assert says in err and "Traceback" not in err and err.count('"level":"ERROR"') == 1, err
        with pytest.raises(QueueSetupError, match=says):
            await RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url)).start()


async def test_a_second_signal_stops_a_painting_worker_at_once_and_its_job_is_not_a_crash(
        redis_url, tmp_path, caplog):
    """Stopped at once, the worker leaves its job to another one: its start does not count against
    the job (with QUEUE_MAX_ATTEMPTS=1 the next worker dead-lettered it) nor as a crash."""
    stalled = tmp_path / "w1-stalled"
    worker = start_worker(redis_url, "w1", QUEUE_MAX_ATTEMPTS="1", FAKE_ENGINE_STALL_AFTER="0",
                          FAKE_ENGINE_STALL_MARKER=str(stalled))     # hangs in its painting
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, drain_timeout=0))
    await q.start()
    w2 = None
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "quick")
        await q.submit(job)
        result = asyncio.create_task(q.wait(job.id))
        await until(lambda: q.painters.get(job.id) == "w1" and stalled.exists())
        worker.send_signal(signal.SIGINT)
        await asyncio.sleep(1)
        worker.send_signal(signal.SIGINT)
        assert worker.wait(10) == 130
        err = worker.stderr.read()
        assert "again: stopping now" in err and job.id in err, err[-3000:]
        w2 = start_worker(redis_url, "w2", QUEUE_MAX_ATTEMPTS="1", REDIS_BEAT_GRACE="3")   # takes it over in 3 s, not 8
        assert (await asyncio.wait_for(result, 60)).ok
        assert "went silent" not in caplog.text
    finally:
        await q.stop()
        stop([worker] + ([w2] if w2 else []))
    err2 = w2.stderr.read()
    assert "dead-letter" not in err2 and "after a stopped worker" in err2, err2[-3000:]


async def test_results_in_redis_go_out_while_it_refuses_writes(redis_url, tmp_path, caplog):
    """Out of memory under noeviction, Redis still answers reads: a result a worker wrote (here
    moved in by RENAME, which Redis allows then) is delivered; the outage is said once."""
    from engine.jobs import JobResult
    from engine.queue.redis_streams import Keys
    from engine.queue.wire import dumps, result_to_dict
    from tests.queue.fakes import tiny_png

    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, drain_timeout=0))
    await q.start()
    admin = redis.Redis.from_url(redis_url)
    keys = Keys(q.settings.redis_prefix)
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "deaf:60")                    # sends no event while it paints
        await q.submit(job)
        result = asyncio.create_task(q.wait(job.id))
        await until(lambda: q.painters.get(job.id) == "w1")
        # a result and its done event, ready under other names while writes are taken
        admin.set("ready:result", dumps(result_to_dict(JobResult(job.id, True, image=tiny_png()))))
        admin.xadd("ready:events", {"type": "done", "id": job.id})
        caplog.clear()
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", 1)
        await until(lambda: q.link.writes_refused)
        await asyncio.sleep(2)                            # past a read of events begun before
        admin.rename("ready:result", keys.result(job.id))
        admin.rename("ready:events", keys.events)
        assert (await asyncio.wait_for(result, 15)).ok
        assert q.link.writes_refused and not q._free_slots("fast")   # dispatching still waits
        lines = engine_records(caplog)
        assert len([line for line in lines if "refuses writes" in line]) == 1, lines
        assert not [line for line in lines if "takes writes again" in line], lines
    finally:
        admin.config_set("maxmemory", 0)
        await q.stop()
        worker.kill()
        worker.wait(10)


async def test_a_bad_result_does_not_stop_the_bot_from_stopping(redis_url, tmp_path):
    """A result the bot cannot read (a version-skewed worker's) neither ends the drain nor the
    stop: that job fails (reading it again after a restart would not go better) and its user is
    told so."""
    from engine.queue.redis_streams import Keys

    worker = start_worker(redis_url, "w1")
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, drain_timeout=5))
    await q.start()
    told = []
    try:
        await until(lambda: q.health()["ok"])
        job = make_job("a", "deaf:60")
        await q.submit(job)
        waiting = asyncio.create_task(q.wait(job.id, told.append))
        await until(lambda: q.painters.get(job.id) == "w1")
        redis.Redis.from_url(redis_url).set(Keys(q.settings.redis_prefix).result(job.id),
                                            '{"job_id": "%s", "painter": "v9"}' % job.id)
    finally:
        await q.stop()
        worker.kill()
        worker.wait(10)
    result = waiting.result()
    assert not result.ok and result.error_key == "engine_error", result
    assert all(status.waiting_for != "restart" for status in told), told


def test_redis_refusing_writes_then_silent_is_said_to_be_unreachable(caplog):
    from engine.queue.link import Link

    link = Link("redis://127.0.0.1:6379/0", logging.getLogger("engine.queue.redis"))
    with caplog.at_level(logging.INFO, "engine.queue.redis"):       # (the end of an outage is INFO)
        link.failed(redis.exceptions.OutOfMemoryError("command not allowed when used memory > 'maxmemory'."))
        link.failed(redis.ConnectionError("Connection refused"))
        assert link.writes_refused is None and "is unreachable" in caplog.text
        link.ok(writes=False)
    assert "is reachable again" in caplog.text and "takes writes again" not in caplog.text


@pytest.mark.parametrize("setting", ["JOB_TIMEOUT_HQ=inf", "JOB_TIMEOUT_FAST=1e400", "REDIS_CLAIM_IDLE=inf",
                                     "REDIS_TTL=99999999999999999999"])
# (an empty REDIS_PREFIX= is its default, as every empty setting is: tests/bot/test_main.py)
def test_settings_out_of_bounds_stop_the_worker_in_one_line(setting, monkeypatch):
    name, _, value = setting.partition("=")
    env = worker_env(**{name: value})
    run = subprocess.run([sys.executable, "-m", "engine", "worker", "--redis", "redis://127.0.0.1:1/0"],
                         env=env, capture_output=True, text=True, timeout=60)
    # worker_env sets LOG_FORMAT=json: the exit line is one JSON object too (df438b1)
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1, run.stderr
    line = json.loads(lines[0])
    assert line["level"] == "ERROR" and line["msg"].startswith(f"error: {name}="), run.stderr


def test_a_bad_url_option_is_named():
    import argparse

    from engine.worker_cli import redis_url

    with pytest.raises(argparse.ArgumentTypeError, match=r"\?socket_timeout="):
        redis_url("redis://:pa/ss@127.0.0.1:6379/0?socket_timeout=abc")


def test_a_tls_url_that_times_out_hints_at_tls(caplog):
    from engine.queue.link import Link

    with caplog.at_level(logging.WARNING, "engine.queue.redis"):
        Link("rediss://127.0.0.1:6379/0", logging.getLogger("engine.queue.redis")).failed(
            redis.TimeoutError("Timeout connecting to server"))
    assert "does this Redis serve TLS?" in caplog.text


def test_worker_help_names_its_settings_and_exit_statuses():
    out = subprocess.run([sys.executable, "-m", "engine", "worker", "--help"], capture_output=True, text=True,
                         timeout=60).stdout
    out = " ".join(out.split())                   # as argparse wraps it
    assert all(word in out for word in ("REDIS_URL", "REDIS_PREFIX", "WORKER_BATCH", "METRICS_PORT",
                                        "LOG_LEVEL", "Exit status"))
