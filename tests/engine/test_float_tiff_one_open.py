"""A float TIFF given by its path was opened twice at once where its floats were read (a plain
open for tifffile beside the one its structure check mapped): two descriptors held for one file.
Now its structure and its floats are read through the one open file."""
from __future__ import annotations

import builtins
import os

import numpy as np
import pytest

from engine.errors import TruncatedImageError
from engine.images import open_image


def test_a_float_tiff_is_open_once_while_its_floats_are_read(tmp_path, monkeypatch):
    import tifffile

    path = tmp_path / "hdr.tif"
    for side in (40, 600):             # a small and a large file (once read whole / mapped)
        tifffile.imwrite(path, np.random.default_rng(4).random((side, side, 3), dtype=np.float32))
        data = path.read_bytes()
        opened, most = [], [0]
        real_open = builtins.open

        def counting(file, *args, **kw):
            f = real_open(file, *args, **kw)
            if isinstance(file, (str, os.PathLike)) and os.fspath(file) == os.fspath(path):
                opened.append(f)
                most[0] = max(most[0], sum(1 for g in opened if not g.closed))
            return f

        monkeypatch.setattr(builtins, "open", counting)
        im = open_image(path)
        monkeypatch.setattr(builtins, "open", real_open)
        assert most[0] == 1                # it was 2
        assert np.array_equal(np.asarray(im), np.asarray(open_image(data)))
    cut = tmp_path / "cut.tif"
    cut.write_bytes(data[:-1000])
    with pytest.raises(TruncatedImageError):
        open_image(cut)
