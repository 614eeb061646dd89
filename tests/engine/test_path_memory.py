"""open_image given a path read the whole file into memory besides what Pillow reads: every JPEG
(to check its markers), a JPEG missing its end marker twice over (restored, then probed with a
copy each), a WebP whose alpha flag is missing three times (read, copied with the flag set, then
read again by Pillow). A file at a path now has its structure read in windows (file_structure.FileBytes), a JPEG's
restoration copied once, and a WebP read by Pillow alone, the flag set as it reads; a float
TIFF's path (which Pillow cannot read) is read by tifffile from the file, not copied first."""
from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from engine.errors import TruncatedImageError
from engine.images import open_image


def noise(width: int = 1600, height: int = 1200, alpha: bool = False) -> Image.Image:
    rng = np.random.default_rng(3)
    im = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")
    if alpha:
        im.putalpha(Image.fromarray(rng.integers(0, 256, (height, width), dtype=np.uint8), "L"))
    return im


def encoded(im: Image.Image, fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def peak_of_opening(path) -> tuple[float, Image.Image]:
    """The most memory Python held while open_image read ``path``, in file sizes."""
    tracemalloc.start()
    try:
        im = open_image(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / path.stat().st_size, im


def test_a_jpegs_path_is_not_read_whole_to_check_its_markers(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(encoded(noise(), "JPEG", quality=95))
    share, im = peak_of_opening(path)
    assert share < 0.25                    # it was 1.0: the file read whole
    assert im.size == (1600, 1200)


def test_a_jpeg_missing_its_end_is_copied_once_to_restore_it(tmp_path):
    whole = encoded(noise(), "JPEG", quality=95)
    path = tmp_path / "photo.jpg"
    path.write_bytes(whole[:-2])
    share, im = peak_of_opening(path)
    assert share < 1.5                     # it was 2.0: read whole, then copied with its end
    assert np.array_equal(np.asarray(im), np.asarray(open_image(whole)))


def test_a_webp_missing_its_alpha_flag_is_read_by_pillow_alone(tmp_path):
    data = bytearray(encoded(noise(alpha=True), "WEBP", quality=80))
    assert data[12:16] == b"VP8X"
    data[20] &= ~0x10                      # the alpha flag some writers leave out
    path = tmp_path / "picture.webp"
    path.write_bytes(bytes(data))
    share, im = peak_of_opening(path)
    assert share < 2.8                     # it was 3.4: Pillow's own reading takes 2
    assert np.array_equal(np.asarray(im), np.asarray(open_image(bytes(data))))
    with open(path, "rb") as f:            # a file object too, left where it was
        f.seek(5)
        assert np.array_equal(np.asarray(open_image(f)), np.asarray(im))
        assert f.tell() == 5


def test_a_float_tiffs_path_is_read_by_tifffile_not_copied_first(tmp_path):
    import tifffile

    path = tmp_path / "hdr.tif"
    tifffile.imwrite(path, np.random.default_rng(4).random((750, 1000, 3), dtype=np.float32))
    data = path.read_bytes()
    share, im = peak_of_opening(path)
    tracemalloc.start()                    # the same file's bytes, already in memory: its floats alone
    try:
        from_bytes = open_image(data)
        floats = tracemalloc.get_traced_memory()[1] / len(data)
    finally:
        tracemalloc.stop()
    assert share < floats + 0.25           # it was floats + 1: the file read whole first
    assert np.array_equal(np.asarray(im), np.asarray(from_bytes))
    cut = tmp_path / "cut.tif"
    cut.write_bytes(data[:-1000])
    with pytest.raises(TruncatedImageError):
        open_image(cut)
