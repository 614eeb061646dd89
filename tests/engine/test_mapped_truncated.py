"""open_image given a path maps the file (mmap) to read a JPEG's markers; a file cut shorter
while it was mapped (another program rewriting it: a sync, a copy over it) killed the whole
process with SIGBUS (exit 135: the CLI, training, evaluate, train_split), which Python cannot
catch. A small file is now read whole, and a large one's size is checked again once mapped: cut
meanwhile, it is read as it now is, and refused as damaged like any file cut short. (Its markers
are now read in windows, not mapped: engine.file_structure.FileBytes; the cut comes once its size
is taken. A cut during the scans themselves: test_scan_truncated. The engine maps no file now.)"""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys
    import engine.images as images
    from engine.errors import BadImageError
    path = sys.argv[1]

    class Cutting(images.FileBytes):       # the file read for its markers, cut short once its size is taken
        def __init__(self, f):
            super().__init__(f)
            os.truncate(path, 4096)
    images.FileBytes = Cutting
    try:
        images.open_image(path)
        print("painted")
    except BadImageError as err:
        print(err.key)
""")


def test_a_jpeg_cut_short_while_mapped_is_refused_not_a_crash(tmp_path):
    rng = np.random.default_rng(7)
    path = tmp_path / "photo.jpg"
    Image.fromarray(rng.integers(0, 256, (1500, 2000, 3), dtype=np.uint8), "RGB").save(path, quality=95)
    assert path.stat().st_size > 3_000_000            # a large file (once past the old READ_WHOLE_BYTES: mapped)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])      # it was -7 (SIGBUS)
    assert done.stdout.strip() == "truncated_image"
