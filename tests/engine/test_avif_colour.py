"""AVIF photos whose colour is named by code points (the "nclx" box), which Pillow's AVIF plugin
does not read: the box is read from the file (engine.nclx_box) and converted as a HEIC's is.

Pillow writes AVIF with an nclx box of its own (sRGB: 1, 13, matrix 6); the tests set its
primaries and transfer in place, which changes no decoded number (only the matrix does)."""
import io
import struct

import numpy as np
import pytest
from PIL import Image

from engine.images import open_image
from engine.nclx_box import nclx_of

from tests.engine.icc import BT2020, DISPLAY_P3
from tests.engine.test_heic_colour import PATCHES, centres, patches, stored_in


def avif(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "AVIF", quality=100, subsampling="4:4:4", **kw)
    return buf.getvalue()


def tagged(data: bytes, primaries: int, transfer: int) -> bytes:
    """``data`` with its nclx box's primaries and transfer set."""
    at = data.index(b"colrnclx") + 8
    assert data.count(b"colrnclx") == 1
    return data[:at] + struct.pack(">HH", primaries, transfer) + data[at + 4:]


@pytest.mark.parametrize("primaries,transfer,profile", [(12, 13, DISPLAY_P3), (9, 14, BT2020)],
                         ids=["display-p3", "bt2020"])
def test_a_wide_gamut_avif_tagged_by_nclx_is_painted_in_srgb(primaries, transfer, profile):
    stored = stored_in(profile)
    data = tagged(avif(stored), primaries, transfer)
    assert nclx_of(data) == {"color_primaries": primaries, "transfer_characteristics": transfer,
                             "matrix_coefficients": 6, "full_range_flag": 1}
    with Image.open(io.BytesIO(data)) as raw:
        raw_numbers = centres(raw.convert("RGB"))
        assert "nclx_profile" not in raw.info and "icc_profile" not in raw.info   # Pillow reads no box
    assert np.abs(raw_numbers - centres(stored)).max() <= 3          # the numbers as stored ...
    assert np.abs(raw_numbers - PATCHES).max() > 20                  # ... far from sRGB's ...
    decoded = centres(open_image(data))
    assert np.abs(decoded - PATCHES).max() <= 6                      # ... and converted back (YUV rounding)
    if primaries == 12:                                              # sRGB's red, stored as P3's
        assert raw_numbers[0][1] > 40 and np.abs(decoded[0] - (254, 0, 0)).max() <= 3


def test_an_srgb_avif_and_one_with_an_icc_profile_are_read_as_before(tmp_path):
    plain = avif(patches())
    assert nclx_of(plain)["color_primaries"] == 1
    with Image.open(io.BytesIO(plain)) as raw:
        assert (centres(open_image(plain)) == centres(raw.convert("RGB"))).all()
    path = tmp_path / "p3.avif"                                       # from a file, as the worker reads
    path.write_bytes(tagged(avif(stored_in(DISPLAY_P3)), 12, 13))
    assert np.abs(centres(open_image(path)) - PATCHES).max() <= 4
    icc = avif(stored_in(DISPLAY_P3), icc_profile=DISPLAY_P3)         # its ICC profile decides
    assert nclx_of(icc)["color_primaries"] == 2
    assert np.abs(centres(open_image(icc)) - PATCHES).max() <= 4


def test_an_hdr_avif_is_converted_like_an_hdr_heic():
    """A PQ grey at diffuse white (203 cd/m2, code 149) shown near white, not at its raw 58%."""
    from tests.engine.test_heic_colour import pq_code

    code = pq_code(203)
    data = tagged(avif(Image.new("RGB", (64, 64), (code, code, code))), 9, 16)
    r, g, b = open_image(data).getpixel((32, 32))
    assert r == g == b and r >= 230 and abs(code - 149) <= 1


def test_the_primary_items_nclx_box_is_the_one_read():
    """A property list with two nclx boxes (one for another item, say a thumbnail): the primary
    item's (pitm, by ipma) decides; without associations, the first."""
    def box(kind, body):
        return struct.pack(">I4s", 8 + len(body), kind) + body

    def colr(primaries):
        return box(b"colr", b"nclx" + struct.pack(">HHHB", primaries, 13, 6, 0x80))

    ipco = box(b"ipco", colr(1) + colr(12))
    ipma = box(b"ipma", bytes(4) + struct.pack(">I", 2) + struct.pack(">HB", 1, 1) + bytes([1])
               + struct.pack(">HB", 2, 1) + bytes([0x80 | 2]))
    ftyp = box(b"ftyp", b"avif" + bytes(4) + b"avifmif1")

    def meta(primary, *boxes):
        return box(b"meta", bytes(4) + box(b"pitm", bytes(4) + struct.pack(">H", primary)) + b"".join(boxes))

    assert nclx_of(ftyp + meta(2, box(b"iprp", ipco + ipma)))["color_primaries"] == 12
    assert nclx_of(ftyp + meta(1, box(b"iprp", ipco + ipma)))["color_primaries"] == 1
    assert nclx_of(ftyp + meta(2, box(b"iprp", ipco)))["color_primaries"] == 1
    assert nclx_of(ftyp + box(b"mdat", bytes(10))) is None and nclx_of(b"not a file") is None
