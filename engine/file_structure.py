"""Whether an image file is whole, read from its own tables (offsets and lengths, nothing decoded).

Two users: the bot's upload check (bot.upload_structure), which asks this of large HEIC and AVIF
files instead of decoding them, and both the bot and the engine when no decoder recognises a file
at all: an AVIF, or a TIFF whose directory comes after its pictures (Pillow's compressed TIFFs),
cut short in transfer is unreadable from its first bytes on, and was called "not an image" where
its structure shows it was cut (``cut_short``). Torch-free: the bot imports it.
"""
from __future__ import annotations

import io
import os
import re
import struct
import zlib

STRUCTURE_STEPS = 200_000         # boxes, items or GIF blocks read at most (a 20 MB GIF has 80,000)
MAX_TIFF_SEGMENTS = 1_000_000     # strips or tiles: more than any picture the bot takes has

# ISO base media files that hold pictures: HEIF (heic, heix, mif1, ...), AVIF (avif, avis, ...)
IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"mif2",
                b"miaf", b"avif", b"avis", b"avio"}
TIFF_HEADERS = {b"II*\0": ("<", False), b"MM\0*": (">", False), b"II+\0": ("<", True), b"MM\0+": (">", True)}
TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4,
                   16: 8, 17: 8, 18: 8}
TIFF_INTEGERS = {3: "H", 4: "I", 13: "I", 16: "Q", 18: "Q"}
STRIPS, STRIP_BYTES, TILES, TILE_BYTES = 273, 279, 324, 325


def cut_short(data: bytes) -> bool:
    """For a file no decoder recognised: whether it begins as a HEIF, an AVIF or a TIFF and its
    own tables run past its end. False for anything else (not an image, or damaged otherwise)."""
    try:
        if is_isobmff_picture(data):
            return not isobmff_within(data, whole_boxes=True)
        if data[:4] in TIFF_HEADERS:
            return not tiff_within(data)
    except CutShort:              # a FileBytes' file cut while it was read: the caller's to say
        raise
    except Exception:             # a layout not foreseen here: it is not called cut
        return False
    return False


FTYP_BRANDS_BYTES = 4096     # of an "ftyp" box read for its brands (a phone's holds a few: 24-40 bytes)


def is_isobmff_picture(data: bytes) -> bool:
    """An "ftyp" box first, naming a picture brand (major or compatible) in what of it arrived,
    its first FTYP_BRANDS_BYTES read once (a damaged one claiming 4 GB had every 4 bytes of a 20 MB
    file read as a brand: 7 s through a FileBytes)."""
    if data[4:8] != b"ftyp":
        return False
    head = bytes(data[:min(FTYP_BRANDS_BYTES, max(16, int.from_bytes(data[:4], "big")))])
    brands = [head[8:12]] + [head[i:i + 4] for i in range(16, len(head) - 3, 4)]
    return any(brand in IMAGE_BRANDS for brand in brands)


def isobmff_within(data: bytes, whole_boxes: bool = False) -> bool:
    """HEIC and AVIF are ISO base media files: boxes that each say their length, among them a
    "meta" box whose "iloc" says where each item's data (the picture's tiles, its thumbnail,
    Exif) lies. Whether all of it lies within the file; what follows the boxes read up to "meta"
    is not walked (a phone may append its own trailer). With ``whole_boxes`` (a file no decoder
    read), a box before "meta" that runs past the end (a cut "ftyp", an "mdat" first) is cut too.
    True where it cannot tell."""
    size = len(data)
    pos = 0
    for _ in range(STRUCTURE_STEPS):
        if pos + 8 > size:
            return not (whole_boxes and pos < size)      # a box header itself cut
        box = box_header(data, pos)
        if box is None:
            return False
        kind, header, length = box
        if length < header:
            return True                       # not boxes as we know them: the engine will tell
        if kind == b"meta":
            if pos + length > size:
                return False
            extents_end = iloc_end(data, pos + header + 4, pos + length)    # meta: a full box
            return extents_end is None or extents_end <= size
        if whole_boxes and pos + length > size:
            return False
        pos += length
    return True


def box_header(data: bytes, pos: int) -> tuple[bytes, int, int] | None:
    """The box whose header begins at ``pos`` (at least 8 bytes there) of an ISO base media file
    (HEIF, AVIF; JPEG 2000's JP2 has the same boxes): (kind, header length, box length), length 0
    read as "to the end of the file"; None where its 64-bit length is cut off."""
    length, kind = unpack_from(">I4s", data, pos)
    if length == 1:                           # a 64-bit length follows
        if pos + 16 > len(data):
            return None
        return kind, 16, unpack_from(">Q", data, pos + 8)[0]
    return kind, 8, (len(data) - pos if length == 0 else length)


