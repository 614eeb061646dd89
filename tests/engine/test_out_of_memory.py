"""A job that runs out of memory (torch.OutOfMemoryError on a GPU, the CPU allocator's
RuntimeError, MemoryError) was the generic engine_error, the job lost: it is painted once more at
half the pixels now (run_job, and each job of a batch that ran out, painted alone), and a second
failure is out_of_memory, whose text says to try a smaller size. Any other error is not retried.

The shipped engine paints; only its stylize is made to fail (no gigabytes are allocated)."""
from __future__ import annotations

import io
import logging
import weakref

import pytest
import torch
from PIL import Image

from engine import out_of_memory
from engine.images import encode_jpeg, fit_size
from engine.jobs import Job, StyleRef, run_job, run_jobs
from engine.out_of_memory import is_out_of_memory, side_to_suggest, smaller_side

CPU_ALLOCATOR = ("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: can't allocate memory: "
                 "you tried to allocate 17179869184 bytes. Error code 12 (Cannot allocate memory)")
RAN_OUT = [
    lambda: torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"),
    lambda: RuntimeError(CPU_ALLOCATOR),
    lambda: MemoryError(),
]


def _job(photo, max_side: int = 512) -> Job:
    return Job(user_id="t:1", chat_id="t", image=encode_jpeg(photo), styles=[StyleRef("artist", "gogh")],
               max_side=max_side)


def _size(jpeg: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(jpeg)) as im:
        return im.size


@pytest.fixture
def events(monkeypatch):
    """What happened, in order: ("paint", max_side) for each stylize, "freed" for each free_memory."""
    seen: list = []
    real_free = out_of_memory.free_memory
    monkeypatch.setattr(out_of_memory, "free_memory", lambda: seen.append("freed") or real_free())
    return seen


def _failing(monkeypatch, engine, events, error, times: int) -> None:
    """engine.stylize raises ``error()`` on its first ``times`` calls, then paints."""
    real = engine.stylize

    def stylize(content, style, **kw):
        events.append(("paint", kw["max_side"]))
        if sum(1 for e in events if e != "freed") <= times:
            raise error()
        return real(content, style, **kw)

    monkeypatch.setattr(engine, "stylize", stylize)


@pytest.mark.parametrize("error", RAN_OUT, ids=["cuda", "cpu_allocator", "memory_error"])
def test_a_job_that_runs_out_of_memory_is_painted_at_half_the_pixels(engine, photo, monkeypatch, events, error,
                                                                     caplog):
    _failing(monkeypatch, engine, events, error, times=1)
    with caplog.at_level(logging.WARNING, logger="engine.out_of_memory"):
        result = run_job(engine, _job(photo, max_side=512))
    assert result.ok and result.error_key is None
    side = int(max(photo.size) / 2 ** 0.5)          # the photo (160 px) is painted at its size, never upscaled
    assert events == [("paint", 512), "freed", ("paint", side)]
    assert _size(result.image) == fit_size(photo.size, side)
    [record] = caplog.records
    assert record.levelno == logging.WARNING and f"painting it again at {side}" in record.getMessage()


def test_running_out_again_smaller_is_out_of_memory_naming_the_side(engine, photo, monkeypatch, events):
    _failing(monkeypatch, engine, events, RAN_OUT[0], times=2)
    result = run_job(engine, _job(photo, max_side=128))
    assert events == [("paint", 128), "freed", ("paint", 90), "freed"]     # tried twice, no more
    assert not result.ok and result.error_key == "out_of_memory" and result.error_params == {"side": 90, "smaller": 64}


def test_a_job_at_the_smallest_size_is_out_of_memory_at_once(engine, photo, monkeypatch, events):
    _failing(monkeypatch, engine, events, RAN_OUT[1], times=1)
    result = run_job(engine, _job(photo, max_side=64))
    assert events == [("paint", 64), "freed"]
    assert result.error_key == "out_of_memory_smallest" and result.error_params == {"side": 64}   # no smaller to try


