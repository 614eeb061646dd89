"""Weights files written with the permissions any new file of the user's gets (0644 under umask 022).

safetensors' ``save_file`` writes a private temp file and renames it, so its files came out 0600
whatever the umask: weights exported into engine/weights/ (or built into styles/descriptors/) by
root were unreadable to the Docker image's user 1000.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

_READING = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where Linux tells it (/proc/self/status):
    reading it with os.umask sets it meanwhile, process-wide, and another thread's files (the
    bot's /addstyle describer writes from a thread) came out 0600, or it stayed 077 for good when
    two threads read it at once."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _READING:             # elsewhere: set and put back, one thread at a time
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def save_file(tensors, path: str | Path, metadata: dict[str, str] | None = None) -> None:
    """safetensors.torch.save_file, then the mode a new file gets from the umask."""
    from safetensors.torch import save_file as save

    save(tensors, path, metadata=metadata)
    os.chmod(path, 0o666 & ~current_umask())
