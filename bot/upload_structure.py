"""Whether a large upload is whole, from its own structure, without decoding it.

A photo cut short in transfer is refused at upload (bot.images.check_upload): kept as the user's
last photo, it would fail every later command that paints it. Small pictures are simply decoded;
past bot.images.READ_THROUGH_PIXELS (a 12 MP HEIC takes most of a second to decode, CPU the
painter needs) this checks that the data the file's own tables point to lies inside it: a HEIC's
or AVIF's item locations, a TIFF's strips, a GIF's first frame, raw rows, a JPEG 2000's
codestream, a QOI's end marker, a TGA's RLE packets, an RLE BMP's runs. Offsets and lengths only
(numpy over the millions of RLE packets a big picture can hold); every walk is bounded, and
whatever is not foreseen here counts as whole (the engine's decoding still tells). The HEIC/AVIF
and TIFF readers live in engine.file_structure (torch-free),
where the engine finds too that a file no decoder recognises was cut short (``cut_short``).
"""
from __future__ import annotations

import struct
from functools import lru_cache

import numpy as np
from PIL import Image

from engine.file_structure import PNG_SIGNATURE, STRUCTURE_STEPS, box_header, isobmff_within

QOI_END = bytes(7) + b"\x01"
DDS_HEADER = 128                 # "DDS " and its header (a DX10 one has 20 bytes more)
J2K_START, J2K_END = b"\xff\x4f\xff\x51", b"\xff\xd9"      # SOC and SIZ; EOC
TGA_CHUNK = 4096                 # bytes of TGA packets followed as one lane at least (tga_packets_within) ...
TGA_CHUNK_PACKETS = 64           # ... and packets, of the mean length of its first TGA_SAMPLE
TGA_SAMPLE = 1000
TGA_WORK = 16_000_000            # packets followed at most, all chunks and rounds (~0.4 s; 20 MB of 2-byte ones: 10 M)
# what one numpy step costs, in packets of TGA_WORK, however few lanes it follows: packets made so
# that one chunk is redone a round, a lane at a time, took a minute at 19 MB counting packets alone
TGA_STEP_WORK = 512
BMP_ESCAPES = 2_000_000          # an RLE BMP's escapes followed at most (0.2 s; a 64 MP photo's are ~300,000)
# Pillow's Python decoders (Image.DECODERS) whose data _data_within follows (a QOI by its format)
STRUCTURE_CODECS = ("qoi", "dds_rgb", "ppm", "ppm_plain", "BLP1", "BLP2", "MSP", "bmp_rle")


