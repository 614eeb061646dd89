"""Pillow in, Pillow out: decoding user uploads safely and turning images into tensors.

Every way an upload can be wrong ends in an ``engine.errors`` exception naming the problem.
"""
from __future__ import annotations

import contextlib
import io
import math
import os
import re
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np
from PIL import Image, ImageCms, ImageFile, ImageOps, PngImagePlugin, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .colour_spaces import nclx_to_srgb, png_gamma_to_srgb
from .errors import (BadOptionError, ImageTooLargeError, ImageTooSmallError, ImageTooThinError, MissingFileError,
                     NotAnImageError, TruncatedImageError)
from .file_kinds import is_safetensors
from .file_structure import (JPEG_SOI, PNG_SIGNATURE, CutShort, FileBytes, Joined, StreamBytes, cut_short,
                             isobmff_meta, jpeg_buffered,
                             jpeg_end_restored, jpeg_restore, jpeg_unended, STRUCTURE_STEPS, jpeg_too_complex, png_kept, png_metadata_bounded,
                             png_metadata_dropped, png_without_refused_metadata, webp_alpha_flagged)
from .float_tiff import float_levels, open_float_tiff, to_image as float_tiff_image
from .nclx_box import nclx_of

if TYPE_CHECKING:      # torch only where a tensor is made: the bot decodes with this module (previews) too
    import torch

ImageFile.LOAD_TRUNCATED_IMAGES = False
MIN_SIDE = 32                      # VGG downsamples 8x: smaller photos have nothing left to paint
MIN_PAINT_SIDE = 16                # the networks pad at 1/8 scale: a painting's shorter side needs 2 px there
MAX_PIXELS = 64_000_000            # decoded in full (PNG, WebP, ...)
MAX_JPEG_PIXELS = 400_000_000      # JPEG decodes at 1/2..1/8 scale (draft mode), so more is fine; not a
                                   # progressive or multi-scan one (file_structure.jpeg_buffered): MAX_PIXELS
# Pictures Pillow decodes in Python (its Image.DECODERS: QOI, uncompressed DDS, plain-text PPM, RLE
# BMP, SGI 16-bit, XPM, ...) are decoded whole at about 1.1-1.5 us a pixel (no draft scale): a 64 MP
# QOI took 70 s of CPU, 16 MP 21 s, a 4 MP one of noise 5.8 s here. Held to this (bot/images.py too)
PYTHON_MAX_PIXELS = 4_000_000
JPEG_FORMATS = ("JPEG", "MPO")     # MPO: a phone's JPEG with a second (depth, preview) image: a JPEG
WORKING_SIDE = 2048                # never decode larger than needed for the biggest output (a JPEG)
THIN_SHARE = 4                     # a long thin picture keeps a short side of max_side / 4 (see fit_size)
# What a picture file's name ends with, in the formats open_image reads: such a name is a path.
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".heic", ".heif",
                    ".avif")

register_heif_opener()             # iPhone originals (HEIC), as Discord and the web chat pass them on
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

# Pillow refuses any picture over twice MAX_IMAGE_PIXELS (2 x 89 MP) as a decompression bomb while
# reading its header, which would turn away a 200 MP phone JPEG that draft mode decodes at 1/8.
# open_image checks the header's size against the limits above before decoding anything, so
# Pillow's own refusal moves up to the largest of them (bot/images.py does the same).
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < MAX_JPEG_PIXELS // 2:
    Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS // 2


