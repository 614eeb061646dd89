"""A v4 table-based sRGB profile (as the ICC's "sRGB v4 ICC preference") whose perceptual table
lifts black to the v4 perceptual reference medium's: 93ca362's probe ("named sRGB, and leaving
sRGB's numbers as they are") converted with the perceptual intent, so such a profile failed it
and its photo was converted by the perceptual table (dark colours shifted by up to 15 levels)
where it had been left alone. The probe asks what the profile's colours are (relative
colorimetric: its A2B1, sRGB's own), which a true sRGB passes whatever its perceptual table.

The profile is built by hand (no profile file can be downloaded): A2B1 is sRGB's curve and
matrix; A2B0 the same with black lifted to L* 3.14 in L* (a profiling tool's black-point
offset). Only its A2B tags: it is read as a photo's profile, never written to."""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from engine.images import SRGB, SRGB_PROBE, is_srgb, open_image
from tests.engine.icc import D50, D65, _primaries_to_d50, _s15, profile as icc_profile

M = _primaries_to_d50([(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)], D65)      # sRGB's, to the PCS's D50
PRM_BLACK_Y = 0.0034731                     # the v4 perceptual reference medium's black (ICC.1:2010)
ENCODED = 65535 / 32768                     # a lutAtoBType's 1.0 on an XYZ PCS


def _pad(body: bytes) -> bytes:
    return body + bytes(-len(body) % 4)


def _srgb_curve() -> bytes:                  # parametricCurveType 3: sRGB's
    return b"para" + bytes(4) + struct.pack(">HH", 3, 0) + b"".join(
        _s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))


def _identity() -> bytes:
    return b"curv" + bytes(4) + struct.pack(">I", 0)


def _lstar(t):
    return np.where(t > (6 / 29) ** 3, 116 * np.cbrt(t) - 16, t * 903.2963)


def _from_lstar(lightness):
    f = (lightness + 16) / 116
    return np.where(f > 6 / 29, f ** 3, lightness / 903.2963)


def _black_lifted(white: float) -> bytes:
    """A PCS channel's curve lifting L* 0..100 to 3.14..100 (black to the reference medium's)."""
    black = float(_lstar(PRM_BLACK_Y))
    t = np.linspace(0, 1, 4096) * ENCODED / white
    y = np.clip(_from_lstar(black + _lstar(t) * (1 - black / 100)) * white / ENCODED, 0, 1)
    return b"curv" + bytes(4) + struct.pack(">I", len(y)) + b"".join(struct.pack(">H", round(v * 65535)) for v in y)


def _a2b(pcs_curves: list[bytes]) -> bytes:
    """lutAtoBType of M curves (sRGB's), a matrix (sRGB's) and B curves (``pcs_curves``)."""
    curves_b = b"".join(_pad(c) for c in pcs_curves)
    matrix = b"".join(_s15(v / ENCODED) for v in M.ravel()) + bytes(12)
    curves_m = _pad(_srgb_curve()) * 3
    return (b"mAB " + bytes(4) + bytes([3, 3, 0, 0])
            + struct.pack(">IIIII", 32, 32 + len(curves_b), 32 + len(curves_b) + len(matrix), 0, 0)
            + curves_b + matrix + curves_m)


def srgb_v4_preference(name: str = "sRGB v4 ICC preference perceptual intent beta") -> bytes:
    return icc_profile(name, [(b"A2B0", _a2b([_black_lifted(w) for w in D50])), (b"A2B1", _a2b([_identity()] * 3))],
                   version=bytes([4, 0x30]))


def shown(icc: bytes, intent) -> np.ndarray:
    probe = Image.fromarray(np.array([SRGB_PROBE], np.uint8), "RGB")
    out = ImageCms.profileToProfile(probe, ImageCms.ImageCmsProfile(io.BytesIO(icc)), SRGB, renderingIntent=intent,
                                    outputMode="RGB")
    return np.asarray(out, np.int16)[0]


def test_the_profile_is_srgb_by_its_colours_and_lifts_black_perceptually():
    """What the fixture is: sRGB's colours (relative colorimetric: the numbers as they are), and a
    perceptual table that is not (so the old probe's intent made the difference)."""
    icc = srgb_v4_preference()
    assert np.abs(shown(icc, ImageCms.Intent.RELATIVE_COLORIMETRIC) - np.array(SRGB_PROBE)).max() <= 1
    assert np.abs(shown(icc, ImageCms.Intent.PERCEPTUAL) - np.array(SRGB_PROBE)).max() > 3


@pytest.mark.parametrize("colour", [(30, 200, 30), (30, 30, 200), (200, 30, 30), (50, 50, 50), (12, 12, 12)])
def test_a_photo_in_a_v4_table_based_srgb_keeps_its_numbers(colour):
    icc = srgb_v4_preference()
    assert is_srgb(icc)
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buf, "PNG", icc_profile=icc)
    assert open_image(buf.getvalue()).getpixel((5, 5)) == colour
