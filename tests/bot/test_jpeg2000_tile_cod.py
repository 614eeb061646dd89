"""A JPEG 2000 is checked at upload at 1/8 of its size where its main header's COD allows
(jpeg2000_levels); a tile-part's own COD with fewer levels made that reduced decode fail, and a
whole picture the engine paints was refused as damaged. A failed reduced decode is now tried once
at full size (within READ_THROUGH_PIXELS, the limit of full decodes) before the file is refused."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from bot.images import check_upload
from engine.images import open_image
from tests.bot.test_upload_formats import upload_reply


def jpeg2000_tile_cod(side: int = 600) -> bytes:
    """A bare codestream whose main header's COD says 5 levels, its one tile-part's COD 1 (which
    rules for that tile: OpenJPEG decodes it whole, not at 1/8)."""
    rng = np.random.default_rng(6)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8), "RGB").save(
        buf, "JPEG2000", no_jp2=True, num_resolutions=2)
    data = bytearray(buf.getvalue())
    cod = data.index(b"\xff\x52")
    segment = bytes(data[cod:cod + 2 + int.from_bytes(data[cod + 2:cod + 4], "big")])
    data[cod + 9] = 5                                      # the main header's levels
    sot = data.index(b"\xff\x90")
    if psot := int.from_bytes(data[sot + 6:sot + 10], "big"):
        data[sot + 6:sot + 10] = (psot + len(segment)).to_bytes(4, "big")
    data[sot + 12:sot + 12] = segment                      # the tile-part's own COD, after SOT
    return bytes(data)


def test_a_tile_parts_own_coding_style_does_not_refuse_a_whole_picture():
    data = jpeg2000_tile_cod()
    assert open_image(data).size == (600, 600)             # the engine paints it
    assert check_upload(data, 20, 64) == (600, 600)


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_one_cut_short_is_still_refused(cut):
    data = jpeg2000_tile_cod()
    assert upload_reply(data[:int(len(data) * cut)]) == "truncated_image"
