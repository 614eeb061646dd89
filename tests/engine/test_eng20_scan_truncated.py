"""open_image given a path scanned a JPEG's markers (too complex? progressive? its end missing?)
in the file mapped into memory (mmap); the size was checked once mapped, but a file cut shorter
during the scans that followed (another program rewriting it) killed the whole process with SIGBUS
(the CLI, training, evaluate), which Python cannot catch. The scans now read the file in bounded
windows (never the whole file, as the map did not), and a file cut meanwhile is refused as damaged."""
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
    scan = images.jpeg_too_complex

    def cut_then_scan(data):                # the file cut short after its size was taken
        os.truncate(path, 4096)
        return scan(data)
    images.jpeg_too_complex = cut_then_scan
    try:
        images.open_image(path)
        print("painted")
    except BadImageError as err:
        print(err.key)
""")


def test_a_jpeg_cut_short_during_its_marker_scans_is_refused_not_a_crash(tmp_path):
    rng = np.random.default_rng(7)
    path = tmp_path / "photo.jpg"
    Image.fromarray(rng.integers(0, 256, (1500, 2000, 3), dtype=np.uint8), "RGB").save(path, quality=95)
    assert path.stat().st_size > 3_000_000            # past READ_WHOLE_BYTES: it was mapped
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])      # it was -7 (SIGBUS)
    assert done.stdout.strip() == "truncated_image"
