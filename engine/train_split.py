"""Which photos of a training folder train and which validate: a fixed ~10% validation split by
a hash of the file name, stable across runs. Without torch, so the bot can tell whether a folder
holds photos to train on (and readable validation photos to judge on) before it starts a training
run (bot/style_training.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def is_validation(path: Path, every: int = 10) -> bool:
    """A fixed ~10% validation split of train/, by a hash of the file name (stable across runs)."""
    return int(hashlib.sha1(path.name.encode()).hexdigest(), 16) % every == 0


def list_images(folder: Path, split: str = "train") -> list[Path]:
    """The photos of ``folder`` in ``split``: "train", "val" or "all"."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if split == "all":
        return files
    want_val = split == "val"
    return [p for p in files if is_validation(p) == want_val]


def unreadable(path: Path) -> str | None:
    """Why the photo at ``path`` cannot be painted (cut short, not an image, too small, too large:
    engine.images.open_image's checks, as export_style opens it), in a few words; None when it
    can. Without torch."""
    from .errors import BadImageError
    from .images import open_image

    try:
        open_image(path).close()
    except BadImageError as exc:
        return exc.key.replace("_", " ")            # "truncated image", "image too small", ...
    except OSError as exc:                          # gone meanwhile, not readable by us
        return exc.strerror or type(exc).__name__
    return None


def first_readable(paths: list[Path]) -> Path | None:
    """The first of ``paths`` that ``unreadable`` finds nothing wrong with, else None (opening
    only as many as it takes: usually one)."""
    return next((p for p in paths if unreadable(p) is None), None)
