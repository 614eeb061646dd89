"""A fake engine that is killed as the kernel's out-of-memory killer kills (SIGKILL, no Python
error) when it paints above a size, and paints at or below it (the painting fitted to max_side,
so a test reads the size it was painted at from the result).

HUNGRY_ENGINE_FITS=N (worker environment): the largest max_side it paints; above it, SIGKILL.
HUNGRY_ENGINE_SECONDS=S: how long a painting takes (default 0.02; honours cancel).
HUNGRY_ENGINE_FREEZE_MARKER=PATH: the first painting creates PATH and hangs (for the test to
freeze with SIGSTOP); once PATH exists it paints.
ENGINE_OOM_KILL_COUNTERS=PATH (a fake memory.events, engine.oom_evidence): its oom_kill is counted
up before the SIGKILL, as the kernel counts the out-of-memory killer's victims.
"""
from __future__ import annotations

import os
import signal
import time

from tests.queue.fakes import paint_slowly


class MemoryHungryEngine:
    def stylize(self, content, style, *, max_side=512, progress=None, cancel=None, **_):
        if max_side > int(os.environ.get("HUNGRY_ENGINE_FITS", "0")):
            count_oom_kill()
            os.kill(os.getpid(), signal.SIGKILL)
        marker = os.environ.get("HUNGRY_ENGINE_FREEZE_MARKER")
        if marker and not os.path.exists(marker):
            open(marker, "w").close()
            time.sleep(3600)
        seconds = float(os.environ.get("HUNGRY_ENGINE_SECONDS", "0.02"))
        paint_slowly(seconds, cancel, progress)
        painting = content.convert("RGB")
        painting.thumbnail((max_side, max_side))
        return painting


def count_oom_kill() -> None:
    counters = os.environ.get("ENGINE_OOM_KILL_COUNTERS", "")
    if counters:
        path = counters.split(os.pathsep)[0]
        with open(path) as f:
            kills = int(f.read().split("oom_kill ")[1].split()[0])
        with open(path, "w") as f:
            f.write(f"oom 1\noom_kill {kills + 1}\n")


def make_engine(device=None) -> MemoryHungryEngine:
    return MemoryHungryEngine()
