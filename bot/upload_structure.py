"""Whether a large upload is whole, from its own structure, without decoding it.

A photo cut short in transfer is refused at upload (bot.images.check_upload): kept as the user's
last photo, it would fail every later command that paints it. Small pictures are simply decoded;
past bot.images.READ_THROUGH_PIXELS (a 12 MP HEIC takes most of a second to decode, CPU the
painter needs) this checks that the data the file's own tables point to lies inside it: a HEIC's
or AVIF's item locations, a TIFF's strips, a GIF's first frame, raw rows. Offsets and lengths
only; every walk is bounded, and whatever is not foreseen here counts as whole (the engine's
decoding still tells). The HEIC/AVIF and TIFF readers live in engine.file_structure (torch-free),
where the engine finds too that a file no decoder recognises was cut short (``cut_short``).
"""
from __future__ import annotations

from functools import lru_cache

from PIL import Image

from engine.file_structure import STRUCTURE_STEPS, isobmff_within


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
