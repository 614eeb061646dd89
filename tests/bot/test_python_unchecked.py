"""Pictures Pillow decodes in Python with no structure check here (SGI 16-bit, XPM, FITS gzip)
were judged "by their structure" past a quarter of a megapixel (fecdfc5) with none to judge: one
cut in half was taken at upload, and failed later in the engine. They are decoded whole again (up
to READ_THROUGH_PIXELS, 4 MP, as before fecdfc5), so a cut one is refused at upload."""
from __future__ import annotations

import struct

import numpy as np
import pytest

from bot.images import check_upload
from tests.bot.test_upload_formats import upload_reply

W, H = 700, 500        # 0.35 MP: past PYTHON_READ_THROUGH_PIXELS


def sgi16(width: int = W, height: int = H) -> bytes:
    header = struct.pack(">hbbHHHHll4s80sl", 474, 0, 2, 2, width, height, 1, 0, 65535, bytes(4),
                         b"x".ljust(80, b"\0"), 0).ljust(512, b"\0")
    rng = np.random.default_rng(4)
    return header + rng.integers(0, 65535, (height, width)).astype(">u2").tobytes()


def xpm(width: int = W, height: int = H) -> bytes:
    rng = np.random.default_rng(5)
    rows = [b'"' + bytes(b"ab"[v] for v in row) + b'",' for row in rng.integers(0, 2, (height, width))]
    return (b'/* XPM */\nstatic char *x[] = {\n"%d %d 2 1",\n"a c #000000",\n"b c #FFFFFF",\n' % (width, height)
            + b"\n".join(rows) + b"\n};\n")


@pytest.mark.parametrize("make", [sgi16, xpm], ids=["SGI16", "XPM"])
def test_a_python_decoded_picture_with_no_structure_check_cut_short_is_refused(make):
    data = make()
    assert check_upload(data, 20, 64) == (W, H)
    assert upload_reply(data[:len(data) // 2]) == "truncated_image"
