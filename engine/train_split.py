"""Which photos of a training folder train and which validate: a fixed ~10% validation split by
a hash of the file name, stable across runs (a small folder with none there, or none there that
can be read, holds a readable one out anyway: ``fallback_validation``). Without torch, so the bot can tell whether a folder
holds photos to train on (and readable validation photos to judge on) before it starts a training
run (bot/style_training.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
# How a verdict line (train_adaptive.export_style) says it was taken on photos the model trained on
# (``validation_reused``): "(" and these words begin its last part. The bot's trainer looks for them
# (bot/style_training.py, without torch: here); a style's name has no "(".
JUDGED_ON_TRAINED = "(judged on the photos it trained on"


# A folder whose file names put none in the hashed tenth holds out one photo anyway once it has this
# many readable ones (one to judge on, the rest to train on): a folder of 5 photos had none held out
# more often than not (0.9 ** 5), and the bot then trained no community style, saying so only in
# its log. Below it, every photo trains.
MIN_FOR_FALLBACK = 3


def _name_hash(path: Path) -> int:
    return int(hashlib.sha1(path.name.encode()).hexdigest(), 16)


def is_validation(path: Path, every: int = 10) -> bool:
    """Whether the file name falls in the fixed ~10% validation split of train/ (a hash of the
    name, stable across runs). ``list_images`` also holds one photo out of a small folder that
    has none there."""
    return _name_hash(path) % every == 0


_FALLBACKS: dict[tuple, Path | None] = {}


def fallback_validation(files: list[Path]) -> Path | None:
    """The photo held out of ``files`` when none of their names falls in the hashed tenth: the
    first readable one in the order of the names' hashes, provided MIN_FOR_FALLBACK of them are
    readable; else None. The same files (names, sizes, times) give the same answer: it depends on
    nothing else. Decodes photos in that order until it knows (usually MIN_FOR_FALLBACK of them);
    the answer is kept for as long as the files stay the same."""
    if len(files) < MIN_FOR_FALLBACK:
        return None
    try:
        key = tuple((str(p), st.st_size, st.st_mtime_ns) for p in files for st in (p.stat(),))
    except OSError:                     # one gone meanwhile: decide without the cache
        key = None
    if key is not None and key in _FALLBACKS:
        return _FALLBACKS[key]
    readable = []
    for path in sorted(files, key=lambda p: (_name_hash(p), p.name)):
        if unreadable(path) is None:
            readable.append(path)
            if len(readable) == MIN_FOR_FALLBACK:
                break
    chosen = readable[0] if len(readable) == MIN_FOR_FALLBACK else None
    if key is not None:
        if len(_FALLBACKS) > 64:
            _FALLBACKS.clear()
        _FALLBACKS[key] = chosen
    return chosen


_SPLITS: dict[tuple, tuple[frozenset, bool]] = {}


def _validation_set(files: list[Path]) -> tuple[frozenset, bool]:
    """The photos of ``files`` held out for validation: the hashed tenth, or, when none of those
    can be read (or none is there), also the one ``fallback_validation`` picks among the others
    (a folder whose hashed photos were all unreadable had no photo to judge a model on); and
    whether they train too (``_reused``). Kept for as long as the files stay the same (it decodes
    a photo or two)."""
    try:
        key = tuple((str(p), st.st_size, st.st_mtime_ns) for p in files for st in (p.stat(),))
    except OSError:
        key = None
    if key is not None and key in _SPLITS:
        return _SPLITS[key]
    held = {p for p in files if is_validation(p)}
    if not held or first_readable(sorted(held)) is None:
        extra = fallback_validation([p for p in files if p not in held])
        if extra is not None:
            held.add(extra)
    split = frozenset(held), _reused(files, frozenset(held))
    if key is not None:
        if len(_SPLITS) > 64:
            _SPLITS.clear()
        _SPLITS[key] = split
    return split


def list_images(folder: Path, split: str = "train") -> list[Path]:
    """The photos of ``folder`` in ``split``: "train", "val" or "all". "val" is the hashed tenth
    (``is_validation``), with the one ``fallback_validation`` picks when no name falls there or
    none of those there can be read. When none but those can be read, "train" is them too
    (``validation_reused``): a single photo trains."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if split == "all":
        return files
    held, reused = _validation_set(files)
    if split == "train" and reused:
        return [p for p in files if p in held]
    want_val = split == "val"
    return [p for p in files if (p in held) == want_val]


def _reused(files: list[Path], held: frozenset) -> bool:
    """Whether the validation photos also train: none of the others can be read, and one of them
    can (a folder of one photo that the hash holds out failed every run as "no training photos")."""
    rest = [p for p in files if p not in held]
    return bool(held) and first_readable(rest) is None and first_readable(sorted(held)) is not None


def validation_reused(folder: Path) -> bool:
    """Whether ``folder``'s only readable photos are its validation ones, which then train too:
    a verdict taken on them is taken on photos trained on (training says so)."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return _validation_set(files)[1]


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
