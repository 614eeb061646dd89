"""The guard against a JPEG of a million markers before its picture (test_jpeg_markers.py)
was bypassed by one stray byte among them: it gave up where no 0xFF began a marker, while Pillow
skips such bytes and went on parsing the million (2.4 s at upload and again in the engine). Stray
bytes are skipped as Pillow does, and counted: Pillow steps over them one at a time (4 MB of them
took it 0.5 s, of 0xFF 1.7 s)."""
from __future__ import annotations

import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image

from tests.bot.test_jpeg_markers import jpeg_with, upload_reply

COM = b"\xff\xfe\x00\x02"


def refused_from_headers(data: bytes, monkeypatch) -> bool:
    with pytest.raises(TruncatedImageError):
        open_image(data)
    opened = []
    real_open = Image.open

    def counted(*args, **kw):
        opened.append(args)
        return real_open(*args, **kw)
    monkeypatch.setattr(Image, "open", counted)
    return upload_reply(data) == "truncated_image" and opened == []


@pytest.mark.parametrize("stray", [b"\x00", b"\xff\x00", b"junk"])
def test_a_stray_byte_before_a_million_markers_does_not_let_them_through(monkeypatch, stray):
    assert refused_from_headers(jpeg_with(COM + stray + COM * 1_000_000), monkeypatch)


@pytest.mark.parametrize("fill", [b"\x00", b"\xff"])
def test_megabytes_of_bytes_pillow_skips_are_refused_from_the_headers(monkeypatch, fill):
    assert refused_from_headers(jpeg_with(COM + fill * 4_000_000), monkeypatch)


def test_a_jpeg_with_a_few_stray_bytes_between_its_segments_paints():
    data = jpeg_with(COM + b"\x00\x00" + b"\xff\xfe\x00\x06note" + b"\xff" * 8 + COM * 300 + b"\x17")
    assert upload_reply(data) == "queued"
    assert open_image(data).size == (64, 64)
