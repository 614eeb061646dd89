"""A job whose worker process the kernel's out-of-memory killer ended: tried again smaller.

On a CPU host a painting too big for the memory left rarely raises an error that run_job could
catch (engine.out_of_memory): the kernel kills the worker with SIGKILL, and a retry at the same
size is killed again until the job is dead-lettered. The rule (supervisor.WorkerProcess tells it):
a worker that died of a SIGKILL its supervisor did not send is taken as killed for memory (the
supervisor's own kills, of silent or frozen workers, are not), unless Linux's oom_kill counters
say otherwise (engine.oom_evidence: an operator's ``kill -9`` leaves them unchanged, and its job is
retried as after any crash); where they cannot be read it is only likely, and its lines say so
(``likely``). Such a job is retried at smaller_side (half the pixels); one
that cannot be painted smaller is retried at its size (the killer's victim is the biggest process,
not always the one that filled the memory); when its attempts run out it is answered
out_of_memory (or out_of_memory_smallest) instead of dead_letter.
"""
from __future__ import annotations

import dataclasses
import logging

from ..jobs import Job, JobResult, file_bytes
from ..out_of_memory import out_of_memory_at, photo_dimensions, smaller_side

log = logging.getLogger("engine.queue")


def after_oom_kill(job: Job, crashes: int, max_attempts: int, size: tuple[int, int],
                   likely: bool = False) -> Job | JobResult:
    """What becomes of ``job`` whose worker was killed for memory, its ``crashes``-th crash: the
    job to paint again (smaller where it can be), or its answer once ``max_attempts`` are spent.
    ``size``: its photo's (photo_size_of). ``likely``: no counter confirmed the out-of-memory kill."""
    if crashes >= max_attempts:
        return out_of_memory_answer(job, crashes, size, likely)
    return retried_smaller(job, size, likely)


def _ran_out(likely: bool) -> str:
    return "likely ran out of memory" if likely else "ran out of memory"


def out_of_memory_answer(job: Job, crashes: int, size: tuple[int, int], likely: bool = False) -> JobResult:
    """The answer of a job whose worker was killed for memory and that gets no more tries:
    out_of_memory (or out_of_memory_smallest), naming the size it was last tried at."""
    error = out_of_memory_at(size, job.max_side)
    # crashes: its failed tries of any kind (a frozen or silent worker's too), not all out of memory
    log.warning("job %s %s at max_side %s: no tries left (%d failed in all), answered %s",
                job.id, _ran_out(likely), job.max_side, crashes, error.key)
    return JobResult(job.id, False, error_key=error.key, error_params=dict(error.params))


def retried_smaller(job: Job, size: tuple[int, int], likely: bool = False) -> Job:
    """``job`` as it is tried again after its worker was killed for memory: at smaller_side, or at
    its size when it cannot be painted smaller."""
    # "ran out of memory", as the kill's own line on a Redis worker (redis_worker_parent), and no
    # count of tries: a Redis worker's start counters (attempts, excused starts) would contradict it
    side = smaller_side(size, job.max_side)
    if side is None:
        log.warning("job %s %s at max_side %s, the smallest it can be painted at: painting it "
                    "again at that size", job.id, _ran_out(likely), job.max_side)
        return job
    log.warning("job %s %s at max_side %s: painting it again at half the pixels, max_side %d",
                job.id, _ran_out(likely), job.max_side, side)
    return dataclasses.replace(job, max_side=side)


def photo_size_of(job: Job) -> tuple[int, int]:
    """The job's photo's size; when its header cannot be read, a square of its max_side (then the
    retry is simply smaller than what was asked). Blocking: a header, but a 20 MB HEIC's takes
    0.3 s and a hostile file's (a million PNG chunks) seconds, so the queue reads it on a thread."""
    try:
        size = photo_dimensions(bytes(file_bytes(job.image) or b""))
    except (TypeError, ValueError):
        size = None
    if size is not None:
        return size
    try:
        side = int(job.max_side)
    except (TypeError, ValueError):
        side = 0
    return side, side
