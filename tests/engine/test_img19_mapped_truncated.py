"""open_image given a path maps the file (mmap) to read a JPEG's markers; a file cut shorter
while it was mapped (another program rewriting it: a sync, a copy over it) killed the whole
process with SIGBUS (exit 135: the CLI, training, evaluate, train_split), which Python cannot
catch. A small file is now read whole, and a large one's size is checked again once mapped: cut
meanwhile, it is read as it now is, and refused as damaged like any file cut short."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import mmap, os, sys
    import engine.images as images
    from engine.errors import BadImageError
    path = sys.argv[1]

    class Cutting:                         # the mmap module, its file cut short once mapped
        ACCESS_READ = mmap.ACCESS_READ

        @staticmethod
        def mmap(*args, **kw):
            view = mmap.mmap(*args, **kw)
            os.truncate(path, 4096)
            return view
    images.mmap = Cutting
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
    assert path.stat().st_size > 3_000_000            # past READ_WHOLE_BYTES: mapped
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])      # it was -7 (SIGBUS)
    assert done.stdout.strip() == "truncated_image"
