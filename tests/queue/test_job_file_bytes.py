"""A job's photo and style files were read two ways: the wire took any buffer (an array too), the
painting only bytes, a bytearray or a memoryview (an array.array: bad_option); the journal gave
SQLite the photo as it was (a memoryview with a stride: BufferError out of submit), Redis counted
a cast memoryview's size in items (its payload timeout too short) and redis-py refused an array.
One rule now (jobs.file_bytes), applied once at submit: anything with the buffer protocol is its
bytes, and each queue paints it as the same bytes."""
from __future__ import annotations

import array
import asyncio
import io

import numpy as np
import pytest
from PIL import Image

from engine.jobs import Job, StyleRef, file_bytes, photo_bytes, run_job, style_file_value
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine


def _noise_png() -> bytes:
    """A photo of some kilobytes (noise: a PNG does not shrink it), so that its size counted in a
    cast view's items instead of bytes is far from it."""
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(23).integers(0, 256, (48, 64, 3), dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()


PHOTO = _noise_png()


def _padded() -> bytes:
    return PHOTO + b"\x00" * (-len(PHOTO) % 4)      # 4-byte aligned, for the "I" cast (a PNG ignores its tail)


def holders() -> dict:
    """The photo's bytes in what the engine's Python API may be handed, each the same bytes."""
    padded = _padded()
    spread = bytes(b for pair in zip(padded, b"\xee" * len(padded)) for b in pair)
    return {"strided memoryview": memoryview(spread)[::2],
            "cast memoryview": memoryview(padded).cast("I"),
            "array.array": array.array("B", padded)}


HOLDERS = list(holders())


def _job(photo) -> Job:
    job = make_job("u")
    job.image = photo
    return job


def _painted(job: Job) -> bytes:
    result = run_job(FakeEngine(), job)
    assert result.ok, result
    return result.image


@pytest.mark.parametrize("name", HOLDERS)
def test_file_bytes_is_the_bytes_whatever_holds_them(name):
    value = holders()[name]
    assert file_bytes(value) == _padded() and type(file_bytes(value)) is bytes
    assert photo_bytes(_job(value)) == _padded()
    assert style_file_value(StyleRef("descriptor", value)) == _padded()


def test_what_is_not_a_buffer_is_left_for_the_painting_to_refuse():
    assert file_bytes("/a/path.jpg") == "/a/path.jpg" and file_bytes(None) is None
    assert run_job(FakeEngine(), _job("/a/path.jpg")).error_key == "bad_option"


@pytest.mark.parametrize("name", HOLDERS)
async def test_the_in_process_queue_paints_them_as_bytes(name):
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        job = _job(holders()[name])
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 10)
    finally:
        await q.stop()
    assert result.ok, result
    assert result.image == _painted(_job(_padded()))


async def test_a_view_released_after_the_submit_is_painted_as_it_was():
    """Copied at submit: a caller that lets go of its buffer once submitted loses nothing."""
    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        view = memoryview(bytearray(PHOTO))
        job = _job(view)
        await q.submit(job)
        view.release()
        result = await asyncio.wait_for(q.wait(job.id), 10)
    finally:
        await q.stop()
    assert result.ok, result


@pytest.mark.parametrize("name", HOLDERS)
async def test_the_journal_keeps_them_as_bytes_across_a_restart(tmp_path, name):
    from engine.queue.process import ProcessQueue
    from engine.queue.settings import QueueSettings

    settings = QueueSettings(queue_db=str(tmp_path / "queue.sqlite3"), workers_fast=0, workers_hq=0)
    job = _job(holders()[name])
    job.styles = [StyleRef("image", holders()[name])]
    q = ProcessQueue(settings)
    await q.start()
    try:
        assert (await q.submit(job)).state == "queued"
    finally:
        await q.stop()
    again = ProcessQueue(settings)
    await again.start()
    try:
        [resumed] = await again.recovered()
    finally:
        await again.stop()
    assert resumed.id == job.id
    assert resumed.image == _padded() and resumed.styles[0].value == _padded()
    assert _painted(resumed) == _painted(_job(_padded()))


@pytest.mark.slow
@pytest.mark.parametrize("name", HOLDERS)
async def test_redis_takes_them_as_bytes_and_counts_their_bytes(redis_url, name):
    from engine.queue.redis_streams import RedisQueue
    from engine.queue.settings import QueueSettings
    from tests.queue.test_redis import start_worker, stop, until

    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    sizes = []
    for_size = q.payloads.for_size

    def counted(nbytes):
        sizes.append(nbytes)
        return for_size(nbytes)

    q.payloads.for_size = counted
    worker = start_worker(redis_url, "w-eng23")
    try:
        await until(lambda: q.health()["ok"] and q.live.get("fast"))
        job = _job(holders()[name])
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 60)
    finally:
        await q.stop()
        await asyncio.to_thread(stop, [worker])
    assert result.ok, result
    assert result.image == _painted(_job(_padded()))
    assert sizes and sizes[0] >= len(_padded())        # the photo's bytes, not a cast view's items