def test_a_small_photo_at_its_smallest_is_said_at_its_own_size(engine, photo, monkeypatch, events):
    _failing(monkeypatch, engine, events, RAN_OUT[2], times=1)
    small = photo.resize((60, 45))
    result = run_job(engine, _job(small, max_side=512))
    assert events == [("paint", 512), "freed"]
    assert result.error_key == "out_of_memory_smallest" and result.error_params == {"side": 60}    # not 512


def test_another_runtime_error_is_not_retried_and_stays_engine_error(engine, photo, monkeypatch, events):
    _failing(monkeypatch, engine, events, lambda: RuntimeError("Given groups=1, weight of size [64, 3, 3, 3]"),
             times=2)
    with pytest.raises(RuntimeError, match="groups"):       # as before: the worker's engine_error
        run_job(engine, _job(photo))
    [result] = run_jobs(engine, [_job(photo)])
    assert result.error_key == "engine_error" and result.error_params == {"detail": "RuntimeError"}
    assert events == [("paint", 512)] * 2 and "freed" not in events


def test_each_job_of_a_batch_that_ran_out_is_painted_alone_and_retried_smaller(engine, photo, monkeypatch, events):
    def batch_runs_out(items, **kw):
        events.append(("batch", len(items)))
        raise torch.OutOfMemoryError("CUDA out of memory")

    monkeypatch.setattr(engine, "stylize_batch", batch_runs_out)
    real = engine.stylize

    def stylize(content, style, **kw):          # alone, each runs out at its size once, then fits
        events.append(("paint", kw["max_side"]))
        if kw["max_side"] == 512:
            raise torch.OutOfMemoryError("CUDA out of memory")
        return real(content, style, **kw)

    monkeypatch.setattr(engine, "stylize", stylize)
    results = run_jobs(engine, [_job(photo), _job(photo)])
    side = int(max(photo.size) / 2 ** 0.5)
    assert events == [("batch", 2), "freed"] + [("paint", 512), "freed", ("paint", side)] * 2
    assert all(r.ok for r in results)
    assert [_size(r.image) for r in results] == [fit_size(photo.size, side)] * 2


@pytest.mark.parametrize("exc, ran_out", [
    (torch.OutOfMemoryError("CUDA out of memory"), True),
    (RuntimeError(CPU_ALLOCATOR), True),
    (RuntimeError("MPS backend out of memory (MPS allocated: 8.00 GB)"), True),
    (MemoryError(), True),
    (RuntimeError("CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`"), True),
    (RuntimeError("cuDNN error: CUDNN_STATUS_ALLOC_FAILED"), True),
    (RuntimeError("cuDNN error: CUDNN_STATUS_NOT_SUPPORTED"), False),
    (RuntimeError("The size of tensor a (3) must match the size of tensor b (4)"), False),
    (ValueError("can't allocate memory"), False),       # no allocator's
    (OSError(12, "Cannot allocate memory"), False),    # a file's read: not the painting's memory
    (KeyError("gogh"), False),
])
def test_only_the_allocators_no_memory_counts_as_out_of_memory(exc, ran_out):
    assert is_out_of_memory(exc) is ran_out


@pytest.mark.parametrize("size, max_side, side", [
    ((4000, 3000), 1024, 724),      # half the pixels
    ((160, 120), 512, 113),         # a photo smaller than max_side: half its own pixels
    ((90, 60), 512, 64),            # not under the engine's minimum
    ((64, 48), 64, None),           # at the minimum already
    ((3000, 40), 512, None),        # a thin panorama keeps its pixels: no smaller painting
    ((200, 100), "big", None),      # a max_side stylize refuses (before painting)
])
def test_smaller_side(size, max_side, side):
    assert smaller_side(size, max_side) == side


