"""Two readers of a picture's header were one function written twice: bot.painted_size's
picture_size (is a painting smaller than asked) and engine.out_of_memory's photo_dimensions (the
size a job killed for memory is retried at; it alone read a HEIC without the bot's modules). One
Pillow-only reader now, engine.picture_header, that both use and that pulls no torch in (the
bot's and the queue's processes run without it)."""
import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bot import painted_size
from engine import out_of_memory, picture_header


def picture(fmt: str, size=(96, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(buf, fmt)
    return buf.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG's header saying ``width`` x ``height``, no pixels to speak of (a huge photo's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_the_bot_and_the_queue_read_with_the_one_reader():
    assert painted_size.picture_size is picture_header.picture_size


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
@pytest.mark.parametrize("read", [picture_header.picture_size, out_of_memory.photo_dimensions], ids=["bot", "queue"])
def test_both_read_each_kind_of_photo(fmt, read):
    assert read(picture(fmt, (96, 64))) == (96, 64)


@pytest.mark.parametrize("read", [picture_header.picture_size, out_of_memory.photo_dimensions], ids=["bot", "queue"])
def test_both_take_any_bytes_and_say_none_for_no_picture(read):
    data = picture("PNG", (40, 30))
    assert read(bytearray(data)) == read(memoryview(data)) == (40, 30)
    assert read(b"") is None and read(None) is None and read(b"not a picture") is None
    assert read(data[:20]) is None                  # cut before its size


def test_the_queue_reads_a_photo_past_pillows_own_limit():
    """A 300 MP photo (the worker paints a JPEG that big at a draft scale) is one the queue sizes a
    retry for: read within the engine's limit, as photo_dimensions read it before."""
    assert out_of_memory.photo_dimensions(png_header(20000, 15000)) == (20000, 15000)


def test_reading_a_header_imports_no_torch(tmp_path):
    root = Path(__file__).resolve().parents[2]
    code = ("import sys, engine.picture_header, bot.painted_size, engine.out_of_memory; "
            "from engine.out_of_memory import photo_dimensions; "
            f"print(photo_dimensions({picture('PNG')!r}), 'torch' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.stdout.split() == ["(96,", "64)", "False"], out.stderr


@pytest.mark.parametrize("read", [picture_header.picture_size, out_of_memory.photo_dimensions], ids=["bot", "queue"])
def test_a_decompression_bomb_header_is_none_not_raised(read):
    """A header saying 10 gigapixels (past even the engine's raised limit: Pillow raises
    DecompressionBombError) or Pillow's largest: no size, nothing raised, no warning escaping
    (the callers run it on a thread in the middle of a painting's delivery)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read(png_header(100_000, 100_000)) is None
        assert read(png_header(2**31 - 1, 2**31 - 1)) is None


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF", "WEBP"])
def test_a_header_cut_short_is_none(fmt):
    whole = picture(fmt, (96, 64))
    for cut in (1, 8, 16, 32, len(whole) // 4):
        assert picture_header.picture_size(whole[:cut]) is None, cut
