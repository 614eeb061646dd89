"""A 32-bit BMP whose header names an alpha mask (BITFIELDS, V4/V5 headers) but whose alpha bytes
are all 0: many Windows programs write them so, the fourth byte unused. Browsers and Windows show
such a picture opaque; Pillow reads it as fully transparent, and it was painted as a blank white
canvas (flattened on white). A BMP with real transparency keeps it."""
import io
import struct

import numpy as np
import pytest
from PIL import Image

from bot.images import check_upload
from engine.images import open_image, prepare


def bmp32(rgba: np.ndarray, header: int) -> bytes:
    """A bottom-up 32-bit BITFIELDS BMP with an alpha mask, with a V3 (56), V4 (108) or V5 (124) header."""
    h, w, _ = rgba.shape
    pixels = rgba[::-1][..., [2, 1, 0, 3]].tobytes()
    dib = struct.pack("<IiiHHIIiiII", header, w, h, 1, 32, 3, len(pixels), 2835, 2835, 0, 0)
    dib += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    dib += bytes(header - len(dib))
    offset = 14 + header
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + dib + pixels


@pytest.mark.parametrize("header", [56, 108, 124])
def test_a_bmp_whose_alpha_bytes_are_all_zero_is_opaque_not_blank(header):
    rgba = np.zeros((48, 64, 4), np.uint8)
    rgba[:, :32, :3] = (200, 30, 30)
    rgba[:, 32:, :3] = (20, 40, 220)
    data = bmp32(rgba, header)
    assert check_upload(data, 20, 40) == (64, 48)
    out = open_image(data)
    assert out.getpixel((5, 5)) == (200, 30, 30)
    assert out.getpixel((60, 40)) == (20, 40, 220)
    handed = prepare(Image.open(io.BytesIO(data)), 128)      # a Pillow image handed to stylize
    assert handed.getpixel((5, 5)) == (200, 30, 30)


def test_a_bmp_with_real_transparency_keeps_it():
    rgba = np.zeros((48, 64, 4), np.uint8)
    rgba[:, :32] = (200, 30, 30, 255)                    # the right half: see-through
    out = open_image(bmp32(rgba, 124))
    assert out.getpixel((5, 5)) == (200, 30, 30)
    assert out.getpixel((60, 40)) == (255, 255, 255)
