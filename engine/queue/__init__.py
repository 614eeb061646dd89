"""Job queues: the bot submits Jobs and waits for JobResults through ``JobQueue`` (``base.py``).

``make_queue(settings)`` picks the backend named by ``QUEUE_BACKEND``: ``memory`` (engine thread
in the bot), ``process`` (supervised worker processes on this host; the default) or ``redis``
(workers on GPU hosts over Redis Streams).
"""
from __future__ import annotations

from .base import JobQueue, JobStatus


def make_queue(settings=None, **kwargs) -> "JobQueue":
    from .settings import QueueSettings

    settings = settings or QueueSettings()
    backend = settings.queue_backend
    if backend == "memory":
        from ..worker import build_engine
        from .memory import InProcessQueue

        return InProcessQueue(lambda: build_engine(settings.engine_factory, settings.engine_device,
                                                           settings.engine_refine_steps))
    if backend == "process":
        from .process import ProcessQueue

        return ProcessQueue(settings, **kwargs)
    if backend == "redis":
        from .redis_streams import RedisQueue

        return RedisQueue(settings, **kwargs)
    raise ValueError(f"unknown QUEUE_BACKEND {backend!r}")


__all__ = ["JobQueue", "JobStatus", "make_queue"]
