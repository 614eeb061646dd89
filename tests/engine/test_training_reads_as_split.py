"""Training reads its photos as the split judges them (engine.train_split.unreadable, i.e.
open_image): a PNG whose XMP Pillow will not inflate (past 1 MB; read by open_image since dcbaab8)
counted as readable for the held-out photo and has_validation_photos, and training, opening it with
Pillow directly, then left it out ("none of the 1 pictures ... could be read"). One photo, one answer."""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from engine.errors import EngineError
from engine.train import load_pool
from engine.train_split import unreadable


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def photo(seed: int, size=(80, 72)) -> Image.Image:
    return Image.fromarray(np.random.default_rng(seed).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8))


def png_with_big_xmp(seed: int) -> bytes:
    buf = io.BytesIO()
    photo(seed).save(buf, "PNG")
    data = buf.getvalue()
    xmp = zlib.compress(b"3c783a786d706d657461" * (PngImagePlugin.MAX_TEXT_CHUNK // 20 + 100))
    return data[:33] + chunk(b"zTXt", b"Raw profile type xmp\0\0" + xmp) + data[33:]


def files(folder):
    folder.mkdir()
    (folder / "xmp.png").write_bytes(png_with_big_xmp(1))
    photo(2).save(folder / "plain.jpg")
    photo(3, (20, 20)).save(folder / "tiny.png")                 # under open_image's 32 px
    whole = io.BytesIO()
    photo(4).save(whole, "PNG")
    (folder / "cut.png").write_bytes(whole.getvalue()[:-200])
    (folder / "notes.png").write_bytes(b"not a picture at all")
    return sorted(folder.iterdir())


def test_a_png_with_megabytes_of_xmp_trains(tmp_path):
    path = tmp_path / "xmp.png"
    path.write_bytes(png_with_big_xmp(1))
    assert unreadable(path) is None
    pool = load_pool([path], 32, log=lambda line: pytest.fail(line))
    assert len(pool) == 1 and pool[0].shape[0] == 3 and min(pool[0].shape[1:]) == 32


def test_training_leaves_out_exactly_what_the_split_calls_unreadable(tmp_path):
    for path in files(tmp_path / "photos"):
        logs = []
        try:
            pool = load_pool([path], 32, log=logs.append)
        except EngineError:
            pool = []
        assert (len(pool) == 1) == (unreadable(path) is None), (path.name, unreadable(path), logs)
