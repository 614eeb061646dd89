"""open_image given a path scanned a JPEG's markers (too complex? progressive? its end missing?)
in the file mapped into memory (mmap); the size was checked once mapped, but a file cut shorter
during the scans that followed (another program rewriting it) killed the whole process with SIGBUS
(the CLI, training, evaluate), which Python cannot catch. The scans now read the file in bounded
windows (never the whole file, as the map did not), and a file cut meanwhile is refused as damaged."""
from __future__ import annotations

import numpy as np
from PIL import Image

from tests.engine.cut_while_read import opened_while_cut


def test_a_jpeg_cut_short_during_its_marker_scans_is_refused_not_a_crash(tmp_path):
    rng = np.random.default_rng(7)
    path = tmp_path / "photo.jpg"
    Image.fromarray(rng.integers(0, 256, (1500, 2000, 3), dtype=np.uint8), "RGB").save(path, quality=95)
    assert path.stat().st_size > 3_000_000            # past READ_WHOLE_BYTES: it was mapped
    assert opened_while_cut(path, "jpeg_too_complex", 4096) == "truncated_image"      # it was SIGBUS
