"""A JPEG made of a million comment markers before its picture (4 MB) cost Pillow about 5 s of
CPU at upload, and again in the engine, before it painted a 64 px square: one with more than a
few thousand markers before its first scan is refused as damaged, from its segment headers."""
from __future__ import annotations

import io

from PIL import Image

from bot.images import check_upload
from engine.errors import TruncatedImageError
from engine.images import open_image
from tests.bot.test_upload_formats import upload_reply


def jpeg_with(segments: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(buf, "JPEG")
    data = buf.getvalue()
    return data[:2] + segments + data[2:]


def test_a_jpeg_of_a_million_markers_is_refused_as_damaged():
    data = jpeg_with(b"\xff\xfe\x00\x02" * 1_000_000)
    assert upload_reply(data) == "truncated_image"
    try:
        open_image(data)
    except TruncatedImageError:
        pass
    else:
        raise AssertionError("painted")


def test_a_jpeg_with_hundreds_of_metadata_segments_paints():
    # an ICC profile split into 255 APP2 parts, XMP in many APP1 parts, comments
    app2 = b"".join(b"\xff\xe2" + (2 + 14 + 4).to_bytes(2, "big") + b"ICC_PROFILE\0" + bytes([i + 1, 255]) + bytes(4)
                    for i in range(255))
    data = jpeg_with(app2 + b"\xff\xfe\x00\x06note" * 200)
    assert check_upload(data, 20, 64) == (64, 64)
    assert open_image(data).size == (64, 64)


def test_the_refusal_is_from_the_headers_not_pillow(monkeypatch):
    opened = []
    real_open = Image.open

    def counted(*args, **kw):
        opened.append(args)
        return real_open(*args, **kw)
    monkeypatch.setattr(Image, "open", counted)
    assert upload_reply(jpeg_with(b"\xff\xfe\x00\x02" * 100_000)) == "truncated_image"
    assert opened == []
