"""A fake engine that is killed as the kernel's out-of-memory killer kills (SIGKILL, no Python
error) when it paints above a size, and paints at or below it (the painting fitted to max_side,
so a test reads the size it was painted at from the result).

HUNGRY_ENGINE_FITS=N (worker environment): the largest max_side it paints; above it, SIGKILL.
HUNGRY_ENGINE_SECONDS=S: how long a painting takes (default 0.02; honours cancel).
HUNGRY_ENGINE_FREEZE_MARKER=PATH: the first painting creates PATH and hangs (for the test to
freeze with SIGSTOP); once PATH exists it paints.
"""
from __future__ import annotations

import os
import signal
import time

from tests.queue.fakes import paint_slowly


class MemoryHungryEngine:
    def stylize(self, content, style, *, max_side=512, progress=None, cancel=None, **_):
        if max_side > int(os.environ.get("HUNGRY_ENGINE_FITS", "0")):
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


def make_engine(device=None) -> MemoryHungryEngine:
    return MemoryHungryEngine()
