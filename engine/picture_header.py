"""A picture's width and height as its header says, nothing decoded: the one reader of the
bot's (bot.painted_size: whether a painting came out smaller than asked) and the queue's
(engine.out_of_memory.photo_dimensions: the size a job killed for memory is retried at).

Pillow and its HEIC opener only: the bot's and the queue's processes run without torch, and
importing this pulls none in (engine/__init__ imports nothing heavy either)."""
from __future__ import annotations

import io
import warnings

from PIL import Image
from pillow_heif import register_heif_opener

register_heif_opener()        # iPhone originals, as the worker reads them (engine.images registers it too)


def picture_size(data) -> tuple[int, int] | None:
    """``data``'s (bytes, bytearray, memoryview) width and height; None where Pillow cannot tell
    (no picture, a float TIFF, nothing at all, one past Pillow's picture-size limit, which whoever
    imports engine.images or bot.images raises). Blocking: a HEIC's header takes tenths of a
    second, so callers on the event loop run it on a thread."""
    if not data:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)    # (a header only: no pixels)
            with Image.open(io.BytesIO(bytes(data))) as im:
                return im.size
    except Exception:       # any unreadable file: Pillow raises more kinds than it documents
        return None
