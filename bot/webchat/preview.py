"""A picture the page can draw for an upload that browsers cannot (a HEIC photo, an iPhone's
original, outside Safari; a TIFF, JPEG 2000 or QOI anywhere) as a small JPEG, so the user's own
message shows their photo, not a placeholder. The bot paints the original; this is only what the
page shows of it."""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from engine.colour_spaces import nclx_to_srgb
from engine.images import open_image

PREVIEW_SIDE = 640          # the chat shows a photo at most 560 px wide: room for a sharper screen
UNDRAWN = ("HEIF",)         # Pillow's (pillow-heif's) name for HEIC and HEIF
# the starts of the files no browser draws, which the engine's own decoder opens (float TIFFs too)
NEVER_DRAWN = (b"II*\x00", b"MM\x00*", b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xffO\xffQ", b"qoif")

register_heif_opener()      # as bot.images and engine.images


def undrawn(data: bytes) -> bool:
    """Cheaply, before any decoding: an ISO base media file (HEIC, HEIF, AVIF), which ``preview``
    looks at further, or a TIFF, JPEG 2000 or QOI file. JPEG, PNG and the other pictures a
    browser draws are not."""
    return data[4:8] == b"ftyp" or data.startswith(NEVER_DRAWN)


def preview(data: bytes, max_mb: float, max_megapixels: float) -> bytes | None:
    """A JPEG of ``data`` at most PREVIEW_SIDE a side, or None: a format the browser draws itself
    (AVIF), over the upload limits (the bot refuses it anyway: nothing is decoded), or broken
    (the page keeps its placeholder). Takes a while for a large photo: call it off the loop."""
    if len(data) > max_mb * 1024 * 1024:
        return None
    if data.startswith(NEVER_DRAWN):
        return _decoded_preview(data, max_megapixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # the limit below decides
            with Image.open(io.BytesIO(data)) as im:
                if im.format not in UNDRAWN or im.width * im.height > max_megapixels * 1_000_000:
                    return None
                im.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))     # an embedded thumbnail where big enough
                icc = im.info.get("icc_profile")              # Display P3: the browser converts it
                # code points only where no profile says it (as the engine's to_srgb: not both)
                small = ImageOps.exif_transpose(im if icc else nclx_to_srgb(im, im.info.get("nclx_profile")))
        out = io.BytesIO()
        small.convert("RGB").save(out, "JPEG", quality=85, **({"icc_profile": icc} if icc else {}))
        return out.getvalue()
    except Exception:          # a damaged file: the command layer says what is wrong with it
        return None


def _decoded_preview(data: bytes, max_megapixels: float) -> bytes | None:
    """A TIFF's (8-bit to float), JPEG 2000's or QOI's preview, through the engine's decoder (its
    colour, orientation and limits), within the upload's megapixel limit; None for a file the
    bot will refuse anyway."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # the limit below decides
            with Image.open(io.BytesIO(data)) as im:     # its size before decoding (a float TIFF: not here)
                if im.width * im.height > max_megapixels * 1_000_000:
                    return None
    except Exception:
        pass
    try:
        small = open_image(data, working_side=PREVIEW_SIDE)
        small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
        out = io.BytesIO()
        small.save(out, "JPEG", quality=85)
        return out.getvalue()
    except Exception:          # damaged, or over a limit: the command layer says what is wrong with it
        return None
