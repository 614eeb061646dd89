"""A picture the page can draw for an upload that browsers other than Safari cannot: a HEIC photo
(an iPhone's original) as a small JPEG, so the user's own message shows their photo, not a
placeholder. The bot paints the original; this is only what the page shows of it."""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from engine.colour_spaces import nclx_to_srgb

PREVIEW_SIDE = 640          # the chat shows a photo at most 560 px wide: room for a sharper screen
UNDRAWN = ("HEIF",)         # Pillow's (pillow-heif's) name for HEIC and HEIF

register_heif_opener()      # as bot.images and engine.images


def undrawn(data: bytes) -> bool:
    """Cheaply, before any decoding: an ISO base media file (HEIC, HEIF, AVIF), which ``preview``
    looks at further. JPEG, PNG and the other pictures a browser draws are not."""
    return data[4:8] == b"ftyp"


def preview(data: bytes, max_mb: float, max_megapixels: float) -> bytes | None:
    """A JPEG of ``data`` at most PREVIEW_SIDE a side, or None: a format the browser draws itself
    (AVIF), over the upload limits (the bot refuses it anyway: nothing is decoded), or broken
    (the page keeps its placeholder). Takes a while for a large photo: call it off the loop."""
    if len(data) > max_mb * 1024 * 1024:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # the limit below decides
            with Image.open(io.BytesIO(data)) as im:
                if im.format not in UNDRAWN or im.width * im.height > max_megapixels * 1_000_000:
                    return None
                im.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))     # an embedded thumbnail where big enough
                small = ImageOps.exif_transpose(nclx_to_srgb(im, im.info.get("nclx_profile")))
                icc = im.info.get("icc_profile")              # Display P3: the browser converts it
        out = io.BytesIO()
        small.convert("RGB").save(out, "JPEG", quality=85, **({"icc_profile": icc} if icc else {}))
        return out.getvalue()
    except Exception:          # a damaged file: the command layer says what is wrong with it
        return None
