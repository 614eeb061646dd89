"""open_image given a PNG's path (the CLI, training and evaluation read photos from disk) read the
whole file into memory first, whatever its size, to bound its metadata: a 27 MB PNG took 27 MB
of Python memory before Pillow decoded a row. Its chunk headers are now read from the file, and
Pillow decodes it from there; only a PNG whose metadata must be cut is read (without it)."""
from __future__ import annotations

import io
import tracemalloc

import numpy as np
from PIL import Image, PngImagePlugin

from engine.images import open_image

MB = 1024 * 1024


def big_png(path) -> bytes:
    rng = np.random.default_rng(11)
    Image.fromarray(rng.integers(0, 256, (3000, 3000, 3), np.uint8), "RGB").save(path, compress_level=0)
    return path.read_bytes()


def peak_memory(call) -> int:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_png_on_disk_is_not_read_whole_first(tmp_path):
    path = tmp_path / "photo.png"
    size = len(big_png(path))
    assert size > 25 * MB
    assert peak_memory(lambda: open_image(path)) < 4 * MB
    with open(path, "rb") as f:
        assert peak_memory(lambda: open_image(f)) < 4 * MB


def test_a_png_on_disk_reads_as_its_bytes(tmp_path):
    info = PngImagePlugin.PngInfo()
    for i in range(200):                   # past the 64 compressed texts Pillow is handed
        info.add_itxt(f"k{i}", "x" * 100, zip=True)
    rng = np.random.default_rng(2)
    im = Image.fromarray(rng.integers(0, 256, (64, 80, 3), np.uint8), "RGB")
    path = tmp_path / "tagged.png"
    im.save(path, pnginfo=info)
    plain = tmp_path / "plain.png"
    im.save(plain)
    for source in (path, plain):
        data = source.read_bytes()
        assert open_image(source).tobytes() == open_image(data).tobytes() == im.tobytes()
        stream = io.BytesIO(data)
        stream.seek(20)                    # read from its start, as before, wherever it was left
        assert open_image(stream).tobytes() == im.tobytes()
