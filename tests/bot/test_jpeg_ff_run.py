"""A JPEG's headers followed by megabytes of 0xFF (no picture data, no end marker) froze the
whole bot: the search for the marker after its scan was quadratic over the run and held the GIL
(20 KB took 3 s at upload, 2 MB hours). It is refused as damaged at once, at upload and in the
engine."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bot.test_jpeg_end import photo_jpeg

ROOT = Path(__file__).resolve().parents[2]


def headers_of(data: bytes) -> bytes:
    """A JPEG's bytes through its (first) scan header: no picture data."""
    sos = data.index(b"\xff\xda")
    return data[:sos + 2 + int.from_bytes(data[sos + 2:sos + 4], "big")]


def test_megabytes_of_ff_after_the_headers_are_refused_at_once(tmp_path):
    # in a child process: the old code held the GIL for hours, where no timeout in this one fires
    (tmp_path / "ff.jpg").write_bytes(headers_of(photo_jpeg(False)) + b"\xff" * 2_000_000)
    script = (
        "import sys\n"
        "from bot.images import UploadError, check_upload\n"
        "from engine.errors import TruncatedImageError\n"
        "from engine.images import open_image\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "try:\n    check_upload(data, 20, 64); print('queued')\n"
        "except UploadError as err:\n    print(err.key)\n"
        "try:\n    open_image(data); print('painted')\n"
        "except TruncatedImageError:\n    print('damaged')\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "ff.jpg")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["truncated_image", "damaged"], done.stderr