def data_within(im: Image.Image, data: bytes) -> bool:
    """Whether the data the first picture of an opened file names lies within ``data``: judged
    from offsets and lengths only (nothing decoded, at most one pass over a GIF's block lengths
    and a few over a TGA's packet headers or an RLE BMP's runs).
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
        if tile.codec_name == "dds_rgb":      # uncompressed DDS: its pixels after a 128-byte header
            width, rows = tile.extents[2] - tile.extents[0], tile.extents[3] - tile.extents[1]
            if DDS_HEADER + width * rows * (int(tile.args[0]) // 8) > size:
                return False
        if tile.codec_name == "ppm":          # a binary PGM/PPM whose maxval is no bit depth: 1 or 2 bytes a sample
            rawmode, maxval = tile.args
            width, rows = tile.extents[2] - tile.extents[0], tile.extents[3] - tile.extents[1]
            if tile.offset + width * rows * len(rawmode) * (1 if maxval < 256 else 2) > size:
                return False
        if tile.codec_name == "ppm_plain" and not ppm_plain_within(data, tile.offset, im.mode,
                                                                   tile.extents[2] - tile.extents[0],
                                                                   tile.extents[3] - tile.extents[1]):
            return False
        if tile.codec_name in ("BLP1", "BLP2"):   # its first picture's offset and length, after the tile's offset
            first, length = struct.unpack_from("<I", data, tile.offset)[0], struct.unpack_from("<I", data, tile.offset + 64)[0]
            if first + length > size:
                return False
        if tile.codec_name == "MSP":          # an RLE MSP (v2): a row length table after its 32-byte header
            rows = tile.extents[3] - tile.extents[1]
            if 32 + 2 * rows > size or 32 + 2 * rows + sum(struct.unpack_from(f"<{rows}H", data, 32)) > size:
                return False
        if tile.codec_name == "bmp_rle":
            width, height = tile.extents[2] - tile.extents[0], tile.extents[3] - tile.extents[1]
            if not bmp_rle_within(data, tile.offset, width, height, bool(tile.args[1])):
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



# a plain PPM's digits as 1, anything else as a space: a number is where " 1" is
PPM_RUNS = bytes(0x31 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))


def ppm_plain_within(data: bytes, offset: int, mode: str, width: int, rows: int) -> bool:
    """Whether a plain-text PBM/PGM/PPM holds a sample for each of its pixels after ``offset``:
    a P1's samples are single digits (0 or 1, spaces optional), a P2's or P3's numbers (runs of
    digits); counted in C (translate, count), not decoded (Pillow's Python decoder: 0.9 s for
    1.4 MP). Digits in a comment count too: lenient, never a whole file refused."""
    if mode == "1":
        return data.count(b"0", offset) + data.count(b"1", offset) >= width * rows
    digits = data.translate(PPM_RUNS)          # one copy; the header's last byte, before offset, is a space
    return digits.count(b" 1", max(0, offset - 1)) >= width * rows * (3 if mode == "RGB" else 1)


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


JPEG2000_REDUCE = 3        # resolution levels left out where checking a JPEG 2000 decodes it (1/8)


def jpeg2000_levels(data: bytes) -> int:
    """The fewest wavelet decomposition levels a JPEG 2000's main header gives (its COD marker,
    and any COC for one component): the most resolution levels OpenJPEG can leave out decoding
    it (Pillow's ``reduce``; one more fails). 0 where the header cannot be read. A tile-part's own
    COD may give fewer (not read here): bot.images then decodes the picture whole once."""
    start = _jpeg2000_codestream(data)
    if start is None:
        return 0
    pos, size, levels, components = start + 2, len(data), [], 1
    for _ in range(STRUCTURE_STEPS):
        if pos + 4 > size or data[pos] != 0xFF or data[pos + 1] in (0x90, 0x93):    # SOT, SOD: header done
            break
        marker, length = data[pos + 1], int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker == 0x51 and pos + 40 <= size:                      # SIZ: Csiz after 36 bytes
            components = int.from_bytes(data[pos + 38:pos + 40], "big")
        elif marker == 0x52 and pos + 10 <= size:                    # COD: Scod, SGcod (4), then levels
            levels.append(data[pos + 9])
        elif marker == 0x53:                                         # COC: Ccoc (1 or 2), Scoc, then levels
            at = pos + 4 + (1 if components < 257 else 2) + 1
            if at < size:
                levels.append(data[at])
        if length < 2:
            break
        pos += 2 + length
    return min(levels) if levels else 0


def _jpeg2000_codestream(data: bytes) -> int | None:
    """Where a JPEG 2000's codestream begins: 0 for a bare one (.j2k), in its "jp2c" box for a JP2."""
    if data.startswith(J2K_START):
        return 0
    size, pos = len(data), 0
    for _ in range(STRUCTURE_STEPS):
        if pos + 8 > size:
            return None
        box = box_header(data, pos)
        if box is None:
            return None
        kind, header, length = box
        if kind == b"jp2c":
            return pos + header if data[pos + header:pos + header + 4] == J2K_START else None
        if length < header:
            return None
        pos += length
    return None


def tga_packets_within(data: bytes, offset: int, pixels: int, pixel_bytes: int) -> bool:
    """A TGA's RLE data is packets: a byte whose top bit says "one pixel, repeated" (else "raw
    pixels"), its low 7 bits the count less one: whether the packets for every pixel end within
    the file (complete packets only, as Pillow decodes them).

    A photo with smooth areas has millions of short packets, too many to follow one by one in
    Python, so numpy follows them in chunks (of 64 packets of the first ones' mean length, 4 kB at
    least) all at once, a packet a step in each. Each chunk is entered where the packets of the
    one before it leave off: first guessed as its own start, then again from the exits found,
    redoing only the chunks whose entry changed, until none does (packets followed from two
    entries fall into step within a few packets: a handful of rounds, 14 for a noisy 20 MP photo,
    0.1 s). That fixed point is the file's own packets, each counted once. True (cannot tell) past TGA_WORK packets followed: packets
    made never to fall into step."""
    size = len(data)
    if offset >= size:
        return pixels <= 0
    buf = np.frombuffer(data, np.uint8)
    header = np.arange(256)
    count = (header & 0x7F) + 1
    length = 1 + pixel_bytes * np.where(header & 0x80, 1, count)
    pos = offset                          # chunks of many packets: the first ones' mean length
    for packets in range(1, TGA_SAMPLE + 1):
        pos += int(length[data[pos]])
        if pos >= size:
            break
    chunk = max(TGA_CHUNK, TGA_CHUNK_PACKETS * (pos - offset) // packets)
    starts = np.arange(offset, size, chunk)
    ends = np.append(starts[1:], size)
    entries, exits, counted = starts.copy(), np.empty_like(starts), np.zeros(len(starts), np.int64)
    redo, work = np.arange(len(starts)), 0
    while work < TGA_WORK:
        exits[redo], counted[redo], followed = _follow_packets(buf, entries[redo], ends[redo], length, count)
        work += followed + len(redo)
        entered = np.concatenate(([offset], exits[:-1]))
        redo = np.flatnonzero(entered != entries)
        if not len(redo):
            return int(counted.sum()) >= pixels
        entries = entered
    return True


def _follow_packets(buf: np.ndarray, pos: np.ndarray, ends: np.ndarray, length: np.ndarray,
                    count: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """From each of ``pos``, TGA packets up to the first that starts at or past its end: (where
    that one starts, or past the file if a packet ran past it; the pixels of those packets; the
    work done: packets followed, and TGA_STEP_WORK a step)."""
    size = len(buf)
    pos, pixels = pos.copy(), np.zeros(len(pos), np.int64)
    lanes, followed = np.flatnonzero(pos < ends), 0
    while len(lanes):
        followed += len(lanes) + TGA_STEP_WORK
        at = pos[lanes]
        header = buf[at]
        after = at + length[header]
        whole = after <= size
        pixels[lanes] += np.where(whole, count[header], 0)
        pos[lanes] = np.where(whole, after, size + 1)
        lanes = lanes[whole & (after < ends[lanes])]
    return pos, pixels, followed


def bmp_rle_within(data: bytes, offset: int, width: int, height: int, rle4: bool) -> bool:
    """A BMP's RLE8 or RLE4 data is 2-byte units: (count, colour) runs, or an escape (0, n): 0 ends
    a row, 1 the picture, 2 moves by the next unit's (dx, dy), n >= 3 is n pixels as they are,
    padded to whole units. Whether the units give every pixel (as Pillow counts them: it refuses
    one short) before the file, or an end of picture, ends them.

    Pillow decodes them in Python, a pixel run at a time (seconds at 20 MP). Here numpy finds the
    units that may be escapes (count 0: escapes, and pixels of an absolute run that look like
    one), Python follows the true escapes alone (one step each: rows and absolute runs), and numpy
    sums the runs between them. Rows are counted as if no run ran past its row (Pillow cuts such a
    run short): never fewer pixels than Pillow's, so a file Pillow decodes is never refused. True
    where it cannot tell: data at an odd offset (Pillow pads by the file's position), or more than
    BMP_ESCAPES escapes."""
    if offset % 2 or width < 1:
        return True
    pixels, size = width * abs(height), len(data)
    n = max(0, size - offset) // 2
    units = np.frombuffer(data, np.uint8, count=2 * n, offset=min(offset, size)).reshape(n, 2)
    counts = units[:, 0]
    maybe = np.flatnonzero(counts == 0)                      # every escape, and some pixels
    if len(maybe) > 2 * BMP_ESCAPES:
        return True
    code = units[maybe, 1].astype(np.int64)
    stored = (code + 1) // 2 if rle4 else code               # an absolute run's bytes
    step = np.where(code >= 3, 1 + (stored + 1) // 2, np.where(code == 2, 2, 1))
    follows = np.searchsorted(maybe, maybe + step)           # the first unit after its data that may be one
    follows[code == 1] = len(maybe)                          # the end of the picture: nothing follows
    follows, last = follows.tolist(), len(maybe)
    chain, k = [], 0
    for _ in range(BMP_ESCAPES):
        if k >= last:
            break
        chain.append(k)
        k = follows[k]
    else:
        return True
    if not chain:
        return int(counts.sum(dtype=np.int64)) >= pixels
    chain = np.array(chain)
    at, code, step = maybe[chain], code[chain], step[chain]
    starts = np.concatenate(([0], at[:-1] + step[:-1]))      # the runs before each escape
    runs = np.add.reduceat(counts, np.stack([starts, at], 1).ravel(), dtype=np.int64)[::2]
    runs[starts == at] = 0                                   # none (reduceat gives the unit itself)
    added = runs.copy()
    moves = code == 2
    delta_at = np.minimum(at[moves] + 1, n - 1)
    delta = units[delta_at, 0].astype(np.int64) + units[delta_at, 1].astype(np.int64) * width
    added[moves] += np.where(at[moves] + 1 < n, delta, 0)   # its (dx, dy) cut off: nothing
    literal = code >= 3
    left = size - (offset + 2 * (at[literal] + 1))           # an absolute run cut short gives what arrived
    added[literal] += np.minimum(code[literal], np.maximum(left, 0) * (2 if rle4 else 1))
    end = at[-1] + step[-1]
    tail = int(counts[end:].sum(dtype=np.int64)) if code[-1] != 1 and end < n else 0
    # a row's end (code 0) moves on to the next whole row: pixels = width x rows + the open row's
    row = np.concatenate(([0], np.cumsum(code == 0)[:-1]))   # the rows ended before each escape
    per_row = np.bincount(row, weights=added)
    ended = len(per_row) if code[-1] == 0 else len(per_row) - 1
    rows = int(np.ceil(per_row[:ended] / width).sum())
    open_row = int(per_row[ended:].sum())
    return width * rows + open_row + tail >= pixels


PNG_ANIMATION = (b"acTL", b"fcTL", b"fdAT")   # APNG's chunks: the frames after the default image
PNG_IEND = b"\0\0\0\0IEND\xaeB`\x82"


def png_default_image(data: bytes) -> bytes | None:
    """An animated PNG as the still PNG of its default image (its first frame: what Image.open
    gives, and what is painted): its chunks without APNG's, up to IEND, or up to a later frame
    cut short (an IEND then added). None where it is no APNG, or where its default image's own
    data (IDAT) does not arrive whole."""
    if not data.startswith(PNG_SIGNATURE):
        return None
    kept, pos, size, animated, pixels = [data[:8]], 8, len(data), False, "none"
    for _ in range(STRUCTURE_STEPS):
        if pos + 12 > size:
            break
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if kind == b"IDAT":
            pixels = "reading"
        elif pixels == "reading":
            pixels = "whole"               # the chunk after the last IDAT began: they all arrived
        if end > size:
            break
        if kind in PNG_ANIMATION:
            animated = True
        else:
            kept.append(data[pos:end])
        if kind == b"IEND":
            return b"".join(kept) if animated else None
        pos = end
    else:
        return None
    if not animated or pixels != "whole":
        return None
    return b"".join(kept) + PNG_IEND
