"""open_image given a PNG's path whose text Pillow refuses to inflate (past MAX_TEXT_CHUNK: it
refuses the whole file) tries again without that text, reading the file's chunks for it from the
file mapped into memory (mmap); a file cut shorter while they were read (another program rewriting
it) killed the whole process with SIGBUS (the CLI, training, evaluate), which Python cannot catch.
The chunks are now read as bounded slices of the file (file_structure.FileBytes), and a file cut
meanwhile is refused as damaged."""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from engine.images import open_image
from tests.bot.test_png_metadata import chunk
from tests.engine import cut_while_read


def opened_while_cut(path: Path, cut: int) -> str:
    return cut_while_read.opened_while_cut(path, "png_metadata_trimmed", cut)


def test_a_png_cut_short_while_its_refused_text_is_trimmed_is_refused_not_a_crash(tmp_path):
    rng = np.random.default_rng(7)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (1000, 1000, 3), dtype=np.uint8), "RGB").save(buf, "PNG", compress_level=1)
    text = chunk(b"zTXt", b"Raw profile type xmp\0\0" + zlib.compress(bytes(PngImagePlugin.MAX_TEXT_CHUNK + 1000)))
    data = buf.getvalue()[:33] + text + buf.getvalue()[33:]     # after IHDR: Pillow refuses it as it opens
    assert len(data) > 2_500_000                                # past 2 MB: the file was mapped
    path = tmp_path / "photo.png"
    path.write_bytes(data)
    assert open_image(path).size == (1000, 1000)                # whole, it is painted without its text
    for cut in (0, 4096):                   # 4096: its chunks' headers whole, the file shorter than it was read
        path.write_bytes(data)
        assert opened_while_cut(path, cut) == "truncated_image"
