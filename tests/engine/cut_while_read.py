"""open_image on a path, in a child process, with the file cut short at the moment one of
engine.images' readers looks at it: how the SIGBUS tests (a file mapped into memory and cut
meanwhile killed the whole process, which Python cannot catch) see what happens now."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys
    import engine.images as images
    from engine.errors import BadImageError
    path, reader, cut = sys.argv[1], sys.argv[2], int(sys.argv[3])
    read = getattr(images, reader)

    def cut_then_read(*args, **kw):         # the file cut short as this reader looks at it
        os.truncate(path, cut)
        return read(*args, **kw)
    setattr(images, reader, cut_then_read)
    try:
        images.open_image(path)
        print("painted")
    except BadImageError as err:
        print(err.key)
""")


def opened_while_cut(path: Path, reader: str, cut: int) -> str:
    """What open_image(path) ends in ("painted" or the error's key) when the file is cut to
    ``cut`` bytes as engine.images.<reader> is called; the child must not die (it was -7, SIGBUS)."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(path), reader, str(cut)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    return done.stdout.strip()
