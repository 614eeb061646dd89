"""Weights files written with the permissions any new file of the user's gets (0644 under umask 022).

safetensors' ``save_file`` writes a private temp file and renames it, so its files came out 0600
whatever the umask: weights exported into engine/weights/ (or built into styles/descriptors/) by
root were unreadable to the Docker image's user 1000.
"""
from __future__ import annotations

import os
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0o077)      # read by setting it: meanwhile the most private value, for other threads' files
    os.umask(mask)
    return mask


def save_file(tensors, path: str | Path, metadata: dict[str, str] | None = None) -> None:
    """safetensors.torch.save_file, then the mode a new file gets from the umask."""
    from safetensors.torch import save_file as save

    save(tensors, path, metadata=metadata)
    os.chmod(path, 0o666 & ~current_umask())
