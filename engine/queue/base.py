"""The queue interface the bot talks to: submit a Job, follow it, cancel it.

Implementations: ``memory.InProcessQueue`` (engine in a thread of this process; the simplest
thing that works). The worker-process and Redis Streams queues implement the same interface.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable, Protocol

from ..jobs import Job, JobResult


@dataclass
class JobStatus:
    job_id: str
    state: str                 # "queued" | "running" | "done" | "failed" | "cancelled"
    position: int | None = None   # 0 = running / next; None when not waiting
    progress: float = 0.0      # 0..1 while running
    eta_seconds: float | None = None
    waiting_for: str | None = None   # "engine": no engine serves its lane now (down, or none started);
                                     # "restart": the bot is stopping, the job waits in the journal for its next start


ProgressCallback = Callable[[JobStatus], Awaitable[None] | None]


class JobQueue(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def submit(self, job: Job) -> JobStatus: ...
    async def wait(self, job_id: str, on_status: ProgressCallback | None = None) -> JobResult: ...
    async def cancel(self, job_id: str) -> bool: ...
    async def cancel_user(self, user_id: str) -> int: ...
    async def forget_user(self, user_id: str) -> int: ...     # /forgetme: cancel, and keep nothing of theirs
    def status(self) -> dict: ...
