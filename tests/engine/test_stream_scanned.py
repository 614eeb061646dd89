"""open_image read a seekable file object's structure in windows (file_structure.StreamBytes) for
an AVIF's colour box alone (_boxes_scanned); a JPEG's markers and a PNG's retry without the text
Pillow refused read the whole object into memory first (_scanned: one read of all of it). All of
them are read in windows now, as a path's are, and decode as the same file's bytes do."""
from __future__ import annotations

import io
import zlib

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from engine.file_structure import FileBytes
from engine.images import open_image
from tests.bot.test_png_metadata import chunk

from tests.engine.test_avif_stream_colour import Counted


class WholeReadsCounted(Counted):
    """Counted that also counts the reads of all of it at once (read() or read(-1): readall)."""

    whole_reads = 0

    def readall(self) -> bytes:
        self.whole_reads += 1
        return super().readall()


def _noise(side: int) -> Image.Image:
    return Image.fromarray(np.random.default_rng(22).integers(0, 256, (side, side, 3), dtype=np.uint8))


@pytest.fixture(scope="module")
def large_jpeg() -> bytes:
    buf = io.BytesIO()
    _noise(900).save(buf, "JPEG", quality=95)
    assert len(buf.getvalue()) > 10 * FileBytes.WINDOW
    return buf.getvalue()


@pytest.fixture(scope="module")
def png_with_refused_text() -> bytes:
    """A PNG whose one zTXt chunk inflates past Pillow's MAX_TEXT_CHUNK: Pillow refuses the whole
    file (ValueError), and open_image tries again without that chunk."""
    buf = io.BytesIO()
    _noise(700).save(buf, "PNG", compress_level=1)
    text = chunk(b"zTXt", b"Raw profile type xmp\0\0" + zlib.compress(bytes(PngImagePlugin.MAX_TEXT_CHUNK + 1000)))
    data = buf.getvalue()[:33] + text + buf.getvalue()[33:]     # after IHDR: refused as it opens
    assert len(data) > 10 * FileBytes.WINDOW
    return data


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and bool((np.asarray(a) == np.asarray(b)).all())


def test_a_jpeg_file_objects_markers_are_read_in_windows(large_jpeg):
    stream = WholeReadsCounted(large_jpeg)
    out = open_image(stream)
    assert stream.whole_reads == 0          # it was read whole once for its markers, then by Pillow
    assert _same(out, open_image(large_jpeg))


def test_a_jpeg_missing_its_end_from_a_file_object_is_restored_as_its_bytes_are(large_jpeg):
    unended = large_jpeg[:-2]               # whole scan, its end marker (EOI) missing
    stream = WholeReadsCounted(unended)
    assert _same(open_image(stream), open_image(unended))
    assert stream.whole_reads == 0


def test_a_pngs_retry_without_its_refused_text_reads_the_file_object_in_windows(png_with_refused_text):
    stream = WholeReadsCounted(png_with_refused_text)
    out = open_image(stream)
    assert stream.whole_reads == 0
    assert _same(out, open_image(png_with_refused_text)) and out.size == (700, 700)


def test_a_file_object_cut_shorter_while_its_png_is_retried_is_damaged(png_with_refused_text, monkeypatch):
    """StreamBytes' CutShort (the object ends before the size it had) is a truncated image, as a
    path's file cut while read is."""
    from engine import images
    from engine.errors import TruncatedImageError

    stream = WholeReadsCounted(png_with_refused_text)
    trimmed = images.png_metadata_trimmed

    def cut_then_trim(data):
        stream._f.truncate(len(png_with_refused_text) // 2)
        return trimmed(data)

    monkeypatch.setattr(images, "png_metadata_trimmed", cut_then_trim)
    with pytest.raises(TruncatedImageError):
        open_image(stream)
