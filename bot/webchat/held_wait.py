"""How long a message waited on the page before it could be sent (its "waited_ms").

The page holds what the user sends while the bot is down or starting, and sends it once connected;
the bot could not see that wait, and a painting's "✅ done in N s" counted from when the message
came: QA saw "done in under a second" 11.8 s after Send. The layer counts it in where told
(CommandLayer.arrive's ``waited_before``). A page's number is a claim, not a fact: bounded.
"""
from __future__ import annotations

import math

from ..arrival_times import WAITED_BEFORE_MOST_S

# the most of a page's wait counted: a tab left closed for a week and reopened sends its held
# message then, and "done in 7 days" is no painting's time (the layer's own bound, one number)
MOST_WAITED_S = WAITED_BEFORE_MOST_S


def waited_before(data: dict) -> float:
    """Seconds the message ``data`` (as the page sent it) waited before it went out: its
    "waited_ms", at most MOST_WAITED_S; 0 where it says none or nothing usable (not a number,
    true/false, NaN, below 0)."""
    waited_ms = data.get("waited_ms")
    if isinstance(waited_ms, bool) or not isinstance(waited_ms, (int, float)) \
            or not math.isfinite(waited_ms) or waited_ms <= 0:
        return 0.0
    return min(waited_ms / 1000, MOST_WAITED_S)
