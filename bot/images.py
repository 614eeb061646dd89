"""Cheap checks of uploads before they are queued, and the /preview grid (Pillow only, no torch).

The worker decodes every photo again with engine.images.open_image and reports the errors it
finds; this turns away what it can cheaply (not an image, too big, too small, too thin, cut short)
without spending a job or keeping a photo that cannot be painted. The limits below mirror
engine.images (tests/bot/test_images.py holds them equal): importing that module imports torch.
"""
from __future__ import annotations

import io
import math
import re
import warnings
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFile, ImageFont, PngImagePlugin, UnidentifiedImageError
from pillow_heif import register_heif_opener

from engine.file_structure import (cut_short, jpeg_buffered, jpeg_end_restored, jpeg_restore, jpeg_too_complex,
                                   jpeg_unended, png_metadata_bounded, png_without_refused_metadata)
from engine.float_tiff import FloatTiff, UnsupportedTiffError, open_float_tiff

from .upload_structure import JPEG2000_REDUCE, STRUCTURE_CODECS, data_within, jpeg2000_levels, png_default_image

MIN_SIDE = 32            # engine.images.MIN_SIDE
JPEG_MEGAPIXELS = 400    # engine.images.MAX_JPEG_PIXELS: JPEG decodes downscaled (not a progressive one)
JPEG_FORMATS = ("JPEG", "MPO")   # MPO: a phone's JPEG with a second (depth, preview) image: a JPEG
MIN_PAINT_SIDE = 16      # engine.images.MIN_PAINT_SIDE: a painting's shorter side at least
THIN_SHARE = 4           # engine.images.THIN_SHARE (fit_size)
PAINT_SIDE = 512         # the output side a strip is judged at unless told (Settings.MAX_SIDE's default)
READ_THROUGH_PIXELS = 4_000_000   # decoded whole up to this; past it a format's structure is checked
# ... and up to this where Pillow decodes the format in Python (QOI, DDS, plain PPM, RLE BMP: about
# 1.6 us a pixel, a 4 MP QOI 6.4 s)
PYTHON_READ_THROUGH_PIXELS = 250_000
# ... and refused past this (engine.images.PYTHON_MAX_PIXELS): no draft scale, a 64 MP QOI took the
# engine 70 s of CPU, 16 MP 21 s, a 4 MP one of noise 5.8 s here
PYTHON_MEGAPIXELS = 4
EXIF_ORIENTATION = 0x0112

register_heif_opener()   # HEIC photos (iPhone originals) are checked like the others (engine.images)

# Pillow refuses a header over twice MAX_IMAGE_PIXELS (2 x 89 MP) outright, which would turn away a
# 200 MP phone JPEG the engine can paint; check_upload applies the limits itself (as engine.images).
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < JPEG_MEGAPIXELS * 500_000:
    Image.MAX_IMAGE_PIXELS = JPEG_MEGAPIXELS * 500_000