@pytest.mark.parametrize("size, failed_at, suggested", [
    ((4000, 3000), 362, 256),       # a default 512 px painting's retry: below it, a round number (not 255)
    ((4000, 3000), 271, 192),       # /hq's 384 px one's
    ((4000, 3000), 724, 512),       # /size xl's
    ((160, 120), 113, 64),          # a small photo's: from its own size
    ((64, 48), 64, None),           # nothing smaller
    ((3000, 40), 512, None),        # a thin panorama keeps its pixels
])
def test_the_size_suggested_is_below_the_one_that_failed(size, failed_at, suggested):
    assert side_to_suggest(size, failed_at) == suggested


def test_an_hq_job_is_retried_as_hq_with_its_deadline_and_its_progress_never_goes_back(engine, photo, monkeypatch):
    """/hq runs out mid-way (60% said): the retry is still Gatys, ends by the same deadline (the
    job's time limit counts from its start, not from the retry), and its bar does not fall to 0."""
    calls, said = [], []
    real = engine.stylize

    def stylize(content, style, deadline=None, **kw):      # (a deadline is given to a stylize taking one)
        calls.append(dict(kw, deadline=deadline))
        if len(calls) == 1:
            kw["progress"](0.6)
            raise torch.OutOfMemoryError("CUDA out of memory")
        return real(content, style, deadline=deadline, **kw)

    monkeypatch.setattr(engine, "stylize", stylize)
    job = _job(photo, max_side=128)
    job.method, job.time_limit = "gatys", 600.0
    result = run_job(engine, job, progress=said.append)
    assert result.ok
    first, retry = calls
    assert retry["method"] == "gatys" and retry["max_side"] == 90 < first["max_side"]
    assert first["deadline"] is not None and retry["deadline"] == first["deadline"]
    assert said[0] == 0.6 and said[-1] == 1.0 and said == sorted(said)     # 0.025, 0.05, ... were said as 0.6
    assert len(said) > 2        # each step of the retry still reported (the worker's watchdog counts them)


def test_a_mix_is_retried_as_the_same_mix(engine, photo, monkeypatch, events):
    styles = []
    real = engine.stylize

    def stylize(content, style, **kw):
        events.append(("paint", kw["max_side"]))
        styles.append(style)
        if len(styles) == 1:
            raise MemoryError()
        return real(content, style, **kw)

    monkeypatch.setattr(engine, "stylize", stylize)
    job = _job(photo, max_side=128)
    job.styles = [StyleRef("artist", "gogh", 0.7), StyleRef("artist", "monet", 0.3)]
    result = run_job(engine, job)
    assert result.ok and events == [("paint", 128), "freed", ("paint", 90)]
    assert styles[0] == styles[1] == [("gogh", 0.7), ("monet", 0.3)]


def test_what_the_failed_painting_held_is_let_go_before_the_retry(engine, photo, monkeypatch):
    """The exception's traceback holds the failed painting's frames and their tensors: the retry
    runs only once it is let go, or a retry on a full GPU would run out again for nothing."""
    held = []
    real = engine.stylize

    def stylize(content, style, **kw):
        if not held:
            activations = torch.zeros(256, 256)        # what a painting's frame holds when it runs out
            held.append(weakref.ref(activations))
            raise torch.OutOfMemoryError("CUDA out of memory")
        assert held[0]() is None, "the failed painting's tensors were still held at the retry"
        return real(content, style, **kw)

    monkeypatch.setattr(engine, "stylize", stylize)
    assert run_job(engine, _job(photo, max_side=128)).ok


def test_a_job_cancelled_while_it_ran_out_is_cancelled_not_painted_again(engine, photo, monkeypatch, events):
    cancelled = []

    def cancel():
        return bool(cancelled)

    _failing(monkeypatch, engine, events, lambda: cancelled.append(True) or MemoryError(), times=1)
    result = run_job(engine, _job(photo, max_side=128), cancel=cancel)
    assert not result.ok and result.error_key == "cancelled"
