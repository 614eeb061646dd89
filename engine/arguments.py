"""argparse types and checks of the engine's command lines (`python -m engine ...`, its worker
and submit): a bad argument is one line and exit 2, found before any slow work."""
from __future__ import annotations

import argparse
import errno
import math
import os
import tempfile
from pathlib import Path


def _whole_number(minimum: int, words: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise argparse.ArgumentTypeError(f"a whole number of {words}, not {text!r}")
        return value

    return parse


positive_int = _whole_number(1, "1 or more")          # counts and sizes that must be at least 1
non_negative_int = _whole_number(0, "0 or more")      # counts that may be 0


def _number(ok, words: str):
    """argparse type of a finite number for which ``ok(value)`` holds."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and ok(value)):
            raise argparse.ArgumentTypeError(f"a number {words}, not {text!r}")
        return value

    return parse


positive_float = _number(lambda v: v > 0, "above 0")                 # rates and durations
non_negative_float = _number(lambda v: v >= 0, "of 0 or more")       # loss weights
fraction = _number(lambda v: 0 <= v <= 1, "from 0 to 1")             # a strength


def pixels(minimum: int, maximum: int | None = None):
    """argparse type of a side in pixels, from ``minimum`` (smaller crops and pictures leave VGG's
    deepest layer with less than its 3x3 padding needs) to ``maximum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            limits = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
            raise argparse.ArgumentTypeError(f"a size in pixels {limits}, not {text!r}")
        return value

    return parse


MIN_CROP = 16           # VGG's relu4_1 is 1/8 of the crop: 2 pixels, what its reflection padding needs


def picture_side(text: str) -> int:
    """argparse type of --max-side: the engine's limits (64..2048)."""
    from .options import MAX_SIDE_LIMIT, MIN_SIDE_LIMIT

    return pixels(MIN_SIDE_LIMIT, MAX_SIDE_LIMIT)(text)


def method_list(module: str):
    """argparse type of --methods: a comma list of ``engine.<module>.METHODS``, checked before any
    painting (an unknown one used to end a long run with a KeyError)."""

    def parse(text: str) -> list[str]:
        import importlib

        mod = importlib.import_module(f"engine.{module}")
        try:
            return mod.method_list(text, mod.METHODS)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


STYLE_MIX_HELP = "mix up to 4 as gogh:0.7,monet:0.3 or by repeating it (--style gogh --style monet:0.3)"


def style_mix(text: str) -> list[tuple[str, float]]:
    """argparse type of --style (stylize's and submit's; give it action="extend"): one style or a
    comma list, each optionally :WEIGHT: `gogh`, `monet:0.3`, `gogh:0.7,monet:0.3`,
    `path/to/painting.jpg:2` -> [(style, weight)]. A painting's file that exists is taken whole
    (its name may hold a comma or a colon). Each weight is checked here (a finite number, 0 or
    more); one of the whole mix above 0 by the command (mix_weights), over every --style."""
    if os.path.isfile(text):                    # (False for a name the OS refuses)
        return [(text, 1.0)]
    name, sep, _ = text.rpartition(":")
    if sep and os.path.isfile(name):
        return [_one_style(text, text)]
    parts = [part.strip() for part in text.split(",")]
    mix = [_one_style(part, text) for part in parts]
    _refuse_a_missing_file_split(text, parts, mix)
    return mix


def _refuse_a_missing_file_split(text: str, parts: list[str], mix: list[tuple[str, float]]) -> None:
    """A missing file whose name holds a comma ("a,b.jpg", "my photos/a, b.png") was read as a mix
    of "a" and "b.jpg", and the engine then said "a" is no style: said missing, as one file, where
    the whole looks like a file's name, no part has a weight (gogh:0.7: a mix meant) and a part is
    neither an artist nor a file that is there."""
    from .images import looks_like_path

    if len(parts) < 2 or not looks_like_path(text) or any(name != part for (name, _), part in zip(mix, parts)):
        return
    from styles import load_catalog

    catalog = load_catalog()
    unknown = [name for name, _ in mix if catalog.get(name) is None and not os.path.isfile(name)]
    if unknown:
        raise argparse.ArgumentTypeError(f"file not found: {text!r} (nor is it a mix: no artist or file is named "
                                         + " or ".join(repr(name) for name in unknown) + ")")


def checked_mix(styles: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Every --style of a command, checked before any slow work (the engine, a connection): at most
    4, one weight above 0 (mix_weights). An artist (by any of its names) or a file named twice is
    one part of the mix with both weights, as the bots' /mix takes "gogh 0.7 monet gogh"; a mix
    that is one style named twice ("gogh,gogh") is refused, as /mix refuses it: a mix takes 2 to
    4 different styles."""
    from .errors import BadOptionError
    from .options import mix_weights
    from styles import load_catalog

    mix_weights([weight for _, weight in styles])
    if len(styles) < 2:
        return list(styles)
    catalog = load_catalog()
    merged: dict[str, tuple[str, float]] = {}
    for name, weight in styles:
        artist = catalog.get(name)
        key = f"artist:{artist.slug}" if artist else f"file:{os.path.normpath(name)}"
        merged[key] = (merged[key][0], merged[key][1] + weight) if key in merged else (name, weight)
    if len(merged) < 2:
        name = styles[0][0]
        raise BadOptionError(detail=f"--style names {name!r} more than once, and a mix takes 2 to 4 different "
                                    f"styles: add another, or paint with --style {name!r} alone")
    return list(merged.values())


def _one_style(part: str, text: str) -> tuple[str, float]:
    from .errors import BadOptionError
    from .options import number

    name, sep, weight = part.rpartition(":")
    if not part or (sep and not name.strip()):
        raise argparse.ArgumentTypeError(f"an artist or a painting, optionally :WEIGHT (gogh, monet:0.3, "
                                         f"gogh:0.7,monet:0.3), not {text!r}")
    if not sep or not weight.strip():               # `gogh`, `gogh:`
        return (name or part).strip(), 1.0
    try:
        value = float(weight)
    except ValueError:
        from .images import looks_like_path

        # a painting's name with a colon (C:\paintings\a.jpg, ./a:b.jpg missing): no weight; the
        # command says the file is missing, not "'b.jpg' is not a weight"
        if looks_like_path(part):
            return part, 1.0
        raise argparse.ArgumentTypeError(f"{weight!r} is not a weight (a number, as in gogh:0.7)") from None
    try:
        if number(value, "a style weight") < 0:
            raise BadOptionError(detail="style weights must be 0 or more")
    except BadOptionError as exc:
        raise argparse.ArgumentTypeError(exc.params["detail"]) from None
    return name.strip(), value


def check_writable(path: Path, *, folder: bool) -> None:
    """EngineError unless ``path`` (a file, or a folder with ``folder``) can be written, checked
    before slow work (painting, training) and creating nothing: the nearest existing folder on the
    way must be a folder and take a new file. A full disk or quota there (ENOSPC, EDQUOT) is that
    OSError, naming ``path``: the CLI's exit 75, not a bad argument's 2."""
    from .errors import EngineError

    if path.exists():
        if folder and not path.is_dir():
            raise EngineError(f"{path} is a file, not a folder")
        if not folder and path.is_dir():
            raise EngineError(f"{path} is a folder; name a file")
        if not folder and not os.access(path, os.W_OK):
            raise EngineError(f"cannot write {path}: permission denied")
    existing = path if folder else path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise EngineError(f"cannot write {path}: {existing} is a file, not a folder")
    try:
        tempfile.NamedTemporaryFile(dir=existing, prefix=".write-check-").close()
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            # A full disk (or quota) is no bad argument: the OSError it is, which the CLI says in one
            # line and exits 75 on (as when a save meets it), so the bot keeps the style queued.
            raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(path)) from None
        raise EngineError(f"cannot write {path}: {exc.strerror or exc}") from None


def channel_list(text: str) -> tuple[int, int, int]:
    """argparse type of --channels: three positive integers, "32,64,128"."""
    try:
        channels = tuple(int(c) for c in text.split(","))
    except ValueError:
        channels = ()
    if len(channels) != 3 or min(channels) < 1:
        raise argparse.ArgumentTypeError(f"three channel counts like 32,64,128, not {text!r}")
    return channels