def open_image(source: bytes | str | Path | BinaryIO, working_side: int = WORKING_SIDE) -> Image.Image:
    """Decode an upload into an upright RGB image, or raise an error that names the problem."""
    buffered = False        # a progressive or multi-scan JPEG: decoded whole, held to MAX_PIXELS
    unended = None          # a JPEG whose scan runs to the end of the file, as it would be restored
    if not isinstance(source, (bytes, bytearray, str, Path)) and _position_unknown(source):
        source = _bytes_of(source)      # the reads below and Pillow's own seek back to tell()'s None
    if not isinstance(source, (bytes, bytearray)):
        if _starts_png(source):                     # a PNG's path or file: its metadata bounded as its bytes'
            source = _png_bounded(source) or source
        elif (flagged := webp_alpha_flagged(_head(source))) is not None:
            with _reopened(source) as f:            # read with the flag set, as its bytes' (not copied twice)
                if f is not None:
                    return open_image(_Patched(f, WEBP_FLAGS, flagged[WEBP_FLAGS]), working_side)
            source = _bytes_of(source) or source
        elif _head(source).startswith(JPEG_SOI):    # its markers, as bytes' (a file's read in windows, not whole)
            with _scanned(source) as jpeg:
                buffered, unended = _jpeg_markers(jpeg)
    if isinstance(source, (bytes, bytearray)):      # a PNG's profiles and texts Pillow would inflate: bounded
        buffered, unended = _jpeg_markers(source)
        source = png_metadata_bounded(source) or webp_alpha_flagged(source) or source
    # a bytearray (a path's JPEG restored with its end: FileBytes.joined) read in place, not copied
    fp = io.BytesIO(source) if isinstance(source, bytes) else Joined(source) if isinstance(source, bytearray) else source
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # _check_size decides
            im = Image.open(fp)
            if not readable(im):
                raise NotAnImageError()
            _check_size(im.size, None if buffered or im.info.get("progressive") else im.format)
            _check_python_decoded(im)
            if unended is not None:
                # decoded as it is, it can only fail after reading it all (libjpeg waits for more
                # data): jpeg_end_restored's probes alone judge it (below), its header judged here.
                # Closed where open_image opened its file (Image.close closes any: a caller's too)
                if fp is not source or isinstance(source, (str, Path)):
                    im.close()
            elif im.format in JPEG_FORMATS:
                # Cheap downscale while decoding (1/2..1/8), never below the size the picture
                # will be fitted to (both sides at least those of fit_size(working_side)), nor
                # a side below MIN_SIDE (a thin panorama).
                fitted = fit_size(im.size, working_side)
                im.draft("RGB", tuple(max(f, min(MIN_SIDE, side)) for f, side in zip(fitted, im.size)))
            # no seek: Image.open leaves an animation at its first frame, and a HEIC of several
            # pictures at its primary one, what viewers show (seek(0) painted another one)
            if unended is None:
                im.load()
    except Image.DecompressionBombError as exc:      # over MAX_JPEG_PIXELS: too large for any format
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        jpeg = not buffered and (not isinstance(source, (bytes, bytearray)) or source[:3] == b"\xff\xd8\xff")
        raise ImageTooLargeError(pixels=math.ceil(int(pixels[1]) / 1e6) if pixels else "?",
                                 limit=(MAX_JPEG_PIXELS if jpeg else MAX_PIXELS) // 1_000_000) from exc
    except UnidentifiedImageError:
        if isinstance(source, (str, Path)):     # its structure read in slices, its floats by tifffile
            with open(source, "rb") as f, _file_bytes(f) as data:      # one open file for both
                return to_rgb(_open_unidentified(data, f))
        return to_rgb(_open_unidentified(_bytes_of(source)))
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as exc:   # RuntimeError: AVIF's, HEIC's
        if isinstance(source, (str, Path)) and not Path(source).is_file():
            raise                   # a missing file or a folder: the caller's mistake, not the image's
        whole = None
        if isinstance(exc, ValueError):             # its pixels are whole: only metadata was refused
            with _scanned(source) as data:
                whole = png_metadata_trimmed(data)
        elif isinstance(exc, OSError):              # a JPEG whose scans are whole, its end marker missing
            with _scanned(source) as data:
                whole = _cut_is_damage(jpeg_end_restored, data)
        if whole is not None:
            return open_image(whole, working_side)
        raise TruncatedImageError() from exc
    if unended is not None:
        if (ended := jpeg_restore(unended)) is None:
            raise TruncatedImageError()
        return open_image(ended, working_side)
    if im.format == "AVIF" and "nclx_profile" not in im.info:     # Pillow's plugin reads none
        # after the decoder's try: an OSError of the caller's file object while this box is read
        # is theirs to see, not "your image is truncated" (prepare's _read_avif_nclx: the same)
        with _scanned(source) as data:          # its meta box alone, read as bytes (nclx_of unpacks them)
            meta = isobmff_meta(data, AVIF_META_BYTES)
            im.info["nclx_profile"] = nclx_of(meta) if meta else None
    im = unused_alpha_dropped(im)
    try:
        im = ImageOps.exif_transpose(im)
    except Exception:  # a broken EXIF block should not cost the user their photo
        pass
    out = to_rgb(to_srgb(im))
    for key in ("icc_profile", "nclx_profile", "gamma", "chromaticity"):    # applied: prepare must not again
        out.info.pop(key, None)
    return out


def unused_alpha_dropped(im: Image.Image) -> Image.Image:
    """A 32-bit BMP whose header names an alpha mask but whose alpha bytes are all 0 (the fourth
    byte unused, as many Windows programs write it) as opaque, as browsers and Windows show it:
    read as fully transparent, it was painted as a blank white canvas."""
    if im.format in ("BMP", "DIB") and im.mode == "RGBA" and im.getchannel("A").getextrema() == (0, 0):
        return im.convert("RGB")
    return im


def readable(im: Image.Image) -> bool:
    """Whether Pillow reads this picture itself: not an EPS (only through Ghostscript, which is not
    installed here and which no upload should ever run) nor one of its stubs (WMF and EMF off
    Windows, HDF5, BUFR, GRIB). They were "incomplete or damaged" (or "too small (0x0)"): no
    resending changes that (bot/images.py says "not an image" at upload, as this)."""
    return im.format != "EPS" and not isinstance(im, ImageFile.StubImageFile)


def _position_unknown(f: BinaryIO) -> bool:
    """Whether a seekable file object's tell() gives no number (a hand-written wrapper's None):
    seek(None) was a TypeError out of open_image, so it is read as its bytes."""
    try:
        return f.seekable() and not isinstance(f.tell(), int)
    except (OSError, AttributeError, ValueError):
        return False


def _bytes_of(source: bytes | str | Path | BinaryIO) -> bytes:
    """The file's bytes, to read its structure where no decoder recognised it."""
    try:
        if isinstance(source, (bytes, bytearray)):
            return bytes(source)
        if isinstance(source, (str, Path)):
            return Path(source).read_bytes()
        source.seek(0)
        return source.read()
    except (OSError, AttributeError, ValueError):
        return b""


WEBP_FLAGS = 20              # where a VP8X header's flags byte lies


class _Patched(io.RawIOBase):
    """A seekable file read with one byte changed (a WebP's alpha flag, webp_alpha_flagged): the
    file was read whole, then copied whole with the flag set, before Pillow read it a third time."""

    def __init__(self, f: BinaryIO, at: int, value: int):
        super().__init__()
        self._f, self._at, self._value = f, at, value

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._f.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._f.seek(offset, whence)

    def readinto(self, buffer) -> int:
        start = self._f.tell()
        n = self._f.readinto(buffer) or 0
        if start <= self._at < start + n:
            memoryview(buffer).cast("B")[self._at - start] = self._value
        return n


def _jpeg_markers(data) -> tuple[bool, bytes | None]:
    """What a JPEG's markers say before decoding (any other file: False, None): TruncatedImageError
    where they would cost libjpeg seconds; whether it is decoded whole (progressive or multi-scan);
    the file as restored where its scan runs to the end (its end marker missing)."""
    if _cut_is_damage(jpeg_too_complex, data):
        raise TruncatedImageError()
    return _cut_is_damage(jpeg_buffered, data), _cut_is_damage(jpeg_unended, data)


def _cut_is_damage(scan, data):
    """``scan(data)``; a file cut shorter while it is scanned (FileBytes: CutShort) is damaged."""
    try:
        return scan(data)
    except CutShort:
        raise TruncatedImageError() from None


AVIF_META_BYTES = 16 * 1024 * 1024     # an AVIF's meta box read for its colour at most (a phone's: a few KB)


@contextmanager
def _scanned(source: bytes | str | Path | BinaryIO):
    """A file's bytes to read its structure (a JPEG's markers, an AVIF's boxes, a PNG's chunks),
    read in windows as they are looked at, never whole: a path's file as file_structure.FileBytes
    (neither read whole nor mapped: a mapped file cut while it was read killed the process with
    SIGBUS), a seekable file object's as StreamBytes (its position put back after each read);
    bytes as they are; b"" where it cannot be read (a stream: no position to read it again at).
    A file cut shorter while read, or a path's found shorter once read, is damaged. An OSError of
    a file object's own read is raised as it is (the caller's file failed, not the image)."""
    if isinstance(source, (bytes, bytearray)):
        yield source
        return
    if isinstance(source, (str, Path)):
        with _reopened(source) as f:
            if f is None:
                yield b""
                return
            with _file_bytes(f) as data:
                yield data
        return
    data = _object_bytes(source)
    try:
        yield data
    except CutShort:        # it ended before the size it had: what was read may be two files' parts
        raise TruncatedImageError() from None


def _object_bytes(source: BinaryIO) -> StreamBytes | bytes:
    """A seekable file object's bytes, read in windows (StreamBytes, its position put back). One
    that gives no size from seek(0, SEEK_END) is read whole from its start as before 44c9299, where
    it has a position (else a pipe, a socket: b""): its JPEG markers or AVIF boxes went unread as a
    pipe's (_scanned and prepare's _read_avif_nclx alike)."""
    try:
        return StreamBytes(source)
    except (OSError, AttributeError, ValueError, TypeError):
        return _read_whole(source)


def _read_whole(source: BinaryIO) -> bytes:
    """A file object's bytes from its start, its position put back; b"" where it has none."""
    try:
        at = source.tell()
    except (OSError, AttributeError, ValueError):
        return b""
    if not isinstance(at, int):
        return b""
    try:
        return _bytes_of(source)
    finally:
        with contextlib.suppress(OSError, ValueError):     # _bytes_of found no position to read at
            source.seek(at)


@contextmanager
def _file_bytes(f: BinaryIO):
    """FileBytes of a file open at a path; TruncatedImageError where it was cut shorter while read
    (CutShort), or is shorter once read: what was read may be parts of two files."""
    data = FileBytes(f)
    try:
        yield data
    except CutShort:
        raise TruncatedImageError() from None
    if os.fstat(f.fileno()).st_size < len(data):
        raise TruncatedImageError()


@contextmanager
def _reopened(source: str | Path | BinaryIO):
    """The file at a path opened (and closed after), or a seekable file object at its start (as
    it was read: _head); None where it cannot be."""
    if not isinstance(source, (str, Path)):
        at = source.tell()
        source.seek(0)
        try:
            yield source
        finally:
            source.seek(at)
        return
    try:
        f = open(source, "rb")
    except OSError:
        f = None
    if f is None:
        yield None
        return
    with f:
        yield f


def _head(source: str | Path | BinaryIO, size: int = 32) -> bytes:
    """The first ``size`` bytes of the file at a path or of a seekable file object (its position
    kept); b"" for a missing path or a stream."""
    try:
        if isinstance(source, (str, Path)):
            if not Path(source).is_file():
                return b""
            with open(source, "rb") as f:
                return f.read(size)
        if not source.seekable():
            return b""
        at = source.tell()
        try:
            source.seek(0)
            return source.read(size)
        finally:
            source.seek(at)
    except (OSError, AttributeError, ValueError):
        return b""


def _png_bounded(source: str | Path | BinaryIO) -> bytes | None:
    """A PNG's file (at a path, or a seekable file object, left at its start) without the
    metadata png_metadata_bounded leaves out, read from its chunk headers alone; None where it has
    none to leave out (Pillow then decodes it from the file: it was read whole into memory first,
    whatever its size), or where the file cannot be read so (past STRUCTURE_STEPS chunks: read
    whole, as its bytes)."""
    try:
        own = isinstance(source, (str, Path))
        f = open(source, "rb") if own else source
        try:
            size = f.seek(0, io.SEEK_END)

            def read(start: int, end: int) -> bytes:
                f.seek(start)
                return f.read(end - start)

            dropped = png_metadata_dropped(lambda pos: read(pos, pos + 8), size, steps=STRUCTURE_STEPS)
            if dropped is None:
                return _bytes_of(source)
            return png_kept(read, size, dropped) if dropped else None
        finally:
            if own:
                f.close()
            else:
                f.seek(0)               # Pillow reads it from its start, as its bytes were
    except (OSError, AttributeError, ValueError):
        return None


def _starts_png(source: str | Path | BinaryIO) -> bool:
    """Whether the file at a path, or a seekable file object (its position kept), is a PNG: its
    profiles and texts are bounded (_png_bounded) before Pillow inflates them all (given a path,
    the CLI's stylize, the API and train_split.unreadable inflated 2000 zTXt chunks of a 2 MB PNG,
    5 s, where its bytes took 0.2 s). A missing path, a stream: False (read as they were)."""
    try:
        if isinstance(source, (str, Path)):
            if not Path(source).is_file():
                return False
            with open(source, "rb") as f:
                return f.read(8) == PNG_SIGNATURE
        if not source.seekable():
            return False
        at = source.tell()
        try:
            source.seek(0)
            return source.read(8) == PNG_SIGNATURE
        finally:
            source.seek(at)
    except (OSError, AttributeError, ValueError):
        return False


def png_metadata_trimmed(data: bytes) -> bytes | None:
    """A PNG without the text or ICC profile Pillow refuses to inflate (past its MAX_TEXT_CHUNK
    or MAX_TEXT_MEMORY), which made it refuse the whole picture; None where there is none
    (engine.file_structure.png_without_refused_metadata; bot/images.py does the same)."""
    return png_without_refused_metadata(data, PngImagePlugin.MAX_TEXT_CHUNK, PngImagePlugin.MAX_TEXT_MEMORY)


def to_srgb(im: Image.Image) -> Image.Image:
    """The picture's colours in sRGB, what the networks and every screen assume: a photo with
    another profile (an iPhone's Display P3, Adobe RGB, a CMYK print profile) taken as its raw
    numbers came out dull or shifted. A grey picture's grey profile too (gamma 1.8, dot gain); a
    palette's picture as RGB, and one with a see-through colour (tRNS) as RGBA first (converted,
    that colour lost its transparency: a logo's background came out black). A HEIC's or AVIF's
    colour named by code points instead (its nclx box: Display P3, BT.2020, HDR) is converted by
    them (colour_spaces). Pictures without either, or in sRGB already, as they are."""
    icc = im.info.get("icc_profile")
    if not icc and "gamma" in im.info and "srgb" not in im.info:    # a PNG's gAMA (and cHRM): its own light
        return png_gamma_to_srgb(im, im.info["gamma"], im.info.get("chromaticity"))
    if not icc:
        return nclx_to_srgb(im, im.info.get("nclx_profile"))
    if "transparency" in im.info and im.mode in ("1", "L", "RGB", "P"):   # a see-through colour (tRNS):
        im = im.convert("LA" if im.mode in ("1", "L") else "RGBA")         # as alpha, which conversion keeps
    elif im.mode in ("P", "PA"):          # a palette PNG (pngquant) keeps its photo's profile: its colours
        im = im.convert("RGBA" if im.mode == "PA" else "RGB")
    if im.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):
        return im
    try:
        if is_srgb(icc):
            return im
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode == "LA":               # a grey's own profile (gamma 1.8, dot gain): its alpha as it was
            out = ImageCms.profileToProfile(im.getchannel("L"), profile, SRGB, outputMode="RGB")
            out.putalpha(im.getchannel("A"))
            return out
        return ImageCms.profileToProfile(im, profile, SRGB, outputMode="RGBA" if im.mode == "RGBA" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):    # a broken profile: the numbers as they are
        return im