def boxes(data: bytes, start: int, end: int):
    """(kind, body start, body end) of the whole boxes between ``start`` and ``end``, up to the
    first that is not one (its length too short, or running past ``end``)."""
    pos = start
    for _ in range(STRUCTURE_STEPS):
        if pos + 8 > end:
            return
        box = box_header(data, pos)
        if box is None:
            return
        kind, header, length = box
        if length < header or pos + length > end:
            return
        yield kind, pos + header, pos + length
        pos += length


def child_box(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(body start, body end) of the first ``kind`` box between ``start`` and ``end``."""
    return next(((s, e) for k, s, e in boxes(data, start, end) if k == kind), None)


def isobmff_meta(data, limit: int) -> bytes | None:
    """The "meta" box among an ISO base media file's boxes (as ``child_box`` finds it), its header
    and body, as bytes (engine.nclx_box unpacks them in place: a FileBytes' file is read no
    further); None where there is none, or it is longer than ``limit`` (a phone's runs to a few KB)."""
    meta = child_box(data, 0, len(data), b"meta")
    if meta is None or meta[1] - meta[0] + 8 > limit:
        return None
    return struct.pack(">I4s", meta[1] - meta[0] + 8, b"meta") + data[meta[0]:meta[1]]


def iloc_end(data: bytes, start: int, end: int) -> int | None:
    """Where the last item's data in the file ends, by the "iloc" box among the boxes between
    ``start`` and ``end`` (ISO/IEC 14496-12, 8.11.3); None if there is none or it cannot be read."""
    try:
        iloc = child_box(data, start, end, b"iloc")
        return None if iloc is None else _iloc_end(data, *iloc)
    except (struct.error, ValueError, IndexError):
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
    sizes = unpack_from(">BB", data, pos)
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


def tiff_within(data: bytes) -> bool:
    """Whether a TIFF's first directory, the values it points to and its first picture's strips
    (or tiles) lie within ``data`` (TIFF 6.0 and BigTIFF). True where it cannot tell."""
    order, big = TIFF_HEADERS[data[:4]]
    size = len(data)
    word, entry, count_size = ("Q", 20, 8) if big else ("I", 12, 2)
    if size < (16 if big else 8):
        return False
    ifd = unpack_from(order + word, data, 8 if big else 4)[0]
    if ifd + count_size > size:
        return False                                     # the directory itself did not arrive
    entries = unpack_from(order + ("Q" if big else "H"), data, ifd)[0]
    table = ifd + count_size
    if table + entries * entry > size:
        return False
    values: dict[int, tuple[int, ...]] = {}
    inline = 8 if big else 4
    for i in range(min(entries, STRUCTURE_STEPS)):
        at = table + i * entry
        tag, kind, count = unpack_from(order + "HH" + word, data, at)
        nbytes = TIFF_TYPE_SIZES.get(kind, 0) * count
        where = at + 4 + (8 if big else 4)
        if nbytes > inline:
            where = unpack_from(order + word, data, where)[0]
            if where + nbytes > size:
                return False                             # a value stored past the end
        if tag in (STRIPS, STRIP_BYTES, TILES, TILE_BYTES) and kind in TIFF_INTEGERS:
            if count > MAX_TIFF_SEGMENTS:
                return True
            values[tag] = unpack_from(f"{order}{count}{TIFF_INTEGERS[kind]}", data, where)
    for offsets, counts in ((STRIPS, STRIP_BYTES), (TILES, TILE_BYTES)):
        if values.get(offsets) and values.get(counts):
            if max(o + n for o, n in zip(values[offsets], values[counts])) > size:
                return False
    return True


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt")


def png_without_refused_metadata(data: bytes, chunk_limit: int, memory_limit: int) -> bytes | None:
    """A PNG without the metadata Pillow refuses to inflate, which made it refuse the whole file
    (a ValueError, read as "damaged"): a text chunk (zTXt, iTXt) or ICC profile (iCCP) that
    inflates past ``chunk_limit`` (PngImagePlugin.MAX_TEXT_CHUNK), and the text past
    ``memory_limit`` in all (MAX_TEXT_MEMORY). Photoshop's XMP with its document history, kept
    hex-encoded in a zTXt by ImageMagick, runs to megabytes. None where ``data`` is no PNG or none
    of its chunks is one of these; the rest (pixels, a chunk cut short) as it came."""
    if data[:8] != PNG_SIGNATURE:
        return None
    kept, pos, text, dropped, profile = [data[:8]], 8, 0, False, False
    file_size = len(data)       # once: a FileBytes' len is a call, each of 200,000 steps
    for _ in range(STRUCTURE_STEPS):
        if pos + 12 > file_size:
            break
        length, kind = unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if end > file_size:
            break
        if kind in PNG_TEXT or kind == b"iCCP":
            # past the text limit, or a second profile: dropped without inflating (thousands of
            # small chunks that each inflate to a megabyte cost minutes)
            size = None if text > memory_limit or (kind == b"iCCP" and profile) else \
                _png_inflated(data[pos + 8:end - 4], kind, chunk_limit)
            if kind == b"iCCP":
                profile = True
            elif size is not None:
                text += size
            elif text <= memory_limit:      # refused past chunk_limit, once inflated that far: charged
                text += chunk_limit         # (uncounted, 2000 of them were each inflated to 1 MB)
            if size is None or text > memory_limit:
                dropped = True
                pos = end
                continue
        kept.append(data[pos:end])
        pos = end
    if not dropped:
        return None
    kept.append(data[pos:])
    return b"".join(kept)


def _png_inflated(body: bytes, kind: bytes, limit: int) -> int | None:
    """The length of a PNG text or iCCP chunk's text or profile as Pillow reads it, or None where
    it inflates past ``limit``; 0 where Pillow ignores it (a damaged stream)."""
    keyword, _, rest = body.partition(b"\0")
    if kind == b"tEXt":
        return len(rest)
    if kind == b"iTXt":
        if len(rest) < 2:
            return 0
        compressed, rest = rest[0], rest[2:]
        value = rest.split(b"\0", 2)
        if len(value) < 3:
            return 0
        if not compressed:
            return len(value[2])
        stream = value[2]
    else:                                             # zTXt, iCCP: a method byte, then zlib
        stream = rest[1:]
    inflate = zlib.decompressobj()
    try:
        inflated = inflate.decompress(stream, limit)
    except zlib.error:
        return 0
    return None if inflate.unconsumed_tail else len(inflated)


PNG_COMPRESSED_TEXTS = 64      # zTXt and iTXt chunks Pillow is handed at most (each inflates to up to 1 MB)


def png_metadata_bounded(data: bytes, texts: int = PNG_COMPRESSED_TEXTS) -> bytes | None:
    """A PNG with one ICC profile chunk (iCCP, as the format allows) and at most ``texts`` zTXt and
    iTXt chunks: Pillow inflates each of them while opening the file, up to 1 MB apiece, and a
    2 MB upload of 2000 such chunks (a kilobyte each, compressed) took 10 s at upload and 5 s
    again in the engine. Chunk headers only, nothing inflated. None where it is no PNG or holds
    no more than these."""
    if data[:8] != PNG_SIGNATURE:
        return None
    dropped = png_metadata_dropped(lambda pos: data[pos:pos + 8], len(data), texts)
    return None if not dropped else png_kept(lambda start, end: data[start:end], len(data), dropped)


def png_metadata_dropped(header_at, size: int, texts: int = PNG_COMPRESSED_TEXTS,
                         steps: int | None = None) -> list[tuple[int, int]] | None:
    """The (start, end) of the chunks png_metadata_bounded leaves out of a PNG of ``size`` bytes
    whose 8 bytes at a position ``header_at`` gives (a chunk's length and kind): from bytes or a
    file, nothing else read. None past ``steps`` chunks (a file read so cannot tell)."""
    pos, profiles, seen, dropped, walked = 8, 0, 0, [], 0
    while pos + 12 <= size:
        walked += 1
        if steps is not None and walked > steps:
            return None
        header = header_at(pos)
        if len(header) < 8:
            break
        length, kind = struct.unpack(">I4s", header)
        end = pos + 12 + length
        if kind == b"iCCP":
            profiles += 1
            if profiles > 1:
                dropped.append((pos, end))
        elif kind in (b"zTXt", b"iTXt"):
            seen += 1
            if seen > texts:
                dropped.append((pos, end))
        if kind == b"IEND":
            break
        pos = end
    return dropped


def png_kept(read, size: int, dropped: list[tuple[int, int]]) -> bytes:
    """The PNG without the chunks ``dropped`` (png_metadata_dropped), ``read(start, end)`` giving
    its bytes between two positions."""
    kept, at = [], 0
    for start, end in dropped:
        kept.append(read(at, start))
        at = end
    kept.append(read(at, size))
    return b"".join(kept)


JPEG_SOI, JPEG_EOI, JPEG_SOS = b"\xff\xd8", b"\xff\xd9", 0xDA
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}     # TEM, RST0..7: markers without a length
JPEG_MARKERS_BEFORE_SCAN = 4096    # a phone's JPEG has under 20 (an ICC profile in 255 APP2 parts: 300)
JPEG_SKIPPED_STEP = 64             # bytes between markers that count as one (jpeg_markers_before_scan)
JPEG_MARKER = re.compile(rb"\xff[^\x00\xff]")     # where Pillow finds a marker: the last 0xFF of a run
JPEG_FRAMES = {*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC}     # SOF0..SOF15 (not DHT, JPG, DAC)
JPEG_SEQUENTIAL = {0xC0, 0xC1}     # baseline and extended sequential: what cameras and phones write
JPEG_DRI = 0xDD
JPEG_RESTART = re.compile(rb"\xff[\xd0-\xd7]")     # RST0..7 (one pass: eight counts took 0.15 s over 19 MB)
JPEG_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")    # a marker ending scan data (its last 0xFF)
# entropy-coded bytes with no 0xFF in them (no marker, no stuffing), appended to tell a scan cut
# short from a whole one (jpeg_end_restored)
JPEG_PROBE_FILL = bytes((i * 73 + 41) % 255 for i in range(512))
JPEG_PROBE_PIXELS = 24_000_000     # pixels a probe of a JPEG missing its end may decode (at 1/8)
JPEG_FILL_RUN = 65536              # bytes of 0xFF fill in a row within a picture's data: none is written


class CutShort(Exception):
    """A FileBytes' file grew shorter while it was read (another program cut or rewrote it)."""


class FileBytes:
    """A file's bytes as the JPEG scans below look at them (its length, a byte, slices, searches),
    read from it on demand in windows of WINDOW bytes: neither read whole (a 20 MB photo's path
    was, every time) nor mapped (a file cut shorter while mapped kills the process with SIGBUS,
    which Python cannot catch). A file cut shorter meanwhile raises CutShort. engine.images reads
    every path's structure so (JPEG markers, AVIF boxes, PNG chunks, TIFF tables): it maps no file.
    The parsers here take it as bytes (unpack_from reads the bytes a struct needs)."""

    WINDOW = 64 * 1024

    def __init__(self, f):
        self._fd = f.fileno()
        self._size = os.fstat(self._fd).st_size
        self._at, self._window = 0, b""

    def __len__(self) -> int:
        return self._size

    def _read(self, start: int, stop: int) -> bytes:
        n = stop - start
        data = os.pread(self._fd, n, start) if n > 0 else b""
        if len(data) < n:
            raise CutShort()
        return data

    def _load(self, pos: int, need: int) -> int:
        """The window holding [pos, pos + need) (as much of it as the file has); its offset in it."""
        stop = min(self._size, pos + need)
        if not (self._at <= pos and stop <= self._at + len(self._window)):
            self._window = b""          # let go of the window held first: one window in memory, not two
            self._at, self._window = pos, self._read(pos, min(self._size, pos + max(need, self.WINDOW)))
        return pos - self._at

    def __getitem__(self, key):
        # Within the window: served from it at once. A walk over 200,000 tiny chunks or boxes
        # reads a header each step; the checks below cost 4-5x what the bytes' own slicing does.
        if type(key) is slice and key.step is None and type(key.start) is int and type(key.stop) is int \
                and self._at <= key.start <= key.stop <= self._at + len(self._window):
            return self._window[key.start - self._at:key.stop - self._at]
        if type(key) is int and self._at <= key < self._at + len(self._window):
            return self._window[key - self._at]
        if isinstance(key, slice):
            start, stop, step = key.indices(self._size)
            if step != 1:
                raise ValueError("FileBytes slices have no step")
            if stop - start > self.WINDOW:         # a large part (a restored copy): read as it is
                return self._read(start, stop)
            at = self._load(start, max(0, stop - start))
            return self._window[at:at + max(0, stop - start)]
        if key < 0:
            key += self._size
        if not 0 <= key < self._size:
            raise IndexError("FileBytes index out of range")
        at = self._load(key, 1)         # first: it replaces the window (indexed before, the old one was read)
        return self._window[at]

    def unpack_from(self, fmt: str, pos: int) -> tuple:
        """struct.unpack_from at ``pos``: from the window in place where it holds those bytes, else
        from the bytes read; struct.error where they run past the end."""
        layout = _LAYOUTS.get(fmt) or _layout(fmt)
        at = pos - self._at
        if 0 <= at and at + layout.size <= len(self._window):
            return layout.unpack_from(self._window, at)
        return layout.unpack(self[pos:pos + layout.size])

    def joined(self, end: int, tail: bytes) -> bytearray:
        """The file's first ``end`` bytes and ``tail``, read into one buffer (one copy, not two)."""
        out = bytearray(end + len(tail))
        with memoryview(out) as view, view[:end] as head:
            if os.preadv(self._fd, [head], 0) < end:
                raise CutShort()
        out[end:] = tail
        return out

    def search(self, pattern: re.Pattern, pos: int, end: int | None = None, longest: int = 2) -> int:
        """Where ``pattern`` (its matches at most ``longest`` bytes) first matches in [pos, end); -1."""
        end = self._size if end is None else min(end, self._size)
        while pos < end:
            first, stop = self._window_from(pos, end, longest)
            found = pattern.search(self._window, first, stop)
            if found is not None:
                return self._at + found.start()
            pos = self._at + stop - (longest - 1) if self._at + stop < end else end
        return -1

    def find(self, sub: bytes, pos: int, end: int | None = None) -> int:
        end = self._size if end is None else min(end, self._size)
        while pos < end:
            first, stop = self._window_from(pos, end, len(sub))
            found = self._window.find(sub, first, stop)
            if found >= 0:
                return self._at + found
            pos = self._at + stop - (len(sub) - 1) if self._at + stop < end else end
        return -1

    def count(self, pattern: re.Pattern, pos: int, end: int | None = None, longest: int = 2) -> int:
        """How many matches of ``pattern`` (none overlapping, as finditer's) start in [pos, end)."""
        count, end = 0, self._size if end is None else min(end, self._size)
        while pos < end:
            first = self._load(pos, min(end - pos, self.WINDOW + longest - 1))
            stop = min(end - pos, self.WINDOW + longest - 1) + first
            last = pos + self.WINDOW
            for found in pattern.finditer(self._window, first, stop):
                if self._at + found.start() >= last:
                    break
                count, last = count + 1, max(last, self._at + found.end())
            pos = last
        return count

    def _window_from(self, pos: int, end: int, longest: int) -> tuple[int, int]:
        """(first, stop): where [pos, end) begins in the window, and where the window (or [pos,
        end)) ends, for a search whose matches are at most ``longest`` bytes; the next search of
        the same span goes on from ``longest`` - 1 bytes before that end, so that a match across
        two windows is whole in one. The window held serves where it holds ``longest`` bytes at
        ``pos``: a JPEG's marker walk searches from each marker on, and re-read 64 KiB at each
        (4,000 markers: a 10 MB file 108 times over). A new window holds WINDOW bytes past its overlap, or
        3 times ``longest`` (jpeg_fill_run's 64 KiB run: each window was read twice over)."""
        if not (self._at <= pos and min(end, pos + longest) <= self._at + len(self._window)):
            self._load(pos, min(end - pos, max(self.WINDOW, 3 * longest) + longest - 1))
        return pos - self._at, min(end, self._at + len(self._window)) - self._at


class StreamBytes(FileBytes):
    """FileBytes of a seekable file object read by its own seek and read (a BytesIO, an upload's
    wrapper, any object without a file descriptor of its own to read at), its position put back
    after each read: the same windows, and CutShort where it ends before the size it had."""

    def __init__(self, f):
        self._f = f
        at = f.tell()
        try:
            f.seek(0, io.SEEK_END)
            self._size = f.tell()       # not seek's answer: a wrapper's seek may return None
        finally:
            f.seek(at)
        self._at, self._window = 0, b""

    def _read(self, start: int, stop: int) -> bytes:
        n = stop - start
        if n <= 0:
            return b""
        at = self._f.tell()
        try:
            self._f.seek(start)
            parts = []
            while n > 0 and (part := self._f.read(n)):      # a raw file may give less than asked
                parts.append(part)
                n -= len(part)
        finally:
            self._f.seek(at)
        if n > 0:
            raise CutShort()
        return b"".join(parts)

    def joined(self, end: int, tail: bytes) -> bytearray:
        out = bytearray(self._read(0, end))
        out += tail
        return out


def unpack_from(fmt: str, data, pos: int = 0) -> tuple:
    """struct.unpack_from for bytes, a map or a FileBytes (which lends no buffer: the bytes it needs
    are read); struct.error where they run past the end, as struct's."""
    if isinstance(data, FileBytes):
        return data.unpack_from(fmt, pos)
    return struct.unpack_from(fmt, data, pos)


_LAYOUTS: dict[str, struct.Struct] = {}


def _layout(fmt: str) -> struct.Struct:
    """``fmt`` compiled once (the parsers here use a handful)."""
    return _LAYOUTS.setdefault(fmt, struct.Struct(fmt))


def _search(pattern: re.Pattern, data, pos: int, end: int | None = None) -> int:
    """Where ``pattern`` first matches ``data`` (bytes, a map or a FileBytes) in [pos, end); -1."""
    if isinstance(data, FileBytes):
        return data.search(pattern, pos, end)
    found = pattern.search(data, pos) if end is None else pattern.search(data, pos, end)
    return -1 if found is None else found.start()


def jpeg_segments(data: bytes):
    """A JPEG's marker segments up to its first scan header, walked as Pillow's reader walks them:
    (marker, start, end) for each, its body (after the length) being ``data[start:end]``, and
    (None, start, end) for each run of bytes between them that Pillow skips (stray bytes, fill
    0xFF, FF 00). Headers only; it ends at the first scan header (SOS, yielded) or where the data
    does."""
    pos, size = 2, len(data)
    while (at := _search(JPEG_MARKER, data, pos)) >= 0:
        marker = data[at + 1]
        if at > pos:
            yield None, pos, at
        if marker in JPEG_STANDALONE or marker in (0xD8, 0xD9):    # no length (Pillow: SOI, EOI too)
            yield marker, at + 2, at + 2
            pos = at + 2
            continue
        if at + 4 > size:
            return
        pos = at + 2 + max(2, int.from_bytes(data[at + 2:at + 4], "big"))
        yield marker, at + 4, pos
        if marker == JPEG_SOS:
            return


def jpeg_markers_before_scan(data: bytes, limit: int = JPEG_MARKERS_BEFORE_SCAN) -> int | None:
    """How many steps Pillow takes through a JPEG's headers before its first scan (SOS), counted
    up to ``limit`` + 1 (past it: too many, a million COM markers took Pillow 3 s to parse at
    upload and again in the engine): a marker segment one, bytes it skips between them (stray
    bytes, fill 0xFF) one per started JPEG_SKIPPED_STEP, as it reads those a byte at a time (4 MB
    of them: 0.5-1.7 s). None where it is no JPEG or has no scan (the decoder tells)."""
    if data[:2] != JPEG_SOI:
        return None
    count = 0
    for marker, start, end in jpeg_segments(data):
        if marker == JPEG_SOS:
            return count
        count += 1 if marker is not None else -(-(end - start) // JPEG_SKIPPED_STEP)
        if count > limit:
            return count
    return None


JPEG_MAX_SCANS = 200              # scans a JPEG may hold: libjpeg's progressive script has 10, a
                                   # camera's JPEG 1, one coefficient per scan of each of 3 components 190
JPEG_SCAN_BLOCKS = 250_000_000     # blocks decoded over all its scans: libjpeg's script for a 400 MP
                                   # (MAX_JPEG_PIXELS) 4:4:4 picture decodes 88 million


def jpeg_scans(data: bytes, scans: int = JPEG_MAX_SCANS, blocks: int = JPEG_SCAN_BLOCKS) -> bool:
    """Whether a JPEG holds no more than ``scans`` scans, and no more than ``blocks`` 8x8 blocks in
    them all (each scan's components' blocks, by the frame's size and sampling). libjpeg walks every
    block of a scan's components however little data the scan holds: 10,000 scans of a 4000x4000
    frame, an end-of-block run of a few bytes each (454 KB), cost 4-35 s at upload and again in the
    engine; a 20 MB file minutes. The block count bounds that cost for large frames (2000 scans of
    an 8000x8000 one: 4 s), the scan count what each scan costs besides (its tables, its headers)
    for a small one. The markers after the first scan are walked, its entropy-coded data skipped
    (FF 00 and the restart markers are no markers). True for anything that is no JPEG."""
    if data[:2] != JPEG_SOI:
        return True
    frame, pos = None, None
    for marker, start, end in jpeg_segments(data):
        if marker in JPEG_FRAMES:
            frame = data[start:end]
        elif marker == JPEG_SOS:
            pos, first = end, data[start:end]
    if pos is None:
        return True
    sizes = _jpeg_component_blocks(frame)
    count, total = 1, sum(sizes.get(c, 0) for c in first[1:1 + 2 * first[:1][0]:2]) if first else 0
    size = len(data)
    while (at := _search(JPEG_SCAN_END, data, pos)) >= 0:
        marker = data[at + 1]
        if marker == 0xD9:                      # EOI: what follows (an MPO's second picture) is another's
            break
        if marker in JPEG_STANDALONE or marker == 0xD8 or at + 4 > size:
            pos = at + 2
            continue
        pos = at + 2 + max(2, int.from_bytes(data[at + 2:at + 4], "big"))
        if marker == JPEG_SOS:
            header = data[at + 4:pos]
            count += 1
            total += sum(sizes.get(c, 0) for c in header[1:1 + 2 * header[:1][0]:2]) if header else 0
            if count > scans or total > blocks:
                return False
    return True


def _jpeg_component_blocks(frame: bytes | None) -> dict[int, int]:
    """The 8x8 blocks of each component of a frame (SOF header ``frame``), by component id; {}
    where it cannot be read (no frame, a height given only by DNL)."""
    if frame is None or len(frame) < 6:
        return {}
    height, width, count = int.from_bytes(frame[1:3], "big"), int.from_bytes(frame[3:5], "big"), frame[5]
    parts = [frame[i:i + 3] for i in range(6, 6 + 3 * count, 3) if len(frame[i:i + 3]) == 3]
    if not parts:
        return {}
    across = max(p[1] >> 4 for p in parts) or 1
    down = max(p[1] & 15 for p in parts) or 1
    return {p[0]: -(-(-(-width * (p[1] >> 4) // across)) // 8) * -(-(-(-height * (p[1] & 15) // down)) // 8)
            for p in parts}


def _jpeg_restarts(frame: bytes, scan: bytes, interval: int) -> int | None:
    """How many restart markers a whole scan holds: one between each two intervals of
    ``interval`` MCUs (DRI; none without one), where the scan (SOS header ``scan``) holds all
    the components of the frame (SOF header ``frame``); None where it does not, or the headers
    cannot be read (cut short, or a height only a DNL marker after the scan gives)."""
    if len(frame) < 6 or not scan:
        return None
    height, width, count = int.from_bytes(frame[1:3], "big"), int.from_bytes(frame[3:5], "big"), frame[5]
    sampling = [(factors >> 4, factors & 15) for factors in frame[7:6 + 3 * count:3]]
    if not (height and width and count) or len(sampling) != count or scan[0] != count \
            or not all(h and v for h, v in sampling):
        return None
    # an MCU: one block where the scan has one component, else as many as the largest sampling factors
    across, down = (1, 1) if len(sampling) == 1 else (max(h for h, _ in sampling), max(v for _, v in sampling))
    mcus = -(-width // (8 * across)) * -(-height // (8 * down))
    return -(-mcus // interval) - 1 if interval else 0


def jpeg_end_restored(data: bytes) -> bytes | None:
    """A JPEG whose picture data is whole but whose end marker (EOI) is missing, as some cameras
    and apps write them, or only the marker's last byte, with its EOI. None where it has one, or
    where picture data may be missing (refused as damaged, as before).

    libjpeg cannot tell them apart: without a marker after the scan it waits for more data
    (Pillow: "truncated"), and given EOI it fills whatever the scan lacks with zeros. So only a
    sequential JPEG of one scan holding all its components is restored (SOF0/SOF1, as cameras and
    phones write them): a progressive one, or one of several scans, cut between two scans ends
    just as a whole one does, after a scan (29 KB of a 214 KB progressive photo painted blurry).
    Within the scan, a cut just before a restart marker ends as a whole interval does (the bottom
    rows painted flat grey): the scan must hold the restart markers its size and interval call
    for. A cut inside an interval is told by decoding the picture twice, with EOI and with
    entropy-coded bytes before it: after a whole scan those bytes are skipped (the two are equal),
    inside a cut one they are decoded (the two differ). Decoded at 1/8, each block's DC alone,
    one picture at a time, compared by digest; over JPEG_PROBE_PIXELS: None.

    A cut among the last blocks' AC coefficients passes, and is accepted: detail is lost in the
    last MCU alone (16x16 pixels, and the row and column beside it through chroma upsampling:
    tests/bot/test_last_mcu.py), unseen in a painting. No cheap exact check exists: given
    EOI, libjpeg never asks for more data, so Pillow's truncation error (LOAD_TRUNCATED_IMAGES
    off) cannot fire, and the "premature end of data segment" warning libjpeg gives is dropped
    by Pillow; probes at full size would decode the picture twice whole (a 20 MP photo: 60 MB
    and a few tenths of a second each) to save that corner."""
    unended = jpeg_unended(data)
    return None if unended is None else jpeg_restore(unended)


def jpeg_restore(ended: bytes) -> bytes | None:
    """jpeg_end_restored's probes, of what jpeg_unended gave (the file with its EOI): ``ended``
    where its scan was whole, else None. The probe with fill is read through a view of it (a
    copy of a 20 MB file each was a second copy held)."""
    import hashlib
    import warnings

    from PIL import Image

    digests = set()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # (Joined, not BytesIO: a FileBytes' restored file is a bytearray, which BytesIO copies)
            for probe in (Joined(ended), Joined(memoryview(ended)[:-2], JPEG_PROBE_FILL + JPEG_EOI)):
                with probe, Image.open(probe) as im:
                    eighth = (max(1, im.width // 8), max(1, im.height // 8))     # draft's 1/8 (w // (w // 8) >= 8)
                    if im.format not in ("JPEG", "MPO") or eighth[0] * eighth[1] > JPEG_PROBE_PIXELS:
                        return None
                    im.draft(im.mode, eighth)
                    im.load()
                    digests.add(hashlib.sha256(im.tobytes()).digest())
    except Exception:           # damaged otherwise (a header cut, a decoder error): as it was
        return None
    return ended if len(digests) == 1 else None


class Joined(io.RawIOBase):
    """Bytes-like parts read as one seekable file, none of them copied whole."""

    def __init__(self, *parts):
        super().__init__()
        self._parts = [memoryview(part) for part in parts]
        self._size, self._pos = sum(len(part) for part in self._parts), 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        out, done, at = memoryview(buffer).cast("B"), 0, self._pos
        for part in self._parts:
            if done == len(out):
                break
            if at >= len(part):
                at -= len(part)
                continue
            chunk = part[at:at + len(out) - done]
            out[done:done + len(chunk)] = chunk
            done, at = done + len(chunk), 0
        self._pos += done
        return done

    def close(self) -> None:
        for part in getattr(self, "_parts", ()):
            part.release()
        self._parts = []
        super().close()


def jpeg_unended(data: bytes) -> bytes | None:
    """What jpeg_end_restored reads from the structure alone (nothing decoded): the file as it
    would be restored (the fill ending it dropped, EOI appended: one copy, ``data`` may be a
    file's FileBytes), where it is a sequential JPEG of one scan holding all its components whose scan
    runs to the end of the file (no marker after it: libjpeg, given it, waits for more data and
    Pillow says "truncated" after decoding it all), with the restart markers its size and
    interval call for; None for any other file (one with its end marker, or data after it: a
    phone's motion photo appends a video)."""
    if data[:2] != JPEG_SOI:
        return None
    # a lone 0xFF ending it: EOI's first byte (scan data never ends in one)
    tail = data[-JPEG_FILL_RUN:]
    end = len(data) - len(tail) + len(tail.rstrip(b"\xff"))
    if end <= len(data) - JPEG_FILL_RUN or data[end - 2:end] == JPEG_EOI:
        return None             # whole, or ending in a fill run (jpeg_fill_run)
    frame, interval, scan, scan_end = None, 0, b"", end + 1
    for marker, start, stop in jpeg_segments(data):
        if marker in JPEG_FRAMES:
            frame = (marker, data[start:stop])
        elif marker == JPEG_DRI:
            interval = int.from_bytes(data[start:start + 2], "big")
        elif marker == JPEG_SOS:
            scan, scan_end = data[start:stop], stop
    if frame is None or frame[0] not in JPEG_SEQUENTIAL or scan_end > end \
            or _search(JPEG_SCAN_END, data, scan_end, end) >= 0:     # a progressive JPEG, or another scan after this
        return None
    restarts = _jpeg_restarts(frame[1], scan, interval)
    counted = (data.count(JPEG_RESTART, scan_end, end) if isinstance(data, FileBytes)
               else sum(1 for _ in JPEG_RESTART.finditer(data, scan_end, end)))
    if restarts is None or counted != restarts:
        return None
    if isinstance(data, FileBytes):
        return data.joined(end, JPEG_EOI)
    with memoryview(data) as view, view[:end] as kept:
        return b"".join((kept, JPEG_EOI))


def jpeg_fill_run(data: bytes) -> bool:
    """Whether a JPEG's picture data, from its first scan up to its end marker, holds a run of
    JPEG_FILL_RUN 0xFF fill bytes. libjpeg skips fill wherever it meets it, but re-reads a run
    from its start each time Pillow hands it the next chunk: 19 MB of it cost 1.2-2 s at upload
    and again in the engine, for no picture at all. No encoder writes such a run (fill before a
    marker is a byte or a few); padding after the end marker (EOI) is never read and passes."""
    if data[:2] != JPEG_SOI:
        return False
    scan = None
    for marker, start, end in jpeg_segments(data):
        if marker == JPEG_SOS:
            scan = end
    if scan is None:
        return False
    run = data.find(b"\xff" * JPEG_FILL_RUN, scan)       # linear: bytes.find's two-way search
    return run >= 0 and data.find(JPEG_EOI, scan, run) < 0


JPEG_PROGRESSIVE = {0xC2, 0xC6, 0xCA, 0xCE}     # SOF2, SOF6, SOF10, SOF14


def jpeg_buffered(data: bytes) -> bool:
    """Whether libjpeg decodes this JPEG holding every coefficient of the frame (its buffered
    mode: 2 bytes a pixel and component, whatever the draft scale): a progressive frame, or one
    whose first scan does not hold all its components (more scans follow). A progressive JPEG of
    a few hundred bytes claiming 20000x20000 took 4 s and 2.4 GB at upload; such JPEGs are held
    to the limit of the formats decoded whole (engine.images.MAX_PIXELS), not the JPEG one.
    Headers only, up to the first scan."""
    if data[:2] != JPEG_SOI:
        return False
    frame = None
    for marker, start, end in jpeg_segments(data):
        if marker in JPEG_FRAMES and frame is None:
            frame = (marker, data[start:end])
        elif marker == JPEG_SOS:
            if frame is None:
                return False
            if frame[0] in JPEG_PROGRESSIVE:
                return True
            return len(frame[1]) >= 6 and end > start and data[start] < frame[1][5]
    return frame is not None and frame[0] in JPEG_PROGRESSIVE


def jpeg_too_complex(data: bytes) -> bool:
    """A JPEG whose markers cost libjpeg seconds before (or instead of) a picture: a million COM
    markers before its first scan (3 s in Pillow), megabytes of fill in its picture data
    (jpeg_fill_run), or thousands of scans after it, each walking every block of the frame
    (10,000 of a 4000x4000 frame: 4-22 s) (jpeg_scans). Refused from its headers, at upload
    (bot.images.check_upload) and in the engine (engine.images.open_image) alike."""
    return (jpeg_markers_before_scan(data) or 0) > JPEG_MARKERS_BEFORE_SCAN or jpeg_fill_run(data) \
        or not jpeg_scans(data)


WEBP_ALPHA = 0x10                  # VP8X's flag: the pictures have alpha


def webp_alpha_flagged(data: bytes) -> bytes | None:
    """An extended WebP (VP8X) whose header lacks the alpha flag, with it set; None for any other
    file. Pillow trusts the flag: without it an animation's transparent pixels came out black and
    a still lossy picture's (its ALPH chunk) as the colours under them, where browsers (libwebp
    decodes the alpha it finds) show them transparent. Set on an opaque one, its alpha reads 255
    throughout: the same picture."""
    if len(data) < 21 or data[:4] != b"RIFF" or data[8:16] != b"WEBPVP8X" or data[20] & WEBP_ALPHA:
        return None
    return data[:20] + bytes([data[20] | WEBP_ALPHA]) + data[21:]
