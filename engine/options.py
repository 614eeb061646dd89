"""The options of one painting, checked: a value a caller or a job gets wrong (None, a string,
NaN, infinity, out of range) becomes a BadOptionError with a sentence, never a TypeError from deep
inside torch, nor a silently black picture."""
from __future__ import annotations

import math
import numbers
from typing import Callable, Iterable, TypeVar

import numpy as np

from .errors import BadOptionError

MAX_SIDE_LIMIT = 2048
MIN_SIDE_LIMIT = 64
MAX_MIX_STYLES = 4          # the bots' /mix takes 2 to 4 (bot/README.md); jobs and the CLI are held to it too


T = TypeVar("T")


def number(value, what: str) -> float:
    """A finite float, or BadOptionError naming ``what``. Strings and booleans are not numbers
    (float("0.5") and float(True) would take them)."""
    if isinstance(value, (str, bytes, bool, np.bool_)):
        raise BadOptionError(detail=f"{what} must be a number, not {value!r}")
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
    """The output's longer side limit, in whole pixels (64.9 is refused, not cut to 64)."""
    side = number(value, "max_side")
    if side != int(side):
        raise BadOptionError(detail=f"max_side must be a whole number of pixels, not {value}")
    if not MIN_SIDE_LIMIT <= side <= MAX_SIDE_LIMIT:
        raise BadOptionError(detail=f"max_side must be between {MIN_SIDE_LIMIT} and {MAX_SIDE_LIMIT}")
    return int(side)


def flag(value, what: str = "preserve_color") -> bool:
    """True or False (1 or 0, a numpy bool), never a string: "no" would be true."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, numbers.Integral) and value in (0, 1)):
        return bool(value)
    raise BadOptionError(detail=f"{what} must be True or False, not {value!r}")


def batch_size(value) -> int:
    """Pictures per forward pass: a whole number of 1 or more."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise BadOptionError(detail=f"batch_size must be a whole number of 1 or more, not {value!r}")
    return int(value)


MAX_REFINE_STEPS = 200         # /hq itself is 40; more than this is an optimisation, not a fast path


def refine_steps(value) -> int:
    """Adam steps on the score after the fast path (0: none): a whole number, 0 to 200."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value <= MAX_REFINE_STEPS:
        raise BadOptionError(detail=f"refine_steps must be a whole number from 0 to {MAX_REFINE_STEPS}, not {value!r}")
    return int(value)


def per_item(value, n: int, what: str, check: Callable[[object], T]) -> list[T]:
    """A batch option: one value for all ``n`` pictures, or a sequence of one per picture (a list,
    a tuple, a numpy array: not a string)."""
    if hasattr(value, "__len__") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 1) != 0:
        if len(value) != n:
            raise BadOptionError(detail=f"{what} has {len(value)} values for {n} pictures")
        return [check(v) for v in value]
    return [check(value)] * n


def mix_weights(weights: Iterable) -> list[float]:
    """A mix's weights as fractions summing to 1: each a finite number of 0 or more, one above 0.
    Scaled by the largest first, so that huge weights (1e308) cannot overflow their sum. At most
    MAX_MIX_STYLES of them."""
    weights = list(weights)
    if len(weights) > MAX_MIX_STYLES:
        raise BadOptionError(detail=f"a mix takes at most {MAX_MIX_STYLES} styles, not {len(weights)}")
    values = [number(w, "a style weight") for w in weights]
    if any(w < 0 for w in values):
        raise BadOptionError(detail="style weights must be 0 or more")
    top = max(values, default=0.0)
    if top <= 0:
        raise BadOptionError(detail="at least one style weight must be more than 0")
    scaled = [w / top for w in values]
    total = sum(scaled)
    return [w / total for w in scaled]
