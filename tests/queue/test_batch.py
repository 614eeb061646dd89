"""Fast jobs in batches: ``run_jobs`` on the real engine gives what ``run_job`` gives one by one, and a
Redis worker with ``--batch 4`` paints 8 jobs in batches with each result arriving once."""
import asyncio
import io
import subprocess

import numpy as np
import pytest
from PIL import Image

from engine.jobs import Job, StyleRef, run_job, run_jobs
from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.test_redis import done_events, start_worker

pytestmark = pytest.mark.slow


def photo(w: int, h: int, seed: int) -> bytes:
    """A small picture with something in it: gradients plus noise, as PNG."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    arr = np.stack([x * 255 / w, y * 255 / h, (x + y) * 127 / (w + h) + 64], axis=-1)
    arr = np.clip(arr + rng.normal(0, 25, arr.shape), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def job(image: bytes, *styles, **kw) -> Job:
    refs = [StyleRef("artist", s) if isinstance(s, str) else StyleRef("artist", *s) for s in styles]
    return Job(user_id="t:1", chat_id="t", image=image, styles=refs, **{"max_side": 64, **kw})


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float32)


@pytest.fixture(scope="module")
def engine():
    from engine import load_engine

    return load_engine(device="cpu")


def test_run_jobs_is_run_job_in_batches_and_a_bad_job_fails_alone(engine, monkeypatch):
    jobs = [
        job(photo(96, 72, 1), "gogh"),                                   # 64x48
        job(photo(80, 60, 2), "monet", alpha=0.5, preserve_color=True),  # 64x48: same pass as the first
        job(b"not an image", "gogh"),
        job(photo(64, 48, 3), ("gogh", 0.5), ("monet", 0.5)),            # 64x48, a mix
        job(photo(48, 64, 4), "gogh"),                                   # 48x64: its own pass
        job(photo(96, 72, 5), "gogh", max_side=80),                      # another max_side: alone
    ]
    calls = []
    real = engine.stylize_batch
    monkeypatch.setattr(engine, "stylize_batch", lambda items, **kw: calls.append(len(items)) or real(items, **kw))
    batched = run_jobs(engine, jobs)
    assert calls == [4]                      # the four readable jobs with max_side 64, in one call
    singles = [run_job(engine, j) for j in jobs]
    assert [r.job_id for r in batched] == [j.id for j in jobs]
    assert [r.ok for r in batched] == [True, True, False, True, True, True]
    assert batched[2].error_key == singles[2].error_key == "not_an_image"
    for b, s in zip(batched, singles):
        if s.ok:
            a, c = pixels(b.image), pixels(s.image)
            assert a.shape == c.shape
            assert np.abs(a - c).mean() < 2

    # a bad option fails the batch call as a whole: its jobs then run one by one, only it fails
    calls.clear()
    results = run_jobs(engine, [job(photo(64, 48, 6), "gogh"), job(photo(64, 48, 7), "gogh", alpha=1.5),
                                job(photo(64, 48, 8), "nobody-at-all"), job(photo(64, 48, 9), "monet")])
    assert calls == [4]
    assert [r.ok for r in results] == [True, False, False, True]
    assert [r.error_key for r in results[1:3]] == ["bad_option", "unknown_style"]


async def test_redis_worker_paints_8_jobs_in_batches_of_4_each_result_once(redis_url):
    s = QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_per_user=100)
    q = RedisQueue(s)
    await q.start()
    jobs = [job(photo(64, 48, i), "gogh" if i % 2 else "monet") for i in range(8)]
    for j in jobs:                       # all waiting before the worker exists: it takes 4 at a time
        await q.submit(j)
    worker = start_worker(redis_url, "gpu1", factory="engine:load_engine", WORKER_BATCH="4", ENGINE_DEVICE="cpu")
    try:
        results = await asyncio.wait_for(asyncio.gather(*(q.wait(j.id) for j in jobs)), 240)
        assert [r.job_id for r in results] == [j.id for j in jobs]
        assert all(r.ok and pixels(r.image).shape == (48, 64, 3) for r in results), results
        await asyncio.sleep(0.5)
        events = done_events(redis_url)
        assert set(events) == {j.id for j in jobs} and set(events.values()) == {1}, events
    finally:
        await q.stop()
        worker.terminate()
        try:
            _, stderr = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            _, stderr = worker.communicate()
    assert worker.returncode == 0, stderr[-3000:]
    assert stderr.count("batch of 4 fast jobs") == 2, stderr[-3000:]
