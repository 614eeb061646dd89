"""At a stop, a painting made in steps (/hq, refining) ends early enough to be delivered within
the drain: every step improves a finished painting, so the painting so far is its user's, not a
worker killed at the drain's end and the job painted again from the start after the restart.
The in-process queue asks its engine directly; a worker process is told over its pipe."""
from __future__ import annotations

import time

# what the drain keeps after the last step: the picture encoded, handed over, journaled, sent
MARGIN_S = 10.0


def steps_end(drain_s: float, now: float | None = None) -> float:
    """The ``time.monotonic()`` by which the steps end, for a drain of ``drain_s`` s from ``now``."""
    now = time.monotonic() if now is None else now
    return now + drain_s - min(MARGIN_S, drain_s / 4)


def end_steps(engine, by: float) -> bool:
    """``engine.end_steps_by(by)`` where the engine has it (an operator's own factory may not:
    its painting runs as before); whether it had."""
    end = getattr(engine, "end_steps_by", None)
    if not callable(end):
        return False
    end(by)
    return True
