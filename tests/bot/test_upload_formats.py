"""Uploads that Pillow cannot open at all: cut short (an AVIF, a compressed TIFF whose directory
comes after its pictures) they are "incomplete", not "not an image"; what is not an image stays so."""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image

from bot.images import UploadError, check_upload
from engine.errors import NotAnImageError, TruncatedImageError
from engine.images import open_image


def picture() -> Image.Image:
    rng = np.random.default_rng(3)
    ramp = np.linspace(0, 255, 320, dtype=np.float32)[None, :, None] * np.ones((240, 1, 3), np.float32)
    return Image.fromarray(np.clip(ramp + rng.normal(0, 12, (240, 320, 1)), 0, 255).astype(np.uint8), "RGB")


def encoded(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    picture().save(buf, fmt, **kw)
    return buf.getvalue()


def upload_reply(data: bytes) -> str:
    try:
        check_upload(data, 20, 64)
    except UploadError as err:
        return err.key
    return "queued"


def engine_says(data: bytes) -> str:
    try:
        open_image(data)
    except (TruncatedImageError, NotAnImageError) as err:
        return err.key
    return "painted"


@pytest.mark.parametrize("fmt,options", [
    ("AVIF", {}),
    ("TIFF", {"compression": "tiff_lzw"}),
    ("TIFF", {"compression": "tiff_adobe_deflate"}),
    ("TIFF", {"compression": "jpeg"}),
    ("TIFF", {"compression": "packbits"}),
])
def test_an_avif_or_compressed_tiff_cut_short_is_called_incomplete_not_not_an_image(fmt, options):
    data = encoded(fmt, **options)
    assert upload_reply(data) == "queued" and engine_says(data) == "painted"
    for cut in (20, 200, len(data) // 10, len(data) // 2, len(data) - 100, len(data) - 1):
        assert upload_reply(data[:cut]) == "truncated_image", (fmt, options, cut)
        assert engine_says(data[:cut]) == "truncated_image", (fmt, options, cut)


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


@pytest.mark.parametrize("data", [
    b"minutes of the meeting\n" * 40,
    box(b"ftyp", b"isom\0\0\0\0isommp42") + box(b"moov", bytes(400)),          # a whole MP4, no picture
    box(b"ftyp", b"avif\0\0\0\0avifmif1") + box(b"free", bytes(400)),          # whole boxes, no picture
    b"II*\0\x08\0\0\0\0\0" + bytes(300),                                        # a TIFF with no entries
    b"PK\x03\x04" + bytes(400),                                                 # a zip
], ids=["text", "mp4", "avif-without-picture", "empty-tiff", "zip"])
def test_what_is_not_an_image_or_is_whole_and_unreadable_is_still_not_an_image(data):
    assert upload_reply(data) == "not_an_image"
    assert engine_says(data) == "not_an_image"


def test_an_mp4_cut_short_is_not_taken_for_a_picture():
    """Only HEIF and AVIF brands: a video cut short is still not an image we read."""
    data = box(b"ftyp", b"isom\0\0\0\0isommp42") + box(b"mdat", bytes(4000))
    assert upload_reply(data[:1000]) == "not_an_image"


def test_a_tiffs_structure_is_read_from_its_directory():
    """Pillow's compressed TIFFs put the directory last (cut: it never arrived); its uncompressed
    ones put it first (cut: it points past the end, at strips that never arrived)."""
    from engine.file_structure import tiff_within

    last = encoded("TIFF", compression="tiff_lzw")
    first = encoded("TIFF")
    assert struct.unpack_from("<I", last, 4)[0] > len(last) // 2 and struct.unpack_from("<I", first, 4)[0] < 1000
    for data in (last, first):
        assert tiff_within(data)
        assert not tiff_within(data[:len(data) // 2]) and not tiff_within(data[:len(data) - 1])
