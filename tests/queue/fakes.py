"""A fake engine for queue tests: deterministic, fast, and able to crash or hang on purpose.

Styles (artist names): "quick" (20 ms), "slow" (about 2 s in 40 steps, honours cancel),
"sleep:S" (S seconds, honours cancel), "deaf:S" (S seconds, ignores cancel: the fast path does
not stop half-way), "hang" (ignores cancel), "crash" (the process exits at once with
code 137: the number a shell shows for a SIGKILL, but an exit code, which the supervisor counts
as a crash, not as the OOM killer's SIGKILL: memory_hungry_engine.py is killed so),
"crash-once:TOKEN" (exits so unless its marker file, crash_once_marker(TOKEN), exists,
and creates it: crashes once; a token, not a path: a job's artist that looks like a path is refused
before the engine sees it).
FAKE_ENGINE_SECONDS=S in a worker's environment: any other style takes S seconds (default 0.02).
FAKE_ENGINE_STALL_AFTER=N in a worker's environment: it paints N pictures, then hangs in the next
one, after creating the file FAKE_ENGINE_STALL_MARKER (when set): a test that waits for that file
knows for sure that the worker is mid-job when it kills it.
make_warm_engine: the same, torch imported before the worker is ready (tests whose bounds are tight).
"""
from __future__ import annotations

import io
import os
import tempfile
import time

from PIL import Image


def crash_once_marker(token: str) -> str:
    """The file whose existence lets "crash-once:TOKEN" paint (the worker creates it as it dies)."""
    return os.path.join(tempfile.gettempdir(), f"paintbot-crash-once-{token}")


def tiny_png(color=(120, 80, 200), side: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (side, side), color).save(buf, "PNG")
    return buf.getvalue()


def paint_slowly(seconds: float, cancel=None, progress=None) -> None:
    """A fake painting's ``seconds``, in steps of about 0.05 s, each asking ``cancel`` and saying
    its ``progress``, as the real engine's steps do."""
    from engine.errors import CancelledError

    steps = max(1, int(seconds / 0.05))
    for i in range(steps):
        if cancel and cancel():
            raise CancelledError()
        time.sleep(seconds / steps)
        if progress:
            progress((i + 1) / steps)


class FakeEngine:
    def __init__(self):
        stall = os.environ.get("FAKE_ENGINE_STALL_AFTER")
        self.stall_after = int(stall) if stall else None
        self.painted = 0

    def stylize(self, content, style, *, alpha=1.0, preserve_color=False, method="adain",
                max_side=512, progress=None, cancel=None):
        name = style if isinstance(style, str) else "quick"
        if name == "crash":
            os._exit(137)
        if name.startswith("crash-once:"):
            marker = crash_once_marker(name.split(":", 1)[1])
            if not os.path.exists(marker):
                open(marker, "w").close()
                os._exit(137)
            name = "quick"
        stall = self.painted == self.stall_after
        if stall and os.environ.get("FAKE_ENGINE_STALL_MARKER"):
            open(os.environ["FAKE_ENGINE_STALL_MARKER"], "w").close()
        if name == "hang" or stall:
            time.sleep(3600)
        if name.startswith("deaf:"):
            time.sleep(float(name.split(":", 1)[1]))
            self.painted += 1
            return content.convert("RGB")
        self.painted += 1
        seconds = {"quick": 0.02, "slow": 2.0}.get(name)
        if seconds is None and name.startswith("sleep:"):
            seconds = float(name.split(":", 1)[1])
        seconds = float(os.environ.get("FAKE_ENGINE_SECONDS", 0.02)) if seconds is None else seconds
        paint_slowly(seconds, cancel, progress)
        return content.convert("RGB")


def make_engine(device=None) -> FakeEngine:
    return FakeEngine()


def make_warm_engine(device=None) -> FakeEngine:
    """The fake engine with torch imported before the worker says "ready": else a worker's first job
    imports it (its style lookup: engine.descriptors), seconds on a loaded machine, counted in that
    job's time limit and in its painting's stillness (FROZEN_S)."""
    import importlib

    importlib.import_module("engine.descriptors")
    return FakeEngine()
