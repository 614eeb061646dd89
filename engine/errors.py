"""Errors the engine raises for bad input: each carries a message key and parameters.

Front-ends translate ``key`` (with ``params``) into the user's language; ``str(error)`` is a plain
English sentence for the CLI and logs.
"""
from __future__ import annotations


# A training command's exit status for "run it again later" (EX_TEMPFAIL): the disk or quota is
# full, or another run trains in its --out; nothing is wrong with the command, its checkpoint is
# whole, and bot/style_training.py puts the style back in line on it instead of failing it.
TRY_AGAIN = 75


class EngineError(Exception):
    key = "engine_error"
    template = "Something went wrong while painting your picture."

    def __init__(self, message: str | None = None, **params):
        self.params = params
        super().__init__(message or self.template.format(**params))


class BadImageError(EngineError):
    key = "bad_image"
    template = "That file could not be read as an image."


class NotAnImageError(BadImageError):
    key = "not_an_image"
    template = "That file is not an image (JPEG, PNG, HEIC, WebP, AVIF, GIF, BMP or TIFF work)."


class TruncatedImageError(BadImageError):
    key = "truncated_image"
    template = "That image file is incomplete or damaged; please send it again."


class ImageTooLargeError(BadImageError):
    key = "image_too_large"
    template = "That image is too large ({pixels} megapixels; the limit is {limit})."


class ImageTooSmallError(BadImageError):
    key = "image_too_small"
    template = "That image is too small ({width}x{height}); send one at least {minimum} pixels on each side."


class ImageTooThinError(BadImageError):
    key = "image_too_thin"
    template = ("That image is too long and thin to paint ({width}x{height}); crop it to at most "
                "{ratio}:1 and send it again.")


class UnknownStyleError(EngineError):
    key = "unknown_style"
    template = "I don't know the style '{name}'."
    SHOWN = 60              # characters of the name quoted: a pasted page is not repeated back whole

    def __init__(self, name: str, suggestions: list[str] | None = None):
        name = " ".join(str(name).split())     # one line, whatever was typed
        self.name = name
        self.suggestions = list(suggestions or [])
        shown = name if len(name) <= self.SHOWN else name[:self.SHOWN] + "…"
        text = self.template.format(name=shown)
        if self.suggestions:        # alternatives, as the bot says them: "monet or mondrian", "a, b or c"
            *others, last = self.suggestions
            text += " Did you mean: " + (f"{', '.join(others)} or {last}" if others else last) + "?"
        super().__init__(text, name=shown, suggestions=self.suggestions)


class MissingFileError(EngineError):
    """A photo or painting named by a path (the API's and the command line's callers) with no
    file there: nothing, or a folder. A path too long to be a name (a pasted text) is echoed
    shortened, in the message and the job result's parameters alike."""
    key = "file_not_found"
    template = "file not found: {path}"      # (lower case, as the command line's other errors)
    SHOWN = 200             # characters of the path echoed

    def __init__(self, message: str | None = None, **params):
        path = params.get("path")
        if isinstance(path, str) and len(path) > self.SHOWN:
            params["path"] = path[:self.SHOWN - 1] + "…"
        super().__init__(message, **params)


class BadOptionError(EngineError):
    key = "bad_option"
    template = "Invalid option: {detail}"


class CancelledError(EngineError):
    key = "cancelled"
    template = "The job was cancelled."


class DamagedStyleFileError(EngineError):
    """A style's file sent as its bytes (a community style's .safetensors: a descriptor or an
    adaptive style) that is no whole safetensors file: cut short, or garbage. Every try fails
    alike, and only adding the style again mends it; front-ends say so (the bot's
    style_file_damaged text, naming the style). A whole file of another kind stays an
    engine_error."""
    key = "style_file_damaged"
    template = "That style's file is damaged ({detail}); it has to be added again."


class OutOfMemoryError(EngineError):
    """A painting that ran out of memory (RAM, or the GPU's) at its size and again at a smaller
    one (run_job tries it once smaller): too big for this host now; a smaller /size may fit."""
    key = "out_of_memory"
    template = ("That picture was too big for this server's memory right now (even at {side} px); "
                "try a smaller size, such as {smaller} px.")


class OutOfMemoryAtSmallestError(OutOfMemoryError):
    """OutOfMemoryError at the smallest size the picture can be painted at: no smaller size to suggest."""
    key = "out_of_memory_smallest"
    template = ("That picture was too big for this server's memory right now (even at {side} px, the "
                "smallest it can be painted at); try again later.")
