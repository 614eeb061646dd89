"""A progressive JPEG of thousands of tiny scans (a table and an end-of-block run of a few bytes
each) made libjpeg walk every block of the frame once per scan: 10,000 scans of a 4000x4000 frame
(380 KB) cost 35 s at upload and 22 s again in the engine, a few such uploads tying up the bot's
threads. One with more scans than any encoder writes, or more blocks in them all than a 400 MP
photo's, is refused as damaged from its markers; ordinary progressive JPEGs paint as before."""
from __future__ import annotations

import io

from PIL import Image

from bot.images import UploadError, check_upload
from engine.errors import TruncatedImageError
from engine.images import open_image

# an AC Huffman table (class 1, id 1) of one symbol, EOB14 (a run of 2^14 + 14 bits of blocks), coded '0'
DHT = b"\xff\xc4\x00\x14\x11" + bytes([1] + [0] * 15) + b"\xe0"
AC_SCAN = b"\xff\xda\x00\x08\x01\x01\x01\x01\x3f\x00"      # component 1, coefficients 1..63


def end_of_blocks(blocks: int) -> bytes:
    bits = ""
    while blocks > 0:
        run = min(blocks, 32767)
        bits += "0" + format(run - (1 << 14), "014b")
        blocks -= run
    bits += "1" * (-len(bits) % 8)
    out = bytearray()
    for i in range(0, len(bits), 8):
        out.append(int(bits[i:i + 8], 2))
        if out[-1] == 0xFF:
            out.append(0)                  # stuffed, as entropy-coded data is
    return bytes(out)


def progressive(side: int, mode: str = "L", **options) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (side, side), 128).save(buf, "JPEG", progressive=True, **options)
    return buf.getvalue()


def with_scans(side: int, scans: int) -> bytes:
    data = progressive(side)
    assert data.endswith(b"\xff\xd9")
    return data[:-2] + (DHT + AC_SCAN + end_of_blocks(-(-side // 8) ** 2)) * scans + b"\xff\xd9"


def replies(data: bytes, monkeypatch) -> tuple[str, str]:
    """What the upload check and the engine say, with Pillow never asked to open it (the refusal
    comes from the markers, not after libjpeg walked the scans)."""
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **kw: opened.append(a) or real_open(*a, **kw))
    try:
        check_upload(data, 20, 64)
        upload = "queued"
    except UploadError as err:
        upload = err.key
    try:
        open_image(data)
        engine = "painted"
    except TruncatedImageError:
        engine = "damaged"
    return upload, engine if not opened else f"{engine} (opened by Pillow)"


def test_thousands_of_tiny_scans_are_refused_as_damaged(monkeypatch):
    assert replies(with_scans(256, 1000), monkeypatch) == ("truncated_image", "damaged")


def test_a_few_scans_of_a_huge_frame_are_refused_as_damaged(monkeypatch):
    # 150 scans (not too many) of a 20000x20000 frame: 940 million blocks walked
    data = bytearray(with_scans(256, 150))
    sof = data.index(b"\xff\xc2")
    data[sof + 5:sof + 9] = (20000).to_bytes(2, "big") * 2
    assert replies(bytes(data), monkeypatch) == ("truncated_image", "damaged")


def test_the_refusal_reads_a_path_and_a_file_too(tmp_path):
    data = with_scans(256, 1000)
    path = tmp_path / "scans.jpg"
    path.write_bytes(data)
    for source in (path, str(path), io.BytesIO(data)):
        try:
            open_image(source)
        except TruncatedImageError:
            continue
        raise AssertionError(f"painted {source!r}")


def test_ordinary_progressive_jpegs_paint(tmp_path):
    for data in (progressive(300, "RGB"), progressive(300, "RGB", subsampling=0), progressive(300),
                 progressive(300, "CMYK"), with_scans(256, 20)):
        assert check_upload(data, 20, 64) == Image.open(io.BytesIO(data)).size
        assert open_image(data).size == Image.open(io.BytesIO(data)).size
        path = tmp_path / "photo.jpg"
        path.write_bytes(data)
        assert open_image(path).size == open_image(io.BytesIO(data)).size
