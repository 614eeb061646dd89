"""Wide-gamut ICC profiles for tests, built by hand (Pillow's ImageCms makes only sRGB, and no
profile file can be downloaded): an ICC v2 matrix/TRC display profile from the primaries and
white point of a colour space, adapted to the PCS's D50 white (Bradford)."""
from __future__ import annotations

import struct

import numpy as np

D50 = np.array([0.9642, 1.0, 0.8249])
D65 = (0.3127, 0.3290)
BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])


def _xyz(x: float, y: float) -> np.ndarray:
    return np.array([x / y, 1.0, (1 - x - y) / y])


def _primaries_to_d50(primaries, white) -> np.ndarray:
    matrix = np.stack([_xyz(*p) for p in primaries], 1)
    matrix = matrix * np.linalg.solve(matrix, _xyz(*white))          # white = R + G + B
    cone_src, cone_dst = BRADFORD @ _xyz(*white), BRADFORD @ D50
    return np.linalg.inv(BRADFORD) @ np.diag(cone_dst / cone_src) @ BRADFORD @ matrix


def _s15(v: float) -> bytes:
    return struct.pack(">i", int(round(v * 65536)))


def _xyz_tag(v) -> bytes:
    return b"XYZ " + b"\0" * 4 + b"".join(_s15(c) for c in v)


def _curve_tag(curve: str = "srgb") -> bytes:
    x = np.linspace(0, 1, 1024)
    if curve == "bt709":                 # BT.709's (and BT.2020's) inverse OETF
        y = np.where(x < 0.081, x / 4.5, ((x + 0.099) / 1.099) ** (1 / 0.45))
    else:
        y = np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
    return b"curv" + b"\0" * 4 + struct.pack(">I", len(y)) + b"".join(struct.pack(">H", int(round(v * 65535))) for v in y)


def _desc_tag(text: str) -> bytes:
    ascii_ = text.encode() + b"\0"
    return b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0" * 3 + b"\0" * 67


def profile(name: str, tags: list[tuple[bytes, bytes]], space: bytes = b"RGB ", version: bytes = bytes([2, 0x10])) -> bytes:
    """An ICC display profile of ``space`` (b"RGB ", b"GRAY") with a name, a copyright, a D50
    white point and ``tags`` ((signature, body) pairs), version ``version`` (major, minor)."""
    tags = [(b"desc", _desc_tag(name)), (b"cprt", b"text" + b"\0" * 4 + b"public domain\0"),
            (b"wtpt", _xyz_tag(D50)), *tags]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for sig, body in tags:
        data += b"\0" * (-(offset + len(data)) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    header = (struct.pack(">I", 128 + len(body)) + b"lcms" + version + bytes(2) + b"mntr" + space + b"XYZ "
              + b"\0" * 12 + b"acsp" + b"APPL" + b"\0" * 20 + struct.pack(">I", 0)
              + b"".join(_s15(v) for v in D50) + b"\0" * 48)
    assert len(header) == 128
    return header + body


def display_profile(name: str, primaries, white=D65, curve: str = "srgb") -> bytes:
    m = _primaries_to_d50(primaries, white)
    curve = _curve_tag(curve)
    return profile(name, [(b"rXYZ", _xyz_tag(m[:, 0])), (b"gXYZ", _xyz_tag(m[:, 1])), (b"bXYZ", _xyz_tag(m[:, 2])),
                          (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)])


DISPLAY_P3 = display_profile("Display P3", [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)])
BT2020 = display_profile("BT.2020", [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046)], curve="bt709")
