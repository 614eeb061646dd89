"""A WebP whose pictures are transparent but whose VP8X header lacks the alpha flag (as some
encoders and animation tools write it) was painted from its hidden colours: an animated one's
transparent background came out black, a still lossy one's the colour under the transparency.
Browsers show it transparent; it is flattened on white as every other transparent picture."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from engine.images import open_image

ALPHA_FLAG = 0x10


def logo(background: tuple[int, int, int, int]) -> Image.Image:
    im = Image.new("RGBA", (64, 64), background)
    im.paste((0, 0, 255, 255), (16, 16, 48, 48))
    return im


def without_alpha_flag(data: bytes) -> bytes:
    assert data[12:16] == b"VP8X"        # (Pillow's own animated lossy WebP comes without it)
    return data[:20] + bytes([data[20] & ~ALPHA_FLAG]) + data[21:]


def animated(**kw) -> bytes:
    buf = io.BytesIO()
    frames = [logo((200, 0, 0, 0)), logo((0, 200, 0, 0))]
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], **kw)
    return buf.getvalue()


def still(**kw) -> bytes:
    buf = io.BytesIO()
    logo((200, 0, 0, 0)).save(buf, "WEBP", **kw)
    return buf.getvalue()


@pytest.mark.parametrize("data", [animated(lossless=True), animated(quality=90), still(quality=90)],
                         ids=["animated lossless", "animated lossy", "still lossy"])
def test_transparency_without_the_alpha_flag_is_painted_on_white(data):
    flagged = open_image(data)
    assert flagged.getpixel((2, 2)) == (255, 255, 255)
    out = open_image(without_alpha_flag(data))
    assert out.getpixel((2, 2)) == (255, 255, 255)
    assert max(abs(a - b) for a, b in zip(out.getpixel((32, 32)), (0, 0, 255))) <= 8


def test_an_opaque_webp_is_unchanged(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 200)).save(buf, "WEBP", quality=90, exif=b"Exif\0\0MM\0*\0\0\0\x08\0\0")
    data = buf.getvalue()
    assert data[12:16] == b"VP8X" and not data[20] & ALPHA_FLAG
    path = tmp_path / "photo.webp"
    path.write_bytes(data)
    assert open_image(path).tobytes() == open_image(data).tobytes()


def test_a_webp_file_on_disk_without_the_flag_is_read_the_same(tmp_path):
    path = tmp_path / "anim.webp"
    path.write_bytes(without_alpha_flag(animated(lossless=True)))
    assert open_image(path).getpixel((2, 2)) == (255, 255, 255)
