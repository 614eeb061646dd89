"""A CUDA worker's batch: every job's photo was decoded (and its start counted) before the one
forward pass, so a crash in the pass (host OOM, a CUDA fault) counted against every job of the
batch, and a crash decoding the third job's photo against the first two as well. With
QUEUE_MAX_ATTEMPTS=1 the innocent batch-mates were dead-lettered (their users apologised to), and
with 2 the same batch was formed again and crashed again. A job now counts only during its own
work (its decode; the batch pass, for the whole group; its painting alone), and a job that counts
a failed start is painted alone, so its next crash is its own. Real redis-server; the fake engine
here batches (stylize_batch), as the real one on CUDA does."""
import asyncio
import os

import pytest

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow
FACTORY = "tests.queue.test_batch_counting:make_engine"


def style_name(job) -> str:
    return job.styles[0].value


class BatchingEngine(FakeEngine):
    """stylize_batch, as the real engine has; "crash-batch" kills the worker in a forward pass
    (batched or alone), "crash-decode" while its photo is decoded."""

    def stylize_batch(self, items, *, alpha=1.0, preserve_color=False, max_side=512, batch_size=16):
        if any(style == "crash-batch" for _, style in items):
            os._exit(137)
        return [content.convert("RGB") for content, _ in items]

    def stylize(self, content, style, **kw):
        return super().stylize(content, "crash" if style == "crash-batch" else style, **kw)


def make_engine(device=None):
    import engine.jobs as jobs

    decode = jobs.open_photo

    def open_photo(job):
        if style_name(job) == "crash-decode":
            os._exit(137)                       # a decoder's fault kills the worker
        return decode(job)

    jobs.open_photo = open_photo
    return BatchingEngine()


async def batch_then_takeover(redis_url, crasher: str, attempts: str):
    """A batch of [crasher, 3 good ones] on w1, which dies in it; then w2 (and w3, if w2 dies
    too) take them over. Their results, crasher first."""
    # REDIS_BEAT_GRACE: a dead worker's jobs go to the next one after 3 s of silence, not 8
    env = dict(WORKER_BATCH="4", QUEUE_MAX_ATTEMPTS=attempts, REDIS_CLAIM_IDLE="60", REDIS_BEAT_GRACE="3")
    w1 = start_worker(redis_url, "w1", FACTORY, **env)
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url, queue_max_attempts=int(attempts)))
    await q.start()
    workers = [w1]
    try:
        await until(lambda: q.health()["ok"])
        first = make_job("first", "sleep:1")              # while w1 paints it, the batch gathers in the stream
        await q.submit(first)
        await until(lambda: first.id in q.started)
        goods = [make_job(f"u{i}", "quick") for i in (1, 2, 3)]
        jobs = [make_job("u0", crasher)] + goods if crasher != "crash-decode" else goods[:2] + [
            make_job("u0", crasher), goods[2]]
        for job in jobs:
            await q.submit(job)
        assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
        waiting = asyncio.ensure_future(asyncio.gather(*(q.wait(job.id) for job in jobs)))
        for n in (2, 3):
            await until(lambda: workers[-1].poll() is not None or waiting.done(), 60)
            if waiting.done():
                break
            workers.append(start_worker(redis_url, f"w{n}", FACTORY, **env))
        results = await asyncio.wait_for(waiting, 60)
    finally:
        await q.stop()
        stop(workers)
    assert "batch of 4 fast jobs" in w1.stderr.read()
    crash = next(i for i, job in enumerate(jobs) if job.user_id == "u0")
    return results[crash], [r for i, r in enumerate(results) if i != crash]


async def test_a_crash_in_the_batch_pass_leaves_the_crasher_dead_lettered_and_the_others_painted(redis_url):
    crashed, others = await batch_then_takeover(redis_url, "crash-batch", "2")
    assert crashed.error_key == "dead_letter", crashed
    assert [(r.ok, r.error_key) for r in others] == [(True, None)] * 3, others


async def test_a_crash_decoding_the_third_photo_does_not_count_against_the_first_two(redis_url):
    crashed, others = await batch_then_takeover(redis_url, "crash-decode", "1")
    assert crashed.error_key == "dead_letter", crashed
    assert [(r.ok, r.error_key) for r in others] == [(True, None)] * 3, others


def test_a_job_counts_only_during_its_own_work_and_a_suspect_is_painted_alone(monkeypatch):
    import engine.jobs as jobs_module
    from engine.jobs import run_jobs

    at_work: set[str] = set()
    seen: list[tuple[str, set]] = []
    decode = jobs_module.open_photo

    def open_photo(job):
        seen.append((f"decode {job.user_id}", set(at_work)))
        return decode(job)

    class Recording(BatchingEngine):
        def stylize_batch(self, items, **kw):
            seen.append((f"batch of {len(items)}", set(at_work)))
            return super().stylize_batch(items, **kw)

        def stylize(self, content, style, **kw):
            seen.append(("alone", set(at_work)))
            return super().stylize(content, style, **kw)

    monkeypatch.setattr(jobs_module, "open_photo", open_photo)
    a, b, c, suspect = (make_job(u, "quick") for u in ("a", "b", "c", "s"))
    results = run_jobs(Recording(), [a, suspect, b, c], begin=lambda job: at_work.add(job.user_id),
                       end=lambda job: at_work.discard(job.user_id), alone=lambda job: job is suspect)
    assert all(r.ok for r in results), results
    assert seen == [("decode a", {"a"}), ("decode b", {"b"}), ("decode c", {"c"}),
                    ("batch of 3", {"a", "b", "c"}),
                    ("decode s", {"s"}), ("alone", {"s"})], seen
    assert at_work == set()
