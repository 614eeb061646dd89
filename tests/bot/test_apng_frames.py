"""An animated PNG is painted from its first frame (its default image, what Image.open gives and
what still viewers show), yet a damaged or missing later frame had the upload refused as
"incomplete or damaged": the check verified every chunk of every frame."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image
from tests.bot.test_upload_formats import upload_reply

FIRST = (200, 30, 30)


def apng() -> bytes:
    rng = np.random.default_rng(5)
    frames = [Image.fromarray(np.clip(rng.normal(c, 10, (96, 96, 3)), 0, 255).astype(np.uint8), "RGB")
              for c in (FIRST, (30, 200, 30), (30, 30, 200))]
    buf = io.BytesIO()
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def painted_colour(data: bytes) -> tuple[int, ...]:
    return tuple(int(v) for v in np.asarray(open_image(data), np.float32).mean((0, 1)).round())


def damaged_last_frame() -> bytes:
    data = bytearray(apng())
    at = data.rfind(b"fdAT")
    data[at + 40] ^= 0xFF                 # its checksum no longer matches
    return bytes(data)


@pytest.mark.parametrize("data", [damaged_last_frame(), apng()[:apng().rfind(b"fdAT") + 60]],
                         ids=["bad checksum", "cut in the last frame"])
def test_a_damaged_later_frame_does_not_stop_the_first_from_painting(data):
    assert upload_reply(data) == "queued"
    assert max(abs(a - b) for a, b in zip(painted_colour(data), FIRST)) <= 3


def test_an_animation_cut_in_its_first_frame_is_still_refused():
    data = apng()
    cut = data[:data.find(b"IDAT") + 200]
    assert upload_reply(cut) == "truncated_image"
    with pytest.raises(TruncatedImageError):
        open_image(cut)


def test_a_damaged_first_frame_is_still_refused():
    data = bytearray(apng())
    data[data.find(b"IDAT") + 40] ^= 0xFF
    assert upload_reply(bytes(data)) == "truncated_image"
