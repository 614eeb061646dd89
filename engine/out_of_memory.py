"""A painting that ran out of memory: telling one apart, freeing what can be freed, and the smaller
size it is tried again at (run_job). A big /size xl photo on a small CPU host, or a GPU with little
memory, then still gets a painting, smaller, instead of "something went wrong"."""
from __future__ import annotations

import gc
import logging
import math
import sys
from typing import Callable, TypeVar

from .errors import OutOfMemoryAtSmallestError, OutOfMemoryError

log = logging.getLogger(__name__)
Painting = TypeVar("Painting")

# What PyTorch's allocators say in a plain RuntimeError when they find no memory: the CPU's
# ("DefaultCPUAllocator: can't allocate memory: you tried to allocate ..."), and the GPUs' where
# they do not raise torch.OutOfMemoryError ("CUDA error: out of memory", "MPS backend out of memory"),
# and cuBLAS's and cuDNN's when a full GPU leaves no room for their workspace ("CUBLAS_STATUS_ALLOC_FAILED
# when calling `cublasCreate(handle)`", "cuDNN error: CUDNN_STATUS_ALLOC_FAILED").
ALLOCATOR_WORDS = ("can't allocate memory", "defaultcpuallocator", "out of memory", "_status_alloc_failed")


def is_out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is the allocator's "no memory left", nothing else (an engine bug stays one)."""
    if isinstance(exc, MemoryError):
        return True
    torch = sys.modules.get("torch")        # never imported here: without torch no tensor ran out
    if torch is not None and isinstance(exc, _torch_oom_types(torch)):
        return True
    if not isinstance(exc, RuntimeError):   # (newer PyTorch's AcceleratorError is a RuntimeError)
        return False
    text = str(exc).lower()
    return any(words in text for words in ALLOCATOR_WORDS)


def never_backwards(progress: Callable[[float], None] | None) -> Callable[[float], None] | None:
    """``progress`` as a painting tried again smaller reports it: never below what was said before
    (the retry counts from 0 again: an /hq bar went back from 60% to 3%). Each report is still
    passed on, so a worker's watchdog, which counts them as steps, sees the retry moving."""
    if progress is None:
        return None
    said = [0.0]

    def onward(p: float) -> None:
        said[0] = max(said[0], p)
        progress(said[0])
    return onward


def painted_within_memory(paint: Callable[[int], Painting], photo_size: tuple[int, int], max_side: int,
                          job_id: str = "") -> Painting:
    """``paint(max_side)``, painted once more at smaller_side when it runs out of memory (only
    then: any other error is raised as it is). OutOfMemoryError (out_of_memory, naming the last
    side tried and a smaller one to ask for) when the smaller one runs out too;
    OutOfMemoryAtSmallestError (out_of_memory_smallest) when there is no smaller one."""
    try:
        return paint(max_side)
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
    free_memory()               # here, past the except block: the failed painting's frames are let go
    side = smaller_side(photo_size, max_side)
    if side is None:
        log.warning("job %s ran out of memory at max_side %s (photo %dx%d); it cannot be painted smaller",
                    job_id, max_side, *photo_size)
        raise OutOfMemoryAtSmallestError(side=_painted_side(photo_size, max_side))
    log.warning("job %s ran out of memory at max_side %s (photo %dx%d); painting it again at %d",
                job_id, max_side, *photo_size, side)
    try:
        return paint(side)
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
    free_memory()
    log.warning("job %s ran out of memory again at max_side %d; answered out_of_memory", job_id, side)
    smaller = side_to_suggest(photo_size, side)
    if smaller is None:
        raise OutOfMemoryAtSmallestError(side=side)
    raise OutOfMemoryError(side=side, smaller=smaller)


def side_to_suggest(photo_size: tuple[int, int], side: int) -> int | None:
    """The /size to suggest to a user whose painting ran out of memory even at ``side``: the next
    smaller_side, a round number (256, not 255) still below ``side``. Not a fixed size ("/size
    small", 384 px, was above the 362 px a default 512 px painting had failed at); None when the
    painting cannot go lower."""
    from . import options

    lower = smaller_side(photo_size, side)
    if lower is None:
        return None
    rounded = max(options.MIN_SIDE_LIMIT, round(lower / 32) * 32)
    return rounded if rounded < side else lower


def _painted_side(photo_size: tuple[int, int], max_side) -> int:
    """The longer side a painting at ``max_side`` had (a smaller photo keeps its own), as said to its user."""
    try:
        return min(int(max_side), max(photo_size))
    except (TypeError, ValueError):
        return max_side


def _torch_oom_types(torch) -> tuple[type, ...]:
    """torch.OutOfMemoryError (PyTorch 2.5 on), torch.cuda.OutOfMemoryError before it: the same class now."""
    found = (getattr(torch, "OutOfMemoryError", None), getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None))
    return tuple(t for t in found if isinstance(t, type))


def smaller_side(photo_size: tuple[int, int], max_side: int) -> int | None:
    """The longer side to paint at after running out of memory at ``max_side``: half the pixels
    of what was painted (a photo smaller than max_side is painted at its own size, never upscaled),
    not under the engine's minimum and still paintable (a panorama's short side); None when it
    cannot go lower."""
    from . import options
    from .errors import EngineError
    from .images import MIN_PAINT_SIDE, fit_size

    try:
        max_side = options.max_side(max_side)
    except EngineError:         # (stylize refuses such a max_side before it paints)
        return None
    side = max(options.MIN_SIDE_LIMIT, int(min(max_side, max(photo_size)) / math.sqrt(2)))
    before, after = fit_size(photo_size, max_side), fit_size(photo_size, side)
    if after[0] * after[1] >= before[0] * before[1] or min(after) < MIN_PAINT_SIDE:
        return None             # (a thin panorama keeps its pixels down to some side: fit_size)
    return side


def free_memory() -> None:
    """Hand back what the failed painting held: its tensors (cycles through its traceback's
    frames) and, on a GPU, PyTorch's cache of freed blocks, so the retry has it all. Call it
    outside the ``except`` block: the exception being handled still holds those frames."""
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_initialized():     # never start CUDA on a CPU host for this
        torch.cuda.empty_cache()


def photo_dimensions(image: bytes) -> tuple[int, int] | None:
    """A photo's width and height as its header says, nothing decoded (picture_header): for the
    queue, which sizes the retry of a job whose worker was killed for memory without painting it.
    None when Pillow cannot tell (the worker then says what is wrong with it)."""
    import importlib

    from .picture_header import picture_size

    # engine.images raises Pillow's picture-size limit as the worker's (a 300 MP JPEG is painted
    # at a draft scale): without it such a photo's size read as none
    importlib.import_module(".images", __package__)
    return picture_size(image)


def out_of_memory_at(photo_size: tuple[int, int], max_side) -> OutOfMemoryError:
    """The answer for a painting that ran out of memory at ``max_side`` with no retry left:
    out_of_memory naming the side it had and a smaller /size to ask for (side_to_suggest), or
    out_of_memory_smallest when it cannot be painted smaller."""
    side = _painted_side(photo_size, max_side)
    smaller = side_to_suggest(photo_size, side)
    if smaller is None:
        return OutOfMemoryAtSmallestError(side=side)
    return OutOfMemoryError(side=side, smaller=smaller)
