"""A job whose photo or style file is still not bytes after with_file_bytes (None, a number, a
released memoryview, a PIL Image) is answered bad_option by every queue's submit, as a busy
refusal is: never queued, journaled or sent to Redis, never raising out of submit(). Before, the
process and Redis queues raised out of submit (journal.add: ValueError, sqlite's
ProgrammingError), and Redis queued a None or an int, which its dispatcher could not start
(TypeError at len(photo)), re-queued and picked again first: the lane stalled for everyone."""
from __future__ import annotations

import asyncio

import pytest
import redis
from PIL import Image

from engine.jobs import StyleRef
from engine.queue.memory import InProcessQueue
from engine.queue.process import ProcessQueue
from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import FAKE, make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_redis import start_worker, stop, until


def _released():
    view = memoryview(bytearray(b"not a photo any more"))
    view.release()
    return view


BAD = {"None": (lambda: None, "NoneType"), "int": (lambda: 7, "int"),
       "released memoryview": (_released, "released"),
       "PIL Image": (lambda: Image.new("RGB", (8, 8)), "Image")}


def _bad_jobs(name):
    make, said = BAD[name]
    photo = make_job("u")
    photo.image = make()
    style = make_job("u")
    style.styles = [StyleRef("descriptor", make())]
    return [(photo, said), (style, said)]


async def _refused_at_once(q, job, said):
    status = await q.submit(job)
    assert status.state == "failed"
    result = await asyncio.wait_for(q.wait(job.id), 5)
    assert not result.ok and result.error_key == "bad_option"
    assert said in result.error_params["detail"], result.error_params


@pytest.mark.parametrize("name", list(BAD))
async def test_the_in_process_queue_answers_them_at_submit(name):
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        for job, said in _bad_jobs(name):
            await _refused_at_once(q, job, said)
            assert job.id not in q._waiting
        good = make_job("v")
        await q.submit(good)
        assert (await asyncio.wait_for(q.wait(good.id), 10)).ok
    finally:
        await q.stop()


@pytest.mark.parametrize("name", list(BAD))
async def test_the_process_queue_answers_them_at_submit_and_journals_nothing(name, tmp_path):
    q = ProcessQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), engine_factory=FAKE,
                                   workers_fast=0, workers_hq=0))
    await q.start()
    try:
        for job, said in _bad_jobs(name):
            await _refused_at_once(q, job, said)
            assert job.id not in q.jobs and await q.journal.off_loop.state(job.id) is None
    finally:
        await q.stop()


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BAD))
async def test_the_redis_queue_answers_them_at_submit_and_sends_nothing(name, redis_url, tmp_path):
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url))
    await q.start()
    try:
        for job, said in _bad_jobs(name):
            await _refused_at_once(q, job, said)
            assert job.id not in q.jobs
        keys = [k.decode() for k in redis.Redis.from_url(redis_url).keys("*")]
        assert not any(job.id in k for job, _ in _bad_jobs(name) for k in keys)
    finally:
        await q.stop()


@pytest.mark.slow
async def test_a_none_photo_no_longer_stalls_the_redis_lane(redis_url, tmp_path):
    q = RedisQueue(QueueSettings(queue_db=str(tmp_path / "q.sqlite3"), redis_url=redis_url, workers_fast=1))
    await q.start()
    worker = start_worker(redis_url, "w-eng23b")
    try:
        await until(lambda: q.health()["ok"] and q.live.get("fast"))
        bad, good = make_job("u"), make_job("v")
        bad.image = None
        assert (await q.submit(bad)).state == "failed"
        assert (await q.submit(good)).state == "queued"
        assert (await asyncio.wait_for(q.wait(good.id), 20)).ok
        assert (await q.wait(bad.id)).error_key == "bad_option"
    finally:
        await q.stop()
        stop([worker])
