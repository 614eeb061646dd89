"""A file no decoder recognised whose "ftyp" box claims a length past the file's end (4 GB: a cut
AVIF's, or a damaged one's) had every 4 bytes of the file taken as a brand to look for a picture
brand: 20 MB of them took 7 s in open_image given its path (each read through
file_structure.FileBytes), 1 s given its bytes. The brands are read from the box's first
FTYP_BRANDS_BYTES alone (a phone's "ftyp" holds a few), once; the file is still told apart as an
AVIF cut short."""
from __future__ import annotations

import struct
import time

import pytest

from engine.errors import TruncatedImageError
from engine.file_structure import cut_short, is_isobmff_picture
from engine.images import open_image

# major brand mp41 (no picture: no decoder takes it), "avif" among the compatible ones
FTYP = struct.pack(">I4s4sI4s4s", 0xFFFFFFFF, b"ftyp", b"mp41", 0, b"mp41", b"avif")


def test_a_huge_ftyp_in_a_file_at_a_path_is_refused_as_cut_quickly(tmp_path):
    path = tmp_path / "cut.avif"
    path.write_bytes(FTYP + bytes(20 << 20))
    started = time.monotonic()
    with pytest.raises(TruncatedImageError):
        open_image(path)
    assert time.monotonic() - started < 2.5          # it was 7 s


def test_its_bytes_too():
    data = FTYP + bytes(20 << 20)
    started = time.monotonic()
    assert cut_short(data)
    assert time.monotonic() - started < 0.3          # it was 1 s


def test_brands_of_an_ordinary_ftyp_still_count():
    ftyp = struct.pack(">I4s4sI4s4s4s", 28, b"ftyp", b"mp41", 0, b"mp41", b"isom", b"heic")
    assert is_isobmff_picture(ftyp + bytes(100))
    assert not is_isobmff_picture(ftyp.replace(b"heic", b"isom") + bytes(100))
