"""open_image given the path of a file Pillow does not recognise (a float TIFF, an AVIF or a TIFF
cut short) checked its structure (engine.file_structure.cut_short) in the file mapped into memory
(mmap); a file cut shorter while it was checked (another program rewriting it) killed the whole
process with SIGBUS (the CLI, training, evaluate), which Python cannot catch. Its directory and
strip tables are now read as bounded slices of the file (file_structure.FileBytes; the floats by
tifffile from the same open file, as before), and a file cut meanwhile is refused as damaged."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.images import open_image
from tests.engine import cut_while_read


def opened_while_cut(path: Path, cut: int) -> str:
    return cut_while_read.opened_while_cut(path, "cut_short", cut)


def test_a_float_tiff_cut_short_while_its_structure_is_checked_is_refused_not_a_crash(tmp_path):
    import tifffile

    path = tmp_path / "hdr.tif"
    tifffile.imwrite(path, np.random.default_rng(4).random((750, 1000, 3), dtype=np.float32), photometric="rgb")
    data = path.read_bytes()
    assert len(data) > 2_500_000            # past 2 MB: the file was mapped
    assert open_image(path).size == (1000, 750)
    for cut in (0, 4096):                   # 4096: its directory whole, its floats cut
        path.write_bytes(data)
        assert opened_while_cut(path, cut) == "truncated_image"
