"""A picture handed to the engine opened (prepare, given Image.open's result) that is an AVIF had
its colour box (nclx) looked for in the whole file read into memory (Pillow's AVIF reader reads
none): a copy of the file, a photo's megabytes, for a box of a few hundred bytes. Its meta box
alone is read now (file_structure.isobmff_meta, through FileBytes where the file has a
descriptor), and its colour is still applied. (Pillow's AVIF reader then reads the file whole
itself to decode it, after this read is let go: prepare's peak as a whole stays Pillow's; what
is saved is the second read and copy of the file.)"""
from __future__ import annotations

import io
import tracemalloc

import numpy as np
from PIL import Image

from engine.images import _read_avif_nclx, prepare


def noise_avif(path) -> None:
    rng = np.random.default_rng(5)
    im = Image.fromarray(rng.integers(0, 256, (1200, 1600, 3), dtype=np.uint8), "RGB")
    im.save(path, "AVIF", quality=100)


def peak_of_reading_colour(im) -> int:
    tracemalloc.start()
    try:
        _read_avif_nclx(im)                  # what prepare does first, before Pillow decodes it
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak


def test_an_opened_avifs_file_is_not_read_whole_for_its_colour(tmp_path):
    path = tmp_path / "photo.avif"
    noise_avif(path)
    size = path.stat().st_size
    assert size > 1_000_000
    with Image.open(path) as im:
        assert "nclx_profile" not in im.info             # Pillow's reader reads none
        peak = peak_of_reading_colour(im)
        assert im.info["nclx_profile"]["transfer_characteristics"] == 13       # sRGB's, as saved
        assert peak < 0.1 * size                         # it was 1.0: the file read whole
        out = prepare(im, 512)
    assert out.mode == "RGB" and out.size == (1600, 1200)


def test_its_colour_box_is_still_read(tmp_path):
    path = tmp_path / "photo.avif"
    Image.new("RGB", (64, 64), (200, 30, 40)).save(path, "AVIF")
    with Image.open(path) as im:
        _read_avif_nclx(im)
        assert im.info["nclx_profile"]["color_primaries"] in (1, 2)
    with Image.open(io.BytesIO(path.read_bytes())) as im:    # a file object without a descriptor
        _read_avif_nclx(im)
        assert im.info["nclx_profile"]["color_primaries"] in (1, 2)