# sRGB's numbers a profile must leave as they are to be taken as sRGB (greys, primaries, a dark one)
SRGB_PROBE = ((0, 0, 0), (255, 255, 255), (128, 128, 128), (50, 50, 50), (12, 12, 12), (200, 30, 30),
              (30, 200, 30), (30, 30, 200))


@lru_cache(maxsize=8)                # a few profiles recur (sRGB's, a phone's); each can be megabytes
def is_srgb(icc: bytes) -> bool:
    """Whether a profile is sRGB, its numbers kept as they are (no conversion, no rounding): named
    so, and leaving them so. A name alone misled: GIMP's "Linear sRGB" and Krita's
    "sRGB-elle-V4-g10" are sRGB's primaries with a linear curve, and their photos were painted
    from raw numbers, far too dark. Its colours are what is asked (relative colorimetric: a v4
    table-based sRGB, as the ICC's "sRGB v4 ICC preference", lifts black in its perceptual table,
    failed a perceptual probe and was converted by that table). Raises ImageCms.PyCMSError,
    OSError for a broken profile."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    if "srgb" not in (ImageCms.getProfileDescription(profile) or "").lower():
        return False
    probe = Image.fromarray(np.array([SRGB_PROBE], np.uint8), "RGB")
    try:
        shown = ImageCms.profileToProfile(probe, profile, SRGB, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                          outputMode="RGB")
    except ImageCms.PyCMSError:             # named sRGB but not RGB at all: as it was, not converted
        return True
    return int(np.abs(np.subtract(np.asarray(probe, np.int16), np.asarray(shown, np.int16))).max()) <= 3


def _check_size(size: tuple[int, int], fmt: str | None) -> None:
    w, h = size
    limit = MAX_JPEG_PIXELS if fmt in JPEG_FORMATS else MAX_PIXELS
    if w * h > limit:       # rounded up: 400.04 MP is over a 400 MP limit, not "400"
        raise ImageTooLargeError(pixels=math.ceil(w * h / 1e6), limit=limit // 1_000_000)
    _check_min_side(size)


def python_decoded(im: Image.Image) -> bool:
    """Whether Pillow decodes this (opened, not loaded) picture in Python: its decoders registered
    in Image.DECODERS, not its C ones (bot.images.python_decoded)."""
    return any(tile.codec_name in Image.DECODERS for tile in im.tile)


def _check_python_decoded(im: Image.Image) -> None:
    """ImageTooLargeError for a picture Pillow decodes in Python past PYTHON_MAX_PIXELS."""
    w, h = im.size
    if w * h > PYTHON_MAX_PIXELS and python_decoded(im):
        raise ImageTooLargeError(pixels=math.ceil(w * h / 1e6), limit=PYTHON_MAX_PIXELS // 1_000_000)


def _open_unidentified(data: bytes | FileBytes, file: BinaryIO | None = None) -> Image.Image:
    """A file Pillow does not recognise: an AVIF or a TIFF cut short (TruncatedImageError), a TIFF
    of float samples (engine.float_tiff, read from ``file`` where given; UnsupportedTiffError for
    a TIFF neither can read), or not an image."""
    if cut_short(data):
        raise TruncatedImageError()
    tiff = open_float_tiff(data, file)
    if tiff is None:
        raise NotAnImageError()
    _check_size((tiff.width, tiff.height), "TIFF")
    if tiff.width * tiff.height > tiff.max_pixels:       # its floats take 8-24 bytes a pixel
        raise ImageTooLargeError(pixels=math.ceil(tiff.width * tiff.height / 1e6),
                                 limit=max(1, tiff.max_pixels // 1_000_000))
    try:
        samples = tiff.read()
    except MemoryError:
        raise
    except Exception as exc:        # tifffile's errors for damaged data (cut short: found above)
        raise TruncatedImageError() from exc
    return float_tiff_image(samples, tiff.orientation)


def _check_min_side(size: tuple[int, int]) -> None:
    if min(size) < MIN_SIDE:
        raise ImageTooSmallError(width=size[0], height=size[1], minimum=MIN_SIDE)


EXIF_ORIENTATION = 0x0112


def looks_like_path(name: str) -> bool:
    """Whether a style given as text names a file: it has a folder in it, or ends as a picture's or
    a descriptor's file name does ("gogh.jpg" missing is a missing file, not an unknown artist)."""
    return "/" in name or "\\" in name or Path(name).suffix.lower() in PICTURE_SUFFIXES or is_safetensors(name)


