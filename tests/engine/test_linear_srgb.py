"""A profile whose name says sRGB is not always sRGB: GIMP's "Linear light" exports carry "GIMP
built-in Linear sRGB", Krita's "sRGB-elle-V4-g10" is sRGB's primaries with a linear curve. Such a
photo was taken as sRGB by its name and painted from its raw numbers, far too dark (linear 50
is sRGB 122). A profile named sRGB is taken as sRGB only where it leaves the numbers as they are."""
import io
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, open_image
from tests.engine.icc import D65, _primaries_to_d50, _xyz_tag, profile as icc_profile

SRGB_PRIMARIES = [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)]


def profile(name: str, gamma: float | None) -> bytes:
    """An ICC v2 matrix/TRC profile with sRGB's primaries and a gamma curve (None: sRGB's own)."""
    m = _primaries_to_d50(SRGB_PRIMARIES, D65)
    if gamma is None:
        x = np.linspace(0, 1, 1024)
        y = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
        curve = b"curv" + bytes(4) + struct.pack(">I", len(y)) + b"".join(struct.pack(">H", round(v * 65535)) for v in y)
    else:
        curve = b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)
    return icc_profile(name, [(b"rXYZ", _xyz_tag(m[:, 0])), (b"gXYZ", _xyz_tag(m[:, 1])), (b"bXYZ", _xyz_tag(m[:, 2])),
                          (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)])


def png(colour, icc: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buf, "PNG", icc_profile=icc)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["GIMP built-in Linear sRGB", "sRGB-elle-V4-g10.icc"])
def test_a_linear_profile_named_srgb_is_converted_not_taken_by_its_name(name):
    icc = profile(name, 1.0)
    shown = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (50, 50, 50)), ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                      SRGB, outputMode="RGB").getpixel((0, 0))
    assert shown[0] > 110                                        # what a colour-managed viewer shows
    out = open_image(png((50, 50, 50), icc))
    assert np.abs(np.subtract(out.getpixel((5, 5)), shown)).max() <= 2


@pytest.mark.parametrize("colour", [(50, 50, 50), (200, 30, 30), (3, 7, 250)])
def test_srgb_itself_keeps_its_numbers_exactly(colour):
    out = open_image(png(colour, profile("sRGB IEC61966-2.1", None)))
    assert out.getpixel((5, 5)) == colour
