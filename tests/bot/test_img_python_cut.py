"""fecdfc5 judged Pillow's Python-decoded pictures past a quarter of a megapixel by their
structure, but only QOI, DDS and RLE BMP had one to judge: a plain-text PPM/PGM/PBM, a binary PGM
or PPM whose maxval is no bit depth (4095: Pillow's "ppm" decoder) and a BLP cut in half were
taken at upload (the engine then failed on them after the queue). Their structure is read too:
the samples a plain one holds, the bytes a binary one needs, a BLP's first picture's offset and
length."""
from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
import pytest
from PIL import Image

from bot.images import check_upload
from tests.bot.test_upload_formats import upload_reply

W, H = 700, 500        # 0.35 MP: past PYTHON_READ_THROUGH_PIXELS


@lru_cache(maxsize=1)
def pictures() -> dict[str, bytes]:
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 256, (H, W, 3), dtype=np.uint8)
    blp = io.BytesIO()
    Image.fromarray(rgb, "RGB").convert("P").save(blp, "BLP")
    return {
        "P1": b"P1\n# a comment\n%d %d\n" % (W, H) + b"\n".join(
            b"".join(b"%d" % v for v in row) for row in (rgb[..., 0] > 127).astype(int)) + b"\n",
        "P2": b"P2\n%d %d\n255\n" % (W, H) + b" ".join(b"%d" % v for v in rgb[..., 0].ravel()) + b"\n",
        "P3": b"P3\n%d %d\n255\n" % (W, H) + b" ".join(b"%d" % v for v in rgb.ravel()) + b"\n",
        "P5_4095": b"P5\n%d %d\n4095\n" % (W, H) + (rgb[..., 0].astype(">u2") * 16).tobytes(),
        "P6_1023": b"P6\n%d %d\n1023\n" % (W, H) + (rgb.astype(">u2") * 4).tobytes(),
        "P5_100": b"P5\n%d %d\n100\n" % (W, H) + (rgb[..., 0] // 3).tobytes(),
        "BLP": blp.getvalue(),
    }


@pytest.mark.parametrize("name", list(pictures()))
def test_a_large_python_decoded_picture_cut_short_is_refused_and_a_whole_one_taken(name):
    data = pictures()[name]
    with Image.open(io.BytesIO(data)) as im:
        assert im.tile[0].codec_name in Image.DECODERS      # decoded in Python: judged by structure
    assert check_upload(data, 20, 64) == (W, H)
    assert upload_reply(data[:len(data) // 2]) == "truncated_image"
    assert upload_reply(data[:len(data) - len(data) // 20]) == "truncated_image"


def msp_v2(width: int, height: int) -> bytes:
    """An RLE MSP (version 2, 'LinS'): Pillow reads it, writes only version 1."""
    import struct

    rows = [bytes((0, width // 8, 0x55 if y % 2 else 0xAA)) for y in range(height)]     # one run a row
    header = bytearray(b"LinS" + struct.pack("<HH", width, height) + bytes(24))      # 32 bytes
    checksum = 0
    for i in range(0, 32, 2):            # the 16 words XOR to 0
        checksum ^= struct.unpack_from("<H", header, i)[0]
    header[24:26] = struct.pack("<H", checksum)
    return bytes(header) + struct.pack(f"<{height}H", *(len(r) for r in rows)) + b"".join(rows)


def test_a_large_rle_msp_cut_short_is_refused_and_a_whole_one_taken():
    data = msp_v2(1024, 600)
    with Image.open(io.BytesIO(data)) as im:
        assert im.tile[0].codec_name == "MSP" and im.size == (1024, 600)
    assert check_upload(data, 20, 64) == (1024, 600)
    assert upload_reply(data[:len(data) - 100]) == "truncated_image"
