"""Uploads that Pillow cannot open at all: cut short (an AVIF, a compressed TIFF whose directory
comes after its pictures) they are "incomplete", not "not an image"; what is not an image stays so."""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image

from bot.images import UploadError, check_upload
from engine.errors import ImageTooLargeError, NotAnImageError, TruncatedImageError
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
    except (TruncatedImageError, NotAnImageError, ImageTooLargeError) as err:
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


def float_tiff(arr: np.ndarray, **kw) -> bytes:
    import tifffile

    buf = io.BytesIO()
    tifffile.imwrite(buf, arr, photometric="rgb", **kw)
    return buf.getvalue()


def set_short(data: bytes, tag: int, value: int, renamed: int | None = None) -> bytes:
    out = bytearray(data)
    ifd = struct.unpack_from("<I", out, 4)[0]
    for i in range(struct.unpack_from("<H", out, ifd)[0]):
        at = ifd + 2 + 12 * i
        if struct.unpack_from("<H", out, at)[0] == tag:
            struct.pack_into("<HHI", out, at, renamed or tag, 3, 1)
            struct.pack_into("<HH", out, at + 8, value, 0)
            return bytes(out)
    raise AssertionError(f"no tag {tag}")


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_an_rgb_float_tiff_is_taken_like_any_picture(dtype):
    """HDR and scientific exports: Pillow opens none of them, and they were 'not an image'."""
    data = float_tiff(np.random.default_rng(2).random((48, 64, 3)).astype(dtype), compression="zlib")
    with pytest.raises(Exception):
        Image.open(io.BytesIO(data))
    assert check_upload(data, 20, 64) == (64, 48)
    assert engine_says(data) == "painted"


def test_a_tiff_neither_reader_can_decode_gets_its_own_reply_in_both_languages():
    from bot.messages import t

    rgb = np.random.default_rng(2).random((48, 64, 3)).astype(np.float32)
    for data in (set_short(float_tiff(rgb), 259, 5),                                     # LZW
                 set_short(float_tiff(rgb, compression="zlib"), 284, 3, renamed=317),   # float predictor
                 float_tiff((rgb * 1e9).astype(np.uint32))):                            # 32-bit integers
        assert upload_reply(data) == "tiff_not_supported"
    en, ko = t("en", "tiff_not_supported"), t("ko", "tiff_not_supported")
    assert "TIFF" in en and "JPEG" in en and "PNG" in en and "TIFF" in ko and "JPEG" in ko and en != ko


def test_a_float_tiff_cut_short_or_claiming_a_bombs_size_is_refused_without_decoding(monkeypatch):
    from bot import images
    from engine.float_tiff import FloatTiff

    data = float_tiff(np.random.default_rng(2).random((480, 640, 3)).astype(np.float32))
    for cut in (len(data) // 2, len(data) - 1):
        assert upload_reply(data[:cut]) == "truncated_image"
        assert engine_says(data[:cut]) == "truncated_image"
    bomb = set_short(set_short(data, 256, 20000), 257, 20000)
    assert upload_reply(bomb) == "image_too_large"

    def no_decoding(self):
        raise AssertionError("decoded")

    monkeypatch.setattr(images, "READ_THROUGH_PIXELS", 100_000)      # past it: the structure only
    monkeypatch.setattr(FloatTiff, "read", no_decoding)
    assert check_upload(data, 20, 64) == (640, 480)
    assert upload_reply(data[:len(data) - 1000]) == "truncated_image"
    assert upload_reply(bomb) == "image_too_large"


def test_a_turned_float_tiff_is_named_by_its_upright_size_as_the_engine_names_it():
    from engine.errors import ImageTooThinError
    from engine.images import check_paintable

    data = float_tiff(np.full((3000, 32, 3), 0.5, np.float32), extratags=[(274, "H", 1, 6, True)])
    with pytest.raises(UploadError) as refused:
        check_upload(data, 20, 64, max_side=128)
    with pytest.raises(ImageTooThinError) as engine_refuses:
        check_paintable(open_image(data).size, 128)
    assert refused.value.params == engine_refuses.value.params == {"width": 3000, "height": 32, "ratio": 64}


@pytest.mark.parametrize("fmt,options", [
    ("JPEG2000", {}),                                  # a JP2 file: the codestream in a "jp2c" box
    ("JPEG2000", {"no_jp2": True}),                    # a bare codestream (.j2k)
    ("JPEG2000", {"irreversible": True, "quality_mode": "rates", "quality_layers": [40]}),
    ("QOI", {}),
    ("TGA", {"compression": "tga_rle"}),
], ids=["jp2", "j2k", "jp2-lossy", "qoi", "tga-rle"])
def test_a_big_jpeg2000_qoi_or_rle_tga_cut_short_is_refused_without_decoding(fmt, options, monkeypatch):
    """Past READ_THROUGH_PIXELS these were queued unread, failed in the engine and stayed the
    user's last photo. Lowered here so a small picture takes that path. What the engine refuses
    (it decodes each cut) the bot refuses; a TGA cut in its footer (after the pixels) paints and is
    taken; a QOI cut inside its end marker paints too, yet is refused as cut (the marker is what
    tells without decoding)."""
    from PIL import ImageFile

    from bot import images

    data = encoded(fmt, **options)
    monkeypatch.setattr(images, "READ_THROUGH_PIXELS", 10_000)
    cuts = (len(data) // 3, len(data) // 2, len(data) - 100, len(data) - 1)
    engine = [engine_says(data[:cut]) for cut in cuts]
    assert engine[:3] == ["truncated_image"] * 3

    def no_decoding(self, *args, **kw):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert check_upload(data, 20, 64) == (320, 240)
    for cut, engine_reply in zip(cuts, engine):
        reply = upload_reply(data[:cut])
        if engine_reply == "truncated_image" or fmt == "QOI":
            assert reply == "truncated_image", (fmt, options, len(data) - cut)
        else:
            assert reply == "queued", (fmt, options, len(data) - cut)


def test_a_jp2_is_judged_by_its_codestream_not_the_boxes_after_it():
    from bot.upload_structure import jpeg2000_within

    data = encoded("JPEG2000")
    after = box(b"xml ", b"<x/>")
    assert jpeg2000_within(data) and jpeg2000_within(data + after) and jpeg2000_within(data + after[:6])
    assert not jpeg2000_within(data[:-1] + after[:1]) and not jpeg2000_within(data[:-2])


@pytest.mark.parametrize("dtype, taken", [("float16", True), ("float64", False)])
def test_a_float_tiffs_pixel_limit_counts_its_bytes(monkeypatch, dtype, taken):
    """A float64 RGB TIFF decodes to 24 bytes a pixel (a flat one compresses to almost nothing):
    counted in pixels alone, a 64 MP one made a worker allocate 1.5 GB. The limit is that of the
    bytes it decodes to (float_tiff.DECODED_BYTES), at upload and in the engine."""
    from engine import float_tiff as reader

    monkeypatch.setattr(reader, "DECODED_BYTES", 48 * 64 * 3 * 2)     # this picture in float16
    data = float_tiff(np.random.default_rng(2).random((48, 64, 3)).astype(dtype), compression="zlib")
    if taken:
        assert check_upload(data, 20, 64) == (64, 48) and engine_says(data) == "painted"
    else:
        assert upload_reply(data) == "image_too_large" and engine_says(data) == "image_too_large"
