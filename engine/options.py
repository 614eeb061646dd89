"""The options of one painting, checked: a value a caller or a job gets wrong (None, a string,
NaN, infinity, out of range) becomes a BadOptionError with a sentence, never a TypeError from deep
inside torch, nor a silently black picture."""
from __future__ import annotations

import math
from typing import Iterable

from .errors import BadOptionError

MAX_SIDE_LIMIT = 2048
MIN_SIDE_LIMIT = 64


def number(value, what: str) -> float:
    """A finite float, or BadOptionError naming ``what``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise BadOptionError(detail=f"{what} must be a number, not {value!r}") from None
    if not math.isfinite(x):
        raise BadOptionError(detail=f"{what} must be a finite number, not {value!r}")
    return x


def strength(alpha) -> float:
    """alpha, the style's strength: 0 (the photo) to 1 (the full painting)."""
    a = number(alpha, "alpha (strength)")
    if not 0.0 <= a <= 1.0:
        raise BadOptionError(detail=f"alpha (strength) must be between 0 and 1, not {alpha}")
    return a


def max_side(value) -> int:
    """The output's longer side limit, in pixels."""
    side = number(value, "max_side")
    if not MIN_SIDE_LIMIT <= side <= MAX_SIDE_LIMIT:
        raise BadOptionError(detail=f"max_side must be between {MIN_SIDE_LIMIT} and {MAX_SIDE_LIMIT}")
    return int(side)


def mix_weights(weights: Iterable) -> list[float]:
    """A mix's weights as fractions summing to 1: each a finite number of 0 or more, one above 0.
    Scaled by the largest first, so that huge weights (1e308) cannot overflow their sum."""
    values = [number(w, "a style weight") for w in weights]
    if any(w < 0 for w in values):
        raise BadOptionError(detail="style weights must be 0 or more")
    top = max(values, default=0.0)
    if top <= 0:
        raise BadOptionError(detail="at least one style weight must be more than 0")
    scaled = [w / top for w in values]
    total = sum(scaled)
    return [w / total for w in scaled]