def open_file(path: str | Path) -> Image.Image:
    """open_image for a path a caller named: no file there is a MissingFileError, not an OSError."""
    path = Path(path)
    if nothing_at(path):
        raise MissingFileError(path=str(path))
    if path.is_dir():
        raise MissingFileError(f"{path} is a folder, not a picture file", path=str(path))
    return open_image(path)


def nothing_at(path: Path) -> bool:
    """Whether no file or folder is at ``path``; a name the OS refuses (over 255 bytes: a pasted
    text) has none, where Path.exists raises OSError (ENAMETOOLONG)."""
    try:
        return not path.exists()
    except OSError:
        return True


def loaded(im: Image.Image) -> Image.Image:
    """A Pillow image handed to the engine, decoded as an upload is: refused over open_image's size
    limits before its pixels are read (Image.open reads only the header: an 81 MP PNG was decoded
    whole), and a file cut short a TruncatedImageError, not Pillow's OSError."""
    if im.format in JPEG_FORMATS and im.tile and im.size[0] * im.size[1] > MAX_PIXELS:      # (tile: not read yet)
        # not decoded yet, and larger than any other format may be: an upload decodes it at a
        # reduced scale (draft), which would shrink the caller's own image; decoded whole, 400 MP
        # took 1.2 GB. From its file, as an upload; else held to the other formats' limit
        if isinstance(getattr(im, "filename", None), str) and Path(im.filename).is_file():
            return open_image(im.filename)
        _check_size(im.size, None)
    _check_size(im.size, im.format)
    if getattr(im, "tile", None):           # a file not read yet
        _check_python_decoded(im)
    try:
        im.load()
    except ValueError as exc:
        if "closed" in str(exc):            # Pillow: "Operation on closed image"
            raise BadOptionError(detail="the picture was closed (Image.close) before it was painted") from None
        raise TruncatedImageError() from exc
    except (OSError, SyntaxError, EOFError, RuntimeError) as exc:       # RuntimeError: AVIF's, HEIC's
        raise TruncatedImageError() from exc
    return im


