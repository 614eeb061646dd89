"""Which jobs of a Redis worker's current run (one job, or a batch of fast ones) it no longer
paints: cancelled by their user, painted by another worker meanwhile, or taken over by another
while this one was away. A batch asks at each job's turn (``run_jobs``' cancel), so a job
cancelled before its turn is skipped, not painted and dropped at delivery; a job painted alone
asks while it paints. Each job is looked up in Redis at most every ``LOOK_EVERY`` seconds: the
engine asks far more often than that."""
from __future__ import annotations

import threading
import time
from typing import Callable

LOOK_EVERY = 0.5


class RunStops:
    def __init__(self, ids: list[str], look: Callable[[str], bool]) -> None:
        self.ids = list(ids)
        self.all = threading.Event()          # the whole run: this worker gave up its name
        self.stopped: set[str] = set()        # (the heartbeat thread adds to it too)
        self._look = look                     # job id -> whether Redis says to stop it (False: cannot tell)
        # as looked at now: each was just taken from Redis (the engine's first ask, before it
        # paints, cost every lone job two round trips to a Redis that may be far away)
        now = time.monotonic()
        self._looked: dict[str, float] = {job_id: now for job_id in self.ids}

    def stop(self, job_id: str) -> None:
        self.stopped.add(job_id)

    def __call__(self, job_id: str) -> bool:
        if self.all.is_set() or job_id in self.stopped:
            return True
        now = time.monotonic()
        if now - self._looked.get(job_id, float("-inf")) >= LOOK_EVERY:
            self._looked[job_id] = now
            if self._look(job_id):
                self.stopped.add(job_id)
        return self.all.is_set() or job_id in self.stopped
