"""A file's kind by its name, told the same way everywhere: case-blind (KLIMT.SAFETENSORS is one
too, as a phone or Windows may name it)."""
from __future__ import annotations

from pathlib import Path

SAFETENSORS_SUFFIX = ".safetensors"


def is_safetensors(path: str | Path) -> bool:
    """Whether ``path`` names a safetensors file (weights, a descriptor, an adaptive style) by its suffix."""
    return Path(path).suffix.lower() == SAFETENSORS_SUFFIX
