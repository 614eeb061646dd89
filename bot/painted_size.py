"""Whether a painting came out clearly smaller than its /size asked because the server ran short
of memory: the engine then paints it once more at half the pixels (engine.out_of_memory, run_job),
and the queue retries a job whose worker the OOM killer ended at a smaller max_side
(engine.queue.oom_killed). Nothing in the result says so (the engine/bot wire format is
unchanged), and a user seeing a 362 px painting after "/size 512" took /size for broken.

Told from what the bot has: the painting's and the photo's headers (nothing decoded) and the
job's max_side. The side a painting is to have is its photo's fitted to max_side (images.fit_size,
the engine's rule: never upscaled, a panorama keeps a wider short side); /hq's HQ_MAX_SIDE and a
repaint's own size are in max_side already (PaintingJobs._output_side)."""
from __future__ import annotations

from engine.picture_header import picture_size

from .images import fit_size

# The engine's retry paints at 1/sqrt(2) (0.71) of the side; above this share a painting differs
# only by rounding (a JPEG's draft decode, the decoder's crop), not by a retry.
SMALLER_SHARE = 0.85


def painted_smaller(photo, painting, max_side) -> tuple[int, int] | None:
    """(the painting's longer side, the longer side it was to have) where the painting is clearly
    smaller (under SMALLER_SHARE) than its ``photo`` painted at ``max_side``; None where it is not,
    or where a size cannot be read (nothing is said then). Orientation does not matter here: a
    photo turned by its EXIF has the same longer side."""
    painted = picture_size(painting)
    size = picture_size(photo) if painted is not None else None
    if size is None:
        return None
    try:
        side = int(max_side)
    except (TypeError, ValueError):
        return None
    if side <= 0:
        return None
    expected = max(fit_size(size, side))
    if max(painted) < SMALLER_SHARE * expected:
        return max(painted), expected
    return None
