"""Whether a large upload is whole, from its own structure, without decoding it.

A photo cut short in transfer is refused at upload (bot.images.check_upload): kept as the user's
last photo, it would fail every later command that paints it. Small pictures are simply decoded;
past bot.images.READ_THROUGH_PIXELS (a 12 MP HEIC takes most of a second to decode, CPU the
painter needs) this checks that the data the file's own tables point to lies inside it: a HEIC's
or AVIF's item locations, a TIFF's strips, a GIF's first frame, raw rows. Offsets and lengths
only; every walk is bounded, and whatever is not foreseen here counts as whole (the engine's
decoding still tells).
"""
from __future__ import annotations

import struct
from functools import lru_cache

from PIL import Image

STRUCTURE_STEPS = 200_000         # boxes, items or GIF blocks read at most (a 20 MB GIF has 80,000)


def data_within(im: Image.Image, data: bytes) -> bool:
    """Whether the data the first picture of an opened file names lies within ``data``: judged
    from offsets and lengths only (nothing decoded, at most one pass over a GIF's block lengths).
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


def isobmff_within(data: bytes) -> bool:
    """HEIC and AVIF are ISO base media files: boxes that each say their length, among them a
    "meta" box whose "iloc" says where each item's data (the picture's tiles, its thumbnail,
    Exif) lies. Whether all of it lies within the file; what follows the boxes read up to "meta"
    is not walked (a phone may append its own trailer). True where it cannot tell."""
    size = len(data)
    pos = 0
    for _ in range(STRUCTURE_STEPS):
        if pos + 8 > size:
            break
        length, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if length == 1:                       # a 64-bit length follows
            if pos + 16 > size:
                return False
            length, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif length == 0:                     # to the end of the file
            length = size - pos
        if length < header:
            return True                       # not boxes as we know them: the engine will tell
        if kind == b"meta":
            if pos + length > size:
                return False
            extents_end = iloc_end(data, pos + header + 4, pos + length)    # meta: a full box
            return extents_end is None or extents_end <= size
        pos += length
    return True


def iloc_end(data: bytes, start: int, end: int) -> int | None:
    """Where the last item's data in the file ends, by the "iloc" box among the boxes between
    ``start`` and ``end`` (ISO/IEC 14496-12, 8.11.3); None if there is none or it cannot be read."""
    pos = start
    try:
        for _ in range(STRUCTURE_STEPS):
            if pos + 8 > end:
                break
            length, kind = struct.unpack_from(">I4s", data, pos)
            if length < 8:
                return None
            if kind == b"iloc":
                return _iloc_end(data, pos + 8, pos + length)
            pos += length
    except (struct.error, ValueError, IndexError):
        return None
    return None


def _iloc_end(data: bytes, pos: int, end: int) -> int | None:
    def number(width: int) -> int:
        nonlocal pos
        value = int.from_bytes(data[pos:pos + width], "big") if width else 0
        if pos + width > end:
            raise ValueError("past the box")
        pos += width
        return value

    version = data[pos]
    pos += 4                                             # version and flags
    sizes = struct.unpack_from(">BB", data, pos)
    pos += 2
    offset_size, length_size = sizes[0] >> 4, sizes[0] & 15
    base_offset_size, index_size = sizes[1] >> 4, (sizes[1] & 15 if version in (1, 2) else 0)
    if version > 2 or any(n not in (0, 4, 8) for n in (offset_size, length_size, base_offset_size, index_size)):
        return None                                      # not an iloc we can read
    items = number(4 if version == 2 else 2)
    if items > STRUCTURE_STEPS:
        return None
    last = 0
    for _ in range(items):
        number(4 if version == 2 else 2)                 # item id
        method = number(2) & 15 if version in (1, 2) else 0
        reference = number(2)                            # data_reference_index: 0 is this file
        base = number(base_offset_size)
        extents = number(2)
        if extents * items > STRUCTURE_STEPS:
            return None
        for _ in range(extents):
            number(index_size)
            offset, length = number(offset_size), number(length_size)
            if method == 0 and reference == 0:           # 1, 2: within another box or item
                last = max(last, base + offset + max(length, 1))
    return last
