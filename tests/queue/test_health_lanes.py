"""What metrics.py shows operators: the one-host queue's /healthz per lane (it answered 200 while
any worker was ready, with the /hq lane's worker unable to start and an /hq job waiting), and
URLs without their secrets (a ?password= query parameter was shown as written)."""
import asyncio

import aiohttp

from engine.queue.metrics import redact
from engine.queue.process import ProcessQueue
from tests.queue.conftest import free_port, make_job
from tests.queue.test_process import settings, started, until

BROKEN = "tests.queue.fakes:no_such_engine"     # a worker that cannot build its engine never gets ready


async def healthz(port: int) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
            return resp.status, await resp.json()


async def test_healthz_answers_503_when_one_lane_has_no_ready_worker(tmp_path):
    port = free_port()
    q = ProcessQueue(settings(tmp_path, metrics_port=port, metrics_host="127.0.0.1"))
    hq = next(w for w in q.workers if w.lane == "hq")
    hq.engine_factory = BROKEN
    await q.start()
    try:
        await until(lambda: hq.setup_failed and all(w.ready for w in q.workers if w is not hq), timeout=30)
        status, body = await healthz(port)
        assert status == 503 and not body["ok"]
        assert body["problems"] == ["lane hq: no worker ready"]       # configured, none ready: no job yet
        await q.submit(make_job("u", method="gatys"))
        status, body = await healthz(port)
        assert status == 503 and body["problems"] == ["lane hq: no worker ready, 1 job waiting"]
        fast = make_job("u")                                           # the fast lane still paints
        await q.submit(fast)
        assert (await asyncio.wait_for(q.wait(fast.id), 20)).ok
        assert q.health()["problems"] == ["lane hq: no worker ready, 1 job waiting"]
    finally:
        await q.stop()


async def test_healthz_answers_200_with_no_problems_when_every_lane_is_served(tmp_path):
    port = free_port()
    q = await started(settings(tmp_path, metrics_port=port, metrics_host="127.0.0.1"))
    try:
        status, body = await healthz(port)
        assert status == 200 and body["ok"] and body["problems"] == []
    finally:
        await q.stop()


async def test_fast_workers_serve_the_hq_lane_when_it_has_none(tmp_path):
    q = await started(settings(tmp_path, workers_hq=0))
    try:
        await q.submit(make_job("u", "sleep:0.5", method="gatys"))
        assert q.health()["ok"] and q.health()["problems"] == []
    finally:
        await q.stop()


async def test_no_workers_at_all_is_a_problem_and_so_is_each_lane_with_jobs(tmp_path):
    q = ProcessQueue(settings(tmp_path, workers_fast=0, workers_hq=0))
    await q.start()
    try:
        assert q.health()["problems"] == ["no engine workers (WORKERS_FAST=0 and WORKERS_HQ=0)"]
        for _ in range(2):
            await q.submit(make_job("u"))
        h = q.health()
        assert not h["ok"] and h["problems"] == ["no engine workers (WORKERS_FAST=0 and WORKERS_HQ=0)",
                                                 "lane fast: no worker ready, 2 jobs waiting"]
    finally:
        await q.stop()


def test_redact_hides_passwords_in_the_user_info_and_in_the_query():
    assert redact("redis://host:6379/0?password=secret") == "redis://host:6379/0?password=***"
    assert redact("redis://:hunter@2secret@bot-host:6379/0") == "redis://***@bot-host:6379/0"
    assert (redact("rediss://default:pw@h:6380/1?ssl_cert_reqs=none&Password=s3cret&db=2")
            == "rediss://***@h:6380/1?ssl_cert_reqs=none&Password=***&db=2")
    # an @ in a query value is not the end of a user info: the host stays
    assert redact("redis://h:6379/0?password=a@b&token=t0k&api_key=k3y&x") == \
        "redis://h:6379/0?password=***&token=***&api_key=***&x"
    assert redact("unix:///run/redis.sock?db=0&password=zz") == "unix:///run/redis.sock?db=0&password=***"
    assert redact("redis://bot-host:6379/0?db=1") == "redis://bot-host:6379/0?db=1"
    assert redact("bot-host:6379") == "bot-host:6379"


def test_a_password_with_a_slash_question_mark_or_hash_is_hidden_too():
    """urlsplit ends the host at an unescaped / ? or #, so such a password (generated ones often
    have a /) was shown whole by redact, and only its first part was hidden from the logs."""
    from engine.log_secrets import url_secrets

    for password in ("ab/cd+ef", "p#ss", "p?w", "abc/def=="):
        url = f"redis://:{password}@host:6379/0"
        assert redact(url) == "redis://***@host:6379/0", url
        assert password in url_secrets(url)
    assert redact("redis://u:pw@h:6379/0?password=x@y") == "redis://***@h:6379/0?password=***"
