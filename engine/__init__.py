"""The painting engine: ``load_engine().stylize(photo, "gogh")``. Importing loads no model."""
from .errors import (BadImageError, BadOptionError, CancelledError, EngineError, ImageTooLargeError,
                     ImageTooSmallError, MissingFileError, NotAnImageError, TruncatedImageError, UnknownStyleError)


def load_engine(*args, **kwargs):
    from .core import load_engine as _load

    return _load(*args, **kwargs)


def __getattr__(name):
    if name == "Engine":
        from .core import Engine

        return Engine
    raise AttributeError(name)


__all__ = ["load_engine", "Engine", "EngineError", "BadImageError", "NotAnImageError",
           "TruncatedImageError", "ImageTooLargeError", "ImageTooSmallError", "UnknownStyleError",
           "BadOptionError", "CancelledError", "MissingFileError"]