def prepare(im: Image.Image | bytes | str | Path, max_side: int) -> Image.Image:
    """A picture handed to the engine as it is (not through open_image): upright (EXIF), in sRGB
    (its ICC profile or nclx box, as open_image), 8-bit RGB, and paintable at ``max_side``. For
    open_image's results this only checks the sizes. The bytes of a file, or its path, are
    decoded as an upload (they raised a bare AttributeError)."""
    if isinstance(im, (bytes, bytearray)):
        im = open_image(im)
    elif isinstance(im, (str, Path)):
        im = open_file(im)
    elif not isinstance(im, Image.Image):
        raise BadOptionError(detail=f"the photo must be a PIL image, the bytes of an image file or its path, "
                                    f"not {type(im).__name__}")
    _read_avif_nclx(im)                     # before loading: Pillow's AVIF reader then drops the file
    im = unused_alpha_dropped(loaded(im))
    try:
        if (im.getexif().get(EXIF_ORIENTATION) or 1) != 1:
            im = ImageOps.exif_transpose(im)
    except Exception:       # a broken EXIF block should not cost the user their photo
        pass
    check_paintable(im.size, max_side)
    return to_rgb(to_srgb(im))              # its colour profile too (open_image's results: sRGB already)


def _read_avif_nclx(im: Image.Image) -> None:
    """An AVIF's nclx box (its colour code points: Display P3, BT.2020, HDR) put in ``info`` as
    open_image puts it, read from the file Image.open was given: Pillow's AVIF reader reads none,
    and a P3 AVIF handed over opened was painted from its raw numbers (sRGB's red as 233,51,35).
    Only while its pixels are not decoded: loading, Pillow's reader lets go of the file (and
    open_image's results, decoded, carry no profile left to apply). An OSError of the file's own
    read is raised as it is, as open_image raises it (painted without its colour, it was wrong)."""
    if im.format != "AVIF" or "nclx_profile" in im.info or not im.tile:
        return
    meta = None
    fp = getattr(im, "fp", None)
    try:
        if fp is not None and not getattr(fp, "closed", False):
            try:
                fd = fp.fileno()
            except (OSError, ValueError, AttributeError):     # a BytesIO: read, its position kept
                fd = None
            if fd is not None:                  # its meta box alone, read in slices (os.pread: no position moved)
                meta = isobmff_meta(FileBytes(fp), AVIF_META_BYTES)
            else:                               # in windows too, its position kept (it was read whole)
                meta = isobmff_meta(_object_bytes(fp), AVIF_META_BYTES)
        elif isinstance(getattr(im, "filename", None), str) and Path(im.filename).is_file():
            with open(im.filename, "rb") as f:
                meta = isobmff_meta(FileBytes(f), AVIF_META_BYTES)
    except (ValueError, AttributeError, CutShort):    # no position to read at (io.UnsupportedOperation
        return                                       # is a ValueError too); CutShort: the file cut while read
    if meta:
        im.info["nclx_profile"] = nclx_of(meta)