class UploadError(Exception):
    """An upload the bot refuses; ``key`` and ``params`` name a message (bot/messages)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def megapixels(pixels: int) -> str:
    """For a reply about a limit passed: whole megapixels rounded up (400.04 is not "400", the
    limit), but never "0" for an image over a limit under 1 MP."""
    mp = pixels / 1e6
    return f"{math.ceil(mp)}" if mp >= 10 else f"{mp:.2g}"


def check_upload(data: bytes, max_mb: float, max_megapixels: float,
                 max_side: int = PAINT_SIDE) -> tuple[int, int]:
    """The image's size, or an UploadError: the header, then the whole file read cheaply (a
    damaged photo kept as the user's last one would fail every later command that paints it),
    then whether it can be painted at ``max_side`` at all (a strip past 1024:1 at 512: the
    engine's ImageTooThinError, said before the photo is queued and kept). A PNG refused for
    metadata Pillow will not inflate (megabytes of XMP) is judged by its pixels, as the engine
    paints it (engine.images.png_metadata_trimmed). A JPEG missing only its end marker (EOI) is
    judged with it (engine.file_structure.jpeg_end_restored), as the engine paints it; one with
    thousands of markers before its picture data, megabytes of fill in it, or more scans than any
    encoder writes (engine.file_structure.jpeg_too_complex), is refused before Pillow parses them
    all; a progressive or multi-scan one over ``max_megapixels`` as too large (libjpeg holds all
    its coefficients, at any draft scale). Each JPEG is decoded (at 1/8) once, or twice where its
    end is missing: at most about a second for a 20 MB file (it runs in a thread with no timeout)."""
    if len(data) > max_mb * 1024 * 1024:
        raise UploadError("file_too_large", size=round(len(data) / 1024 / 1024, 1), limit=max_mb)
    if jpeg_too_complex(data):      # 1M COM markers: 5 s in Pillow; 10,000 scans: seconds to minutes in libjpeg
        raise UploadError("truncated_image")
    if (unended := jpeg_unended(data)) is not None:
        # its one scan runs to the end of the file: decoded as it is, it can only fail after
        # reading it all (libjpeg waits for more), so the header is judged, then jpeg_end_restored's
        # two probes alone (four decodes were 1.3-2.3 s for 19 MB of a 400 MP frame)
        size = _check_upload(data, max_megapixels, max_side, decode=False)
        if jpeg_restore(unended) is None:
            raise UploadError("truncated_image")
        return size
    data = png_metadata_bounded(data) or data       # as the engine reads it: the profiles and texts Pillow inflates
    try:
        return _check_upload(data, max_megapixels, max_side)
    except UploadError as err:
        if err.key != "truncated_image":
            raise
        whole = png_without_refused_metadata(data, PngImagePlugin.MAX_TEXT_CHUNK, PngImagePlugin.MAX_TEXT_MEMORY) \
            or jpeg_end_restored(data)
        if whole is None:
            raise
    return _check_upload(whole, max_megapixels, max_side)


def _check_upload(data: bytes, max_megapixels: float, max_side: int, decode: bool = True) -> tuple[int, int]:
    """check_upload's checks of one file; without ``decode``, its header's alone (a JPEG whose
    probes decode it)."""
    tiff = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
                fmt = im.format
                turned = orientation(im) in (5, 6, 7, 8)
                readable = fmt != "EPS" and not isinstance(im, ImageFile.StubImageFile)   # engine.images.readable
                python = python_decoded(im)
    except Image.DecompressionBombError as exc:    # over JPEG_MEGAPIXELS: too large in any format
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        limit = JPEG_MEGAPIXELS if data[:3] == b"\xff\xd8\xff" and not jpeg_buffered(data) \
            else max_megapixels                       # the limit of its format
        raise UploadError("image_too_large", pixels=megapixels(int(pixels[1])) if pixels else "?",
                          limit=f"{limit:g}")
    except UnidentifiedImageError:     # Pillow knows no such picture: cut short, a float TIFF, or none
        tiff = unidentified(data)
        w, h, fmt, turned = tiff.width, tiff.height, "TIFF", tiff.orientation in (5, 6, 7, 8)
    except Exception:
        raise UploadError("truncated_image")
    if tiff is None and not readable:        # EPS (Ghostscript), WMF/EMF, HDF5, ...: nothing here reads them
        raise UploadError("not_an_image")
    # a progressive or multi-scan JPEG is decoded whole (every coefficient held): the others' limit
    limit = JPEG_MEGAPIXELS if fmt in JPEG_FORMATS and not jpeg_buffered(data) else max_megapixels
    if tiff is None and python:          # decoded in Python, whole (engine.images.PYTHON_MAX_PIXELS)
        limit = min(limit, PYTHON_MEGAPIXELS)
    if tiff is not None and w * h > tiff.max_pixels:     # floats: 8-24 bytes a pixel (engine.images)
        limit = min(limit, tiff.max_pixels / 1_000_000)
        raise UploadError("image_too_large", pixels=megapixels(w * h), limit=f"{limit:.3g}")
    if w * h > limit * 1_000_000:
        raise UploadError("image_too_large", pixels=megapixels(w * h), limit=f"{limit:g}")
    if min(w, h) < MIN_SIDE:
        raise UploadError("image_too_small", width=w, height=h, minimum=MIN_SIDE)
    if decode and not (reads_to_the_end(data, fmt, w * h) if tiff is None else float_tiff_decodes(tiff, w * h)):
        raise UploadError("truncated_image")
    upright = (h, w) if turned else (w, h)           # the engine names the size it paints: upright
    if min(fit_size(upright, max_side)) < MIN_PAINT_SIDE:   # engine.images.check_paintable
        raise UploadError("image_too_thin", width=upright[0], height=upright[1],
                          ratio=(max_side // MIN_PAINT_SIDE) ** 2)
    return w, h


def unidentified(data: bytes) -> FloatTiff:
    """A file Pillow does not recognise (engine.images._open_unidentified): an AVIF or a TIFF cut
    short, a TIFF neither Pillow nor tifffile can read, or not an image, refused; a float TIFF's
    header (HDR and scientific exports), which the engine paints."""
    if cut_short(data):
        raise UploadError("truncated_image")
    try:
        tiff = open_float_tiff(data)
    except UnsupportedTiffError as err:
        raise UploadError(err.key)
    if tiff is None:
        raise UploadError("not_an_image")
    return tiff


def float_tiff_decodes(tiff: FloatTiff, pixels: int) -> bool:
    """A float TIFF's strips lie within the file (cut_short read them); a small one is decoded
    too, as other small pictures are (a damaged deflate stream)."""
    if pixels > READ_THROUGH_PIXELS:
        return True
    try:
        tiff.read()
    except MemoryError:
        raise
    except Exception:
        return False
    return True


def fit_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """engine.images.fit_size, to the pixel: the size a picture is painted at."""
    w, h = size
    scale = min(1.0, max_side / max(w, h))
    if min(w, h) * scale < max_side / THIN_SHARE:
        scale = max(scale, min(1.0, max_side / THIN_SHARE / min(w, h), max_side / math.sqrt(w * h)))
    return max(1, round(w * scale)), max(1, round(h * scale))


def orientation(im: Image.Image) -> int:
    """The EXIF orientation still to apply to ``im.size``, from what the header holds (never
    decodes: a PNG's getexif() would). A TIFF's size is upright already (Pillow turns it as it
    loads), and pillow-heif's HEIC too (its orientation reads 1)."""
    try:
        if "exif" not in im.info or hasattr(im, "tag_v2"):
            return 1
        exif = Image.Exif()
        exif.load(im.info["exif"])
        return int(exif.get(EXIF_ORIENTATION) or 1)
    except Exception:          # a broken EXIF block: the engine ignores it too
        return 1


def reads_to_the_end(data: bytes, fmt: str | None, pixels: int) -> bool:
    """Whether the file is whole, without decoding it at full size: a JPEG at 1/8 scale (its
    DCT scaling: every byte is still read), a JPEG 2000 at 1/8 where its resolution levels allow
    (every tile-part still read), a PNG's chunks and checksums; other formats decode
    when small (a 12 MP WebP takes a second, and its pixels' memory; those Pillow decodes in
    Python, python_decoded, up to a quarter of a megapixel where data_within reads their structure
    (structure_checked; the others up to READ_THROUGH_PIXELS): a 4 MP QOI or DDS took 6.4 s), and
    when not, their structure must reach the end: a HEIC's or AVIF's boxes and every item's data
    (an iPhone original), a TIFF's strips, a GIF's first frame, raw rows (BMP, PPM, TGA, ...), a
    JPEG 2000's codestream end, a QOI's end marker, an uncompressed DDS's pixels, a TGA's RLE
    packets, an RLE BMP's runs. WebP (and
    AVIF) are checked by Pillow while opening; the rest are left to the engine's own check when
    large."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as im:
                if fmt in JPEG_FORMATS:
                    im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
                    im.load()
                elif fmt == "PNG":
                    png_verified(im, data)
                elif fmt == "JPEG2000" and pixels <= READ_THROUGH_PIXELS:
                    # at 1/8 where its levels allow (OpenJPEG decodes only those, every tile-part
                    # still read): whole, a 2000x2000 one took OpenJPEG 2.1 s, now 0.03 s
                    im.reduce = min(JPEG2000_REDUCE, jpeg2000_levels(data))
                    try:
                        im.load()
                    except Exception:
                        if not im.reduce:
                            raise
                        # the main header's levels only: a tile-part's own COD with fewer makes the
                        # reduced decode fail, so once whole (within READ_THROUGH_PIXELS) before refusing
                        with Image.open(io.BytesIO(data)) as whole:
                            whole.load()
                elif pixels <= min(READ_THROUGH_PIXELS, PYTHON_READ_THROUGH_PIXELS
                                   if python_decoded(im) and structure_checked(im) else pixels):
                    im.load()
                else:
                    return data_within(im, data)
    except Exception:          # Pillow's errors for a cut or corrupt file are OSError, SyntaxError, ...
        return False
    return True


def python_decoded(im: Image.Image) -> bool:
    """Whether Pillow decodes this picture in Python (its decoders registered in Image.DECODERS,
    not its C ones): seconds for a few megapixels."""
    return any(tile.codec_name in Image.DECODERS for tile in im.tile)


def structure_checked(im: Image.Image) -> bool:
    """Whether data_within reads this picture's structure (a QOI's end marker, an RLE BMP's runs,
    ...): those Pillow decodes in Python without one (SGI 16-bit, XPM, FITS gzip) are decoded
    whole, up to READ_THROUGH_PIXELS (one cut in half was taken, judged by a check it has not)."""
    return im.format == "QOI" or all(tile.codec_name in STRUCTURE_CODECS or tile.codec_name not in Image.DECODERS
                                     for tile in im.tile)


def png_verified(im: Image.Image, data: bytes) -> None:
    """A PNG's chunks and checksums verified (Pillow's verify); an animated PNG's those of its
    default image, the picture painted (a later frame damaged or cut short does not matter)."""
    try:
        im.verify()
    except Exception:
        still = png_default_image(data) if getattr(im, "n_frames", 1) > 1 else None
        if still is None:
            raise
        with Image.open(io.BytesIO(still)) as first:
            first.verify()


# A font with Hangul for the labels, when the system has one (Debian's fonts-noto-cjk; Pillow finds
# it under /usr/share/fonts); else Pillow's own, which draws Latin letters only.
LABEL_FONTS = ("NotoSansCJK-Regular.ttc", "NanumGothic.ttf", "UnDotum.ttf")
LABEL_HEIGHT = 22          # the strip under each tile that holds its label
LABEL_SIZE = 13            # px; a label too wide for its tile shrinks ...
MIN_LABEL_SIZE = 9         # ... down to this (smaller is unreadable on a phone), then ends in "…"
LABEL_MARGIN = 4           # px of the tile's width left free on either side of its label


@lru_cache(maxsize=None)
def label_font(size: int = LABEL_SIZE) -> tuple[ImageFont.ImageFont | ImageFont.FreeTypeFont, bool]:
    """(the font of grid labels at ``size`` px, whether it draws Korean)."""
    for name in LABEL_FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    try:
        return ImageFont.load_default(size), False
    except (TypeError, ImportError, OSError):    # Pillow < 10.1 or without FreeType: one fixed size
        return ImageFont.load_default(), False


def draws_korean() -> bool:
    return label_font()[1]


def text_width(font, text: str) -> float:
    """How far ``text`` reaches: its advance, or its ink where a glyph overhangs that."""
    return max(font.getlength(text), font.getbbox(text)[2]) if text else 0.0


def fit_label(label: str, width: float) -> tuple[str, ImageFont.ImageFont | ImageFont.FreeTypeFont]:
    """The label and the font to draw it in within ``width`` px: a smaller size first, then cut
    short with "…" (neighbouring labels overlapped on 128 px tiles)."""
    for size in range(LABEL_SIZE, MIN_LABEL_SIZE - 1, -1):
        font = label_font(size)[0]
        if text_width(font, label) <= width:
            return label, font
    text = label
    while text and text_width(font, text.rstrip() + "…") > width:
        text = text[:-1]
    return (text.rstrip() + "…" if text.strip() else ""), font


def grid(tiles: list[tuple[str, bytes | None]], columns: int = 3, side: int = 160) -> bytes:
    """Labelled tiles (label, JPEG bytes or None for a failed one) as one JPEG."""
    rows = (len(tiles) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * side, rows * (side + LABEL_HEIGHT)), (250, 248, 243))
    draw = ImageDraw.Draw(sheet)
    for i, (label, data) in enumerate(tiles):
        x, y = (i % columns) * side, (i // columns) * (side + LABEL_HEIGHT)
        if data:
            with Image.open(io.BytesIO(data)) as im:
                im = im.convert("RGB")
                im.thumbnail((side, side))
                sheet.paste(im, (x + (side - im.width) // 2, y + (side - im.height) // 2))
        text, font = fit_label(label, side - 2 * LABEL_MARGIN)
        draw.text((x + LABEL_MARGIN, y + side + 2), text, fill=(40, 40, 40), font=font)
    buf = io.BytesIO()
    sheet.save(buf, "JPEG", quality=88)
    return buf.getvalue()
