"""open_image given an AVIF's path read its colour code points (the nclx box, engine.nclx_box) from
the file mapped into memory (mmap) once Pillow had decoded it; a file cut shorter while that box
was looked for (another program rewriting it) killed the whole process with SIGBUS (the CLI,
training, evaluate), which Python cannot catch. Its boxes are now read as bounded slices of the
file (file_structure.FileBytes), and a file cut meanwhile is refused as damaged."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from tests.engine import cut_while_read


def opened_while_cut(path: Path, cut: int) -> str:
    return cut_while_read.opened_while_cut(path, "nclx_of", cut)


def test_an_avif_cut_short_while_its_colour_box_is_read_is_refused_not_a_crash(tmp_path):
    rng = np.random.default_rng(7)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8), "RGB").save(buf, "AVIF", quality=60)
    free = 3_000_000                        # a "free" box after the picture: past 2 MB, the file was mapped
    data = buf.getvalue() + free.to_bytes(4, "big") + b"free" + bytes(free - 8)
    path = tmp_path / "photo.avif"
    for cut in (0, 4096):                   # 4096: its boxes whole, the file shorter than it was read
        path.write_bytes(data)
        assert Image.open(path).size == (400, 300)
        assert opened_while_cut(path, cut) == "truncated_image"
