"""TIFFs of floating-point samples (HDR and scientific exports: 16-, 32- or 64-bit floats, grey or
RGB), which Pillow cannot open, read with tifffile (pure Python on numpy). Torch-free: the bot
checks uploads with it.

Floats are linear light with 1.0 as diffuse white, grey and RGB alike. That is the convention of
the HDR tools that write RGB floats (Photoshop's 32-bit mode, OpenEXR and Radiance converters),
and of those that write grey ones as pictures: Photoshop's 32-bit Greyscale, a PFM's "Pf", a
black-and-white HDR. Scientific grey floats in 0..1 are mostly measured light too (a sensor's,
a microscope's, a telescope's counts scaled to 1), and light is linear. Grey was read as display
levels (0.5 shown as level 128, where the same value in RGB is 188): the grey version of an RGB
float picture came out darker than the picture itself. So both are shown through sRGB's curve,
highlights past 1 rolled off by colour_spaces.tone_map instead of clipped, and never stretched
by the brightest pixel (which made an HDR picture dark). That is taken to be the scale where the
median is at most 1; past it, a picture within 0..255 reaching at least LEVELS_SPAN is 8-bit
levels stored as floats (Pillow's own float convention: shown as they are). Any other: RGB is
light in absolute units (cd/m2, radiance; a scene brighter than white), exposed so that its
median is middle grey (0.18) and rolled off the same way, one global scale and curve; grey is
data of other units (heights, depths, a signed index with negative values) with no light to
keep, stretched between its 0.5th and 99.5th percentiles. Grey floats become Pillow's "F", which
engine.images reads by float_levels like Pillow's own float TIFFs.

A TIFF that neither Pillow nor this can read (LZW or the floating-point predictor without the
imagecodecs package, integer kinds Pillow lacks) is named as such (UnsupportedTiffError), so the
user hears to send a JPEG or PNG rather than "not an image".
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from PIL import Image

from .colour_spaces import CHUNK_PIXELS, linear_to_srgb8, tone_map
from .errors import BadImageError
from .file_structure import TIFF_HEADERS

# what decoding one may allocate: that of an 8-bit RGBA picture at engine.images.MAX_PIXELS (a
# float64 RGB TIFF takes 24 bytes a pixel, and a flat one compresses to almost nothing)
DECODED_BYTES = 256_000_000
LEVEL_SAMPLE = 1_000_000       # values looked at to choose the scale (as engine.images.grey_levels)
LEVELS_SPAN = 32.0             # 8-bit levels stored as floats reach past this (HDR's 1.0-white rarely does)
MIDDLE_GREY = 0.18             # where a picture in other units has its median put
ROUNDING = 0.5 / 255           # below 0 by this much is rounding noise, not data
TRANSPOSES = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


class UnsupportedTiffError(BadImageError):
    key = "tiff_not_supported"
    template = ("That kind of TIFF cannot be read: the way its pixels are stored or compressed (as in "
                "some scientific and HDR exports) is not supported. Save it as a JPEG or PNG.")


@dataclass
class FloatTiff:
    """The first picture of a float TIFF, its header read (nothing decoded yet)."""
    page: object                 # tifffile.TiffPage
    width: int                   # as stored
    height: int
    samples: int
    orientation: int             # TIFF's tag 274, as EXIF's

    @property
    def max_pixels(self) -> int:
        """The most pixels of this kind (samples, bytes each) that decode within DECODED_BYTES."""
        return DECODED_BYTES // (self.samples * int(getattr(self.page.dtype, "itemsize", 8) or 8))

    def read(self) -> np.ndarray:
        """The samples, (height, width, samples), as stored. tifffile's errors for data cut short
        or damaged (ValueError, zlib.error, ...) are the caller's to catch."""
        arr = self.page.asarray()
        h, w, s = self.height, self.width, self.samples
        if s > 1 and arr.shape == (s, h, w) and arr.shape != (h, w, s):      # planes, one per sample
            arr = np.moveaxis(arr, 0, -1)
        return arr.reshape(h, w, s)


