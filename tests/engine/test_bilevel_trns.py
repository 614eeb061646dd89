"""A 1-bit PNG with a see-through colour (tRNS): optimisers (optipng, oxipng) store black-and-white
line art and logos so. Grey, RGB and palette pictures with tRNS were flattened on white, but the
1-bit one came out with its see-through colour: a white logo's transparent background black."""
import io
import struct
import zlib

import pytest
from PIL import Image

from engine.images import open_image, prepare


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@pytest.mark.parametrize("clear", [0, 1])
def test_a_bilevel_pngs_see_through_colour_is_flattened_on_white(clear):
    im = Image.new("1", (64, 64), clear)
    im.paste(1 - clear, (16, 16, 48, 48))                        # the logo: the other colour
    buf = io.BytesIO()
    im.save(buf, "PNG")
    data = buf.getvalue()
    data = data[:33] + chunk(b"tRNS", struct.pack(">H", clear)) + data[33:]     # after IHDR
    logo = (255, 255, 255) if clear == 0 else (0, 0, 0)
    out = open_image(data)
    assert out.getpixel((2, 2)) == (255, 255, 255)
    assert out.getpixel((30, 30)) == logo
    handed = prepare(Image.open(io.BytesIO(data)), 128)          # a Pillow image handed to stylize
    assert handed.getpixel((2, 2)) == (255, 255, 255)
    assert handed.getpixel((30, 30)) == logo