def check_paintable(size: tuple[int, int], max_side: int) -> None:
    """ImageTooSmallError for a picture with a side under MIN_SIDE; ImageTooThinError for one whose
    shorter side would be under MIN_PAINT_SIDE once fitted to ``max_side`` (a strip longer than
    (max_side / MIN_PAINT_SIDE)^2 : 1, 1024:1 at 512: fit_size keeps the pixels of a square)."""
    _check_min_side(size)
    if min(fit_size(size, max_side)) < MIN_PAINT_SIDE:
        raise ImageTooThinError(width=size[0], height=size[1], ratio=(max_side // MIN_PAINT_SIDE) ** 2)


def to_rgb(im: Image.Image) -> Image.Image:
    """Any Pillow mode to 8-bit RGB: alpha flattened on white (a PNG's transparent colour too),
    16-bit, 32-bit and float greys scaled (grey_levels), CMYK converted."""
    if im.mode in ("1", "L", "RGB") and "transparency" in im.info:     # tRNS: one colour is see-through
        im = im.convert("RGBA")
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        arr = np.asarray(im)
        key = im.info.get("transparency")
        grey = Image.fromarray(grey_levels(arr, im.mode), "L")
        if isinstance(key, int) and (arr == key).any():
            im = Image.merge("LA", (grey, Image.fromarray(np.where(arr == key, 0, 255).astype(np.uint8), "L")))
        else:
            im = grey
    if im.mode == "P":
        im = im.convert("RGBA") if "transparency" in im.info else im.convert("RGB")
    if im.mode == "La":             # premultiplied; Pillow converts it to "LA" only
        im = im.convert("LA")
    if im.mode in ("RGBA", "LA", "PA", "RGBa"):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB") if im.mode != "RGB" else im


LEVEL_SAMPLE = 1_000_000          # values looked at to choose a 32-bit picture's levels


def grey_levels(arr: np.ndarray, mode: str) -> np.ndarray:
    """A 16-bit, 32-bit ("I") or float ("F") grey picture as 8-bit levels, never stretched by its
    extremes (one hot pixel of a float TIFF made the whole picture dark):

    - 16-bit: 0..65535, as every viewer shows it (dark stays dark);
    - "I": 8-bit values as 0..255, else 16-bit ones as 0..65535 (as before);
    - "F": as float TIFFs' samples are, grey or RGB (engine.float_tiff.float_levels): linear light
      with 1.0 as white, shown through sRGB's curve (the same number in an RGB float came out
      brighter), else 0..255 (Pillow's own), else stretched as below;
    - anything else (negative, past 65535): stretched between the 0.5th and 99.5th percentiles,
      so a few wild pixels clip instead of moving the scale. NaN is black, infinity white or black."""
    if mode == "F":
        return float_levels(arr[..., None])[..., 0]
    if mode.startswith("I;16"):
        black, white = 0.0, 65535.0
    else:
        low, high = (int(arr.min()), int(arr.max())) if mode == "I" and arr.size else (-1, -1)
        if 0 <= low and high <= 65535:
            black, white = 0.0, 255.0 if high <= 255 else 65535.0
        else:
            black, white = _percentile_levels(arr)
    levels = arr.astype(np.float32)           # one copy, worked on in place (64 MP: 256 MB)
    np.nan_to_num(levels, copy=False, nan=black, posinf=white, neginf=black)
    levels -= black
    levels *= 255.0 / (white - black)
    levels += 0.5
    np.clip(levels, 0, 255, out=levels)
    return levels.astype(np.uint8)


def _percentile_levels(arr: np.ndarray) -> tuple[float, float]:
    """(black, white) for a picture whose range is not known from its mode (see grey_levels)."""
    step = max(1, math.ceil(math.sqrt(arr.size / LEVEL_SAMPLE)))     # a grid: never a few columns
    sample = np.asarray(arr[::step, ::step], dtype=np.float64).ravel()
    sample = sample[np.isfinite(sample)]
    if not sample.size:
        return 0.0, 1.0
    lo, hi = (float(v) for v in np.percentile(sample, [0.5, 99.5]))
    return lo, hi if hi > lo else lo + 1.0


def fit_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The input's aspect ratio, never upscaled, with the longer side at most ``max_side``; a long
    thin picture (a panorama) keeps a short side of max_side / THIN_SHARE instead, within the pixels
    of a max_side square: 10000x400 at 512 is 2560x102, not a 512x20 sliver."""
    w, h = size
    scale = min(1.0, max_side / max(w, h))
    if min(w, h) * scale < max_side / THIN_SHARE:
        scale = max(scale, min(1.0, max_side / THIN_SHARE / min(w, h), max_side / math.sqrt(w * h)))
    return max(1, round(w * scale)), max(1, round(h * scale))


def resize_to(im: Image.Image, max_side: int) -> Image.Image:
    size = fit_size(im.size, max_side)
    return im if size == im.size else im.resize(size, Image.LANCZOS, reducing_gap=3.0)


def to_tensor(im: Image.Image) -> torch.Tensor:
    """RGB image -> float tensor (1, 3, H, W) in 0..1."""
    import torch

    arr = np.asarray(im.convert("RGB"), dtype=np.uint8)
    return torch.from_numpy(arr.copy()).permute(2, 0, 1).unsqueeze(0).float().div_(255.0)


def to_image(t: torch.Tensor) -> Image.Image:
    """(1, 3, H, W) or (3, H, W) tensor in 0..1 -> RGB image."""
    import torch

    t = t.detach().float().squeeze(0).clamp(0, 1).mul(255).round().to(torch.uint8)
    return Image.fromarray(t.permute(1, 2, 0).contiguous().cpu().numpy(), "RGB")


def encode_jpeg(im: Image.Image, quality: int = 92) -> bytes:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