def open_float_tiff(data: bytes, file: BinaryIO | None = None) -> FloatTiff | None:
    """The float TIFF in ``data``; None where ``data`` is no TIFF tifffile can parse;
    UnsupportedTiffError for a TIFF it parses whose pictures cannot be read here. Read from
    ``file`` where given (the same file, open: ``data`` then only its first bytes are looked at,
    and a path's file is read as tifffile reads it, not copied whole into memory first)."""
    if data[:4] not in TIFF_HEADERS:
        return None
    import tifffile                 # here: 0.1 s to import, for the few uploads that need it

    try:
        page = tifffile.TiffFile(io.BytesIO(data) if file is None else file).pages[0]
        h, w, s = int(page.imagelength), int(page.imagewidth), int(page.samplesperpixel)
        tag = page.tags.get(274)
        orientation = int(tag.value) if tag is not None else 1
    except Exception:               # not a TIFF after all, or one too broken to read its directory
        return None
    if h < 1 or w < 1:              # no picture in it at all
        return None
    try:
        readable = (getattr(page.dtype, "kind", "") == "f" and s in (1, 2, 3, 4)
                    and tuple(page.shape) in ((h, w), (h, w, s), (s, h, w))
                    and page.compression in tifffile.TIFF.DECOMPRESSORS
                    and page.predictor in tifffile.TIFF.UNPREDICTORS)
    except Exception:
        readable = False
    if not readable:
        raise UnsupportedTiffError()
    return FloatTiff(page, w, h, s, orientation)


def to_image(arr: np.ndarray, orientation: int = 1) -> Image.Image:
    """Decoded float samples as a picture: RGB(A) as 8-bit sRGB (see the module's note), grey as
    "F" (which engine.images reads by float_levels too; alpha beside grey is dropped: it reads
    "F" alone), turned upright."""
    if arr.shape[-1] >= 3:
        rgb = float_levels(arr[..., :3])
        im = Image.fromarray(rgb, "RGB")
        if arr.shape[-1] == 4:
            alpha = np.clip(np.nan_to_num(arr[..., 3].astype(np.float32), nan=1.0), 0, 1)
            im.putalpha(Image.fromarray((alpha * 255 + 0.5).astype(np.uint8), "L"))
    else:
        im = Image.fromarray(np.ascontiguousarray(arr[..., 0], dtype=np.float32), "F")
    return im.transpose(TRANSPOSES[orientation]) if orientation in TRANSPOSES else im


def float_levels(samples: np.ndarray) -> np.ndarray:
    """(H, W, 3) RGB or (H, W, 1) grey floats to 8-bit sRGB (see the module's note), a band of
    rows at a time (a 64 MP picture's float copies would take gigabytes). NaN is black,
    infinity the brightest value (white)."""
    black, white, linear = _scale(samples)
    rows = max(1, CHUNK_PIXELS // max(1, samples.shape[1]))
    peak = 0.0                      # the brightest finite value, where the roll-off lands on 1
    for top in range(0, samples.shape[0] if linear else 0, rows):
        band = samples[top:top + rows].astype(np.float32)
        peak = max(peak, float(band[np.isfinite(band)].max(initial=0.0)))
    out = np.empty(samples.shape, np.uint8)
    for top in range(0, samples.shape[0], rows):
        band = samples[top:top + rows].astype(np.float32)
        np.nan_to_num(band, copy=False, nan=black, posinf=max(peak, white), neginf=black)
        band -= black
        band /= white - black
        if linear:
            out[top:top + rows] = linear_to_srgb8(tone_map(band, peak / white))
        else:
            np.clip(band, 0, 1, out=band)
            out[top:top + rows] = (band * 255 + 0.5).astype(np.uint8)
    return out


def _scale(samples: np.ndarray) -> tuple[float, float, bool]:
    """(the value shown as black, as white, whether it is linear light): see the module's note."""
    step = max(1, math.ceil(math.sqrt(samples.shape[0] * samples.shape[1] / LEVEL_SAMPLE)))
    sample = np.asarray(samples[::step, ::step], dtype=np.float64).ravel()
    sample = sample[np.isfinite(sample)]
    if not sample.size:
        return 0.0, 1.0, True
    median = float(np.median(sample))
    lo, hi = (float(v) for v in np.percentile(sample, [0.5, 99.5]))
    grey = samples.shape[-1] == 1
    if median <= 1.0 and not (grey and lo < -ROUNDING):
        return 0.0, 1.0, True
    if lo >= -0.5 and LEVELS_SPAN <= hi <= 255.5:
        return 0.0, 255.0, False
    if grey:                        # data of other units: stretched between the percentiles
        return lo, (hi if hi > lo else lo + 1.0), False
    return 0.0, median / MIDDLE_GREY, True
