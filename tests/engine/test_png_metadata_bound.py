"""The bound on a PNG's metadata (one iCCP, at most 64 zTXt/iTXt chunks handed to Pillow, 5cde500;
chunks past Pillow's limits dropped without inflating them, 4d2df6c) held for bytes only: given a
path or a file object (the CLI's stylize, the API given a path, train_split.unreadable), Pillow
inflated every chunk, and the trimming then inflated each chunk past 1 MB up to 1 MB without
counting it against the 64 MB text budget (2000 such chunks: 2 GB of inflating for a 2 MB file)."""
from __future__ import annotations

import zlib

import pytest
from PIL import PngImagePlugin

import engine.file_structure as structure
from engine.images import open_image
from tests.bot.test_png_metadata import chunk, count_trimmings_inflating, png_with


def count_pillows_inflating(monkeypatch) -> list:
    calls, real = [], PngImagePlugin._safe_zlib_decompress

    def counting(data):
        calls.append(1)
        return real(data)

    monkeypatch.setattr(PngImagePlugin, "_safe_zlib_decompress", counting)
    return calls


def many_small_texts() -> bytes:
    body = zlib.compress(bytes(1000))
    profiles = [chunk(b"iCCP", b"icc\0\0" + body) for _ in range(500)]
    texts = [chunk(b"zTXt", b"C%d\0\0" % i + body) for i in range(2000)]
    return png_with(*profiles, *texts)


def many_texts_past_a_megabyte(count: int) -> bytes:
    body = zlib.compress(b"a" * (PngImagePlugin.MAX_TEXT_CHUNK + 100_000))
    return png_with(*[chunk(b"zTXt", b"C%d\0\0" % i + body) for i in range(count)])


@pytest.mark.parametrize("given", ["path", "file object", "bytes"])
def test_pillow_is_handed_a_bounded_number_of_compressed_texts_however_the_png_is_given(tmp_path, monkeypatch,
                                                                                        given):
    data = many_small_texts()
    path = tmp_path / "texts.png"
    path.write_bytes(data)
    calls = count_pillows_inflating(monkeypatch)
    with open(path, "rb") as f:
        source = {"path": path, "file object": f, "bytes": data}[given]
        out = open_image(source)
    assert out.getpixel((5, 5)) == (200, 30, 30)
    assert 0 < len(calls) <= 2 * 65


@pytest.mark.parametrize("given", ["path", "file object", "bytes"])
def test_texts_past_a_megabyte_each_cost_a_bounded_inflating_however_the_png_is_given(tmp_path, monkeypatch,
                                                                                      given):
    data = many_texts_past_a_megabyte(300)
    path = tmp_path / "texts.png"
    path.write_bytes(data)
    calls, inflated = count_pillows_inflating(monkeypatch), count_trimmings_inflating(monkeypatch)
    with open(path, "rb") as f:
        source = {"path": path, "file object": f, "bytes": data}[given]
        out = open_image(source)
    assert out.getpixel((5, 5)) == (200, 30, 30)
    assert len(calls) <= 2 * 65
    assert sum(inflated) <= PngImagePlugin.MAX_TEXT_MEMORY + 3 * PngImagePlugin.MAX_TEXT_CHUNK


def test_each_refused_chunk_counts_against_the_text_budget(monkeypatch):
    """Trimming unbounded data (as the fallback got a path's whole file): each chunk inflating past
    MAX_TEXT_CHUNK was inflated up to it and dropped, uncounted, so all of them were."""
    inflated = count_trimmings_inflating(monkeypatch)
    data = many_texts_past_a_megabyte(300)
    trimmed = structure.png_without_refused_metadata(data, PngImagePlugin.MAX_TEXT_CHUNK,
                                                     PngImagePlugin.MAX_TEXT_MEMORY)
    assert trimmed is not None and len(trimmed) < len(data) // 10
    assert sum(inflated) <= PngImagePlugin.MAX_TEXT_MEMORY + 3 * PngImagePlugin.MAX_TEXT_CHUNK
