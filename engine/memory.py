"""Keep freed memory for the next painting instead of handing it back to the OS (glibc only).

A painting allocates activations of tens of megabytes at a time. glibc serves blocks that large
straight from the OS (mmap) and unmaps them on free, so every painting touches all its memory
for the first time again: 300,000-480,000 page faults for one 512 px AdaIN painting in fp32,
20-30% of its time on a 2-core VM (bench/results/malloc_speed.md). Raising glibc's mmap and
trim thresholds keeps those blocks in the heap for reuse. The price: the process keeps the
memory of its largest painting so far (its peak RSS) instead of shrinking between jobs.

An operator who prefers memory back sets glibc's own variables, which then win, e.g.
``MALLOC_TRIM_THRESHOLD_=131072``; ``load_engine(keep_freed_memory=False)`` leaves glibc alone.
"""
from __future__ import annotations

import ctypes
import logging
import os

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1       # mallopt parameters, from glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 30    # blocks of 1 GiB and more (2048 px fp32 relu1_1) still come from mmap
TRIM_THRESHOLD = 2**31 - 1  # never give the heap's free top back (mallopt takes an int)

_applied: bool | None = None


def operator_tuned_malloc() -> bool:
    """Whether glibc's malloc settings came from the environment (the operator's choice)."""
    if any(os.environ.get(v) for v in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")):
        return True
    return "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", "")


def keep_freed_memory() -> bool:
    """Set the thresholds once per process. True when they are set; False on a C library
    without ``mallopt`` (musl, macOS) or when the operator tuned glibc through the environment."""
    global _applied
    if _applied is None:
        _applied = _set_thresholds()
    return _applied


def _set_thresholds() -> bool:
    if operator_tuned_malloc():
        log.info("malloc: leaving glibc's settings from the environment as they are")
        return False
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):
        return False
    ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    if ok:
        log.debug("malloc: freed memory is kept for the next painting")
    return ok
