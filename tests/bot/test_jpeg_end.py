"""A JPEG whose scan data is whole but whose final EOI marker is missing (some cameras and apps
write them) was refused as "incomplete or damaged", at upload and in the engine; one cut inside
its scan data still is (the two differ only in whether the missing end holds picture data)."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image
from tests.bot.test_upload_formats import upload_reply


def photo_jpeg(progressive: bool) -> bytes:
    rng = np.random.default_rng(7)
    ramp = np.linspace(0, 255, 320, dtype=np.float32)[None, :, None] * np.ones((240, 1, 3), np.float32)
    im = Image.fromarray(np.clip(ramp + rng.normal(0, 20, (240, 320, 3)), 0, 255).astype(np.uint8), "RGB")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, progressive=progressive)
    data = buf.getvalue()
    assert data.endswith(b"\xff\xd9")
    return data


def test_a_jpeg_missing_only_its_end_marker_paints():
    # sequential only: a progressive one missing its end is refused (test_jpeg_end_review.py)
    whole = photo_jpeg(False)
    data = whole[:-2]
    assert upload_reply(data) == "queued"
    painted = np.asarray(open_image(data), np.int16)
    assert np.array_equal(painted, np.asarray(open_image(whole), np.int16))


@pytest.mark.parametrize("progressive", [False, True])
@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_a_jpeg_cut_inside_its_scan_data_is_still_damaged(progressive, cut):
    whole = photo_jpeg(progressive)
    data = whole[:int(len(whole) * cut)]
    assert upload_reply(data) == "truncated_image"
    with pytest.raises(TruncatedImageError):
        open_image(data)


def test_a_jpeg_cut_a_few_bytes_before_its_end_is_still_damaged():
    whole = photo_jpeg(False)
    data = whole[:-40]
    assert upload_reply(data) == "truncated_image"
    with pytest.raises(TruncatedImageError):
        open_image(data)
