"""open_image given the path of a file Pillow does not recognise (a float TIFF, an AVIF or a TIFF
cut short) checked its structure (engine.file_structure.cut_short) in the file mapped into memory
(mmap); a file cut shorter while it was checked (another program rewriting it) killed the whole
process with SIGBUS (the CLI, training, evaluate), which Python cannot catch. Its directory and
strip tables are now read as bounded slices of the file (file_structure.FileBytes; the floats by
tifffile from the same open file, as before), and a file cut meanwhile is refused as damaged."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

from engine.images import open_image

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys
    import engine.images as images
    from engine.errors import BadImageError
    path, cut = sys.argv[1], int(sys.argv[2])
    check = images.cut_short

    def cut_then_check(data):               # the file cut short as its structure is checked
        os.truncate(path, cut)
        return check(data)
    images.cut_short = cut_then_check
    try:
        images.open_image(path)
        print("painted")
    except BadImageError as err:
        print(err.key)
""")


def opened_while_cut(path: Path, cut: int) -> str:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path), str(cut)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])      # it was -7 (SIGBUS)
    return done.stdout.strip()


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
