"""Whether a large upload is whole, from its own structure, without decoding it.

A photo cut short in transfer is refused at upload (bot.images.check_upload): kept as the user's
last photo, it would fail every later command that paints it. Small pictures are simply decoded;
past bot.images.READ_THROUGH_PIXELS (a 12 MP HEIC takes most of a second to decode, CPU the
painter needs) this checks that the data the file's own tables point to lies inside it: a HEIC's
or AVIF's item locations, a TIFF's strips, a GIF's first frame, raw rows, a JPEG 2000's
codestream, a QOI's end marker, a TGA's RLE packets. Offsets and lengths only; every walk is
bounded, and whatever is not foreseen here counts as whole (the engine's decoding still tells). The HEIC/AVIF and TIFF readers live in engine.file_structure (torch-free),
where the engine finds too that a file no decoder recognises was cut short (``cut_short``).
"""
from __future__ import annotations

from functools import lru_cache

from PIL import Image

from engine.file_structure import STRUCTURE_STEPS, box_header, isobmff_within

QOI_END = bytes(7) + b"\x01"
J2K_START, J2K_END = b"\xff\x4f\xff\x51", b"\xff\xd9"      # SOC and SIZ; EOC


def data_within(im: Image.Image, data: bytes) -> bool:
    """Whether the data the first picture of an opened file names lies within ``data``: judged
    from offsets and lengths only (nothing decoded, at most one pass over a GIF's block lengths
    or a TGA's packet headers).
    True where the format says too little to tell, or says it in a way not foreseen here (a
    photo is not refused for that: the engine's decoding still tells)."""
    try:
        return _data_within(im, data)
    except Exception:
        return True


def _data_within(im: Image.Image, data: bytes) -> bool:
    size = len(data)
    if im.format in ("HEIF", "AVIF"):
        return isobmff_within(data)
    if im.format == "JPEG2000":
        return jpeg2000_within(data)
    if im.format == "QOI":                # a chunk stream that ends with its own marker
        return data.endswith(QOI_END)
    if hasattr(im, "tag_v2"):             # TIFF: each strip (or tile) by its offset and byte count
        for offsets, counts in ((273, 279), (324, 325)):
            starts, lengths = im.tag_v2.get(offsets), im.tag_v2.get(counts)
            if starts and lengths and max(o + n for o, n in zip(starts, lengths)) > size:
                return False
    for tile in im.tile:
        if tile.offset >= size:
            return False
        if tile.codec_name == "gif" and not gif_blocks_within(data, tile.offset):
            return False
        if tile.codec_name == "tga_rle":
            depth = tile.args[2] if isinstance(tile.args, tuple) and len(tile.args) > 2 else data[16]
            pixels = (tile.extents[2] - tile.extents[0]) * (tile.extents[3] - tile.extents[1])
            if not tga_packets_within(data, tile.offset, pixels, (int(depth) + 7) // 8):
                return False
        if tile.codec_name == "raw":
            args = (tile.args,) if isinstance(tile.args, str) else tuple(tile.args or ())
            rawmode = args[0] if args and isinstance(args[0], str) else im.mode
            width, rows = tile.extents[2] - tile.extents[0], tile.extents[3] - tile.extents[1]
            row = row_bytes(im.mode, rawmode, width)
            if row is None or rows < 1:
                continue
            stride = args[1] if len(args) > 1 and isinstance(args[1], int) and args[1] > 0 else row
            if tile.offset + stride * (rows - 1) + row > size:       # the last row is read whole
                return False
    return True


def row_bytes(mode: str, rawmode: str, width: int) -> int | None:
    """The bytes one row of ``width`` pixels takes in ``rawmode``; None if Pillow cannot say."""
    bits = raw_bits(mode, rawmode)
    return None if bits is None else (width * bits + 7) // 8


@lru_cache(maxsize=256)
def raw_bits(mode: str, rawmode: str) -> int | None:
    """Bits per pixel of ``rawmode``, asked of Pillow's own unpacker: the fewest bytes that make
    8 pixels (the least that holds whole bytes in every raw mode)."""
    for n in range(1, 8 * 8 + 1):         # 8 pixels of up to 64 bits
        try:
            Image.frombytes(mode, (8, 1), bytes(n), "raw", rawmode)
        except ValueError as exc:
            if "not enough" in str(exc):
                continue
            return None
        return n
    return None


def gif_blocks_within(data: bytes, offset: int) -> bool:
    """A GIF frame's image data is a chain of sub-blocks (a length byte, then that many bytes)
    ending with an empty one: whether the chain ends within the file."""
    pos, size = offset, len(data)
    for _ in range(STRUCTURE_STEPS):       # past it (blocks made tiny on purpose): cannot tell
        if pos >= size:
            return False
        length = data[pos]
        if length == 0:
            return True
        pos += 1 + length
    return True


def jpeg2000_within(data: bytes) -> bool:
    """A JPEG 2000 codestream ends with EOC (FF D9), which its packet data cannot hold (a byte
    after FF there is below 90): whether the codestream, bare (.j2k) or in a JP2's "jp2c" box,
    ends with it where it should. True where it cannot tell (no "jp2c" among the boxes)."""
    if data.startswith(J2K_START):
        return data.endswith(J2K_END)
    size, pos = len(data), 0
    for _ in range(STRUCTURE_STEPS):
        if pos + 8 > size:
            return pos >= size
        box = box_header(data, pos)
        if box is None:
            return False
        kind, header, length = box
        if length < header:
            return True
        if pos + length > size:
            return False
        if kind == b"jp2c":
            return data[pos + length - 2:pos + length] == J2K_END
        pos += length
    return True


def tga_packets_within(data: bytes, offset: int, pixels: int, pixel_bytes: int) -> bool:
    """A TGA's RLE data is packets: a byte whose top bit says "one pixel, repeated" (else "raw
    pixels"), its low 7 bits the count less one: whether the packets for every pixel end within
    the file. True past STRUCTURE_STEPS packets (cannot tell: the engine's decoding still does):
    a noisy photo is mostly raw packets of 128 (12 MP in ~0.05 s), one with smooth areas can
    have millions of short ones, and is left to the engine."""
    pos, size, done = offset, len(data), 0
    for _ in range(STRUCTURE_STEPS):
        if done >= pixels:
            return pos <= size
        if pos >= size:
            return False
        count = (data[pos] & 0x7F) + 1
        pos += 1 + pixel_bytes * (1 if data[pos] & 0x80 else count)
        done += count
    return True
