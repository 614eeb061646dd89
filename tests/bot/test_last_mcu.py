"""A JPEG cut among its last MCU's AC coefficients (the last bytes of its scan) passes the
end-marker rule (engine.file_structure.jpeg_end_restored: its probes decode each block's DC
only) and is painted. Accepted, not refused: given its end marker libjpeg never asks for more
data, so Pillow's truncation error cannot fire, and libjpeg's "premature end of data" warning is
dropped by Pillow; an exact probe would decode the picture twice at full size. What it loses is
held here to the last MCU (16x16 pixels) and the row and column beside it (chroma upsampling)."""
from __future__ import annotations

import numpy as np

from engine.errors import TruncatedImageError
from engine.images import open_image

from tests.bot.test_jpeg_end import photo_jpeg
from tests.bot.test_upload_formats import upload_reply


def test_a_cut_among_the_last_coefficients_loses_only_the_last_mcu():
    whole = photo_jpeg(False)               # 320x240, 4:2:0: MCUs of 16x16
    painted = np.asarray(open_image(whole), np.int16)
    height, width = painted.shape[:2]
    passed = 0
    for cut in range(1, 30):                # bytes of picture data missing, and the end marker
        data = whole[:-2 - cut]
        try:
            restored = np.asarray(open_image(data), np.int16)
        except TruncatedImageError:
            assert upload_reply(data) == "truncated_image"      # the bot and the engine agree
            continue
        assert upload_reply(data) == "queued"
        passed += 1
        rows, cols = np.nonzero(np.abs(restored - painted).max(axis=-1))
        assert rows.size == 0 or (rows.min() >= height - 17 and cols.min() >= width - 17), cut
    assert passed            # the case exists with this encoder (cuts of 1 and 4 bytes)
