"""What Discord will take in one message: 2000 characters of text, and files each no larger than
the channel's upload limit (10 MiB without boosts or the user's Nitro: discord.py's
``Interaction.filesize_limit``, ``Guild.filesize_limit``). A longer text goes out in several
messages cut at line ends; a painting over the limit is re-encoded smaller; a zip (the /mydata
export) over it is repacked into several zips, each under it."""
from __future__ import annotations

import io
import zipfile

from PIL import Image

TEXT_LIMIT = 2000
ZIP_ENTRY_OVERHEAD = 256          # a zip entry's local header, central directory record and slack


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after a line where one fits (a
    single longer line is cut where it must). [] for no text."""
    pieces, current = [], ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:                       # a line longer than a message: cut it
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces if p.strip()]


def fit_image(data: bytes, limit: int) -> bytes | None:
    """The painting as a JPEG of at most ``limit`` bytes: as it is when it fits, else re-encoded
    at a lower quality, then smaller. None when it cannot be read."""
    if len(data) <= limit:
        return data
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception:
        return None
    image = image.convert("RGB")
    while True:
        for quality in (90, 80, 70):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= limit:
                return out.getvalue()
        if min(image.size) <= 64:
            return None
        image = image.resize((max(1, image.width * 3 // 4), max(1, image.height * 3 // 4)), Image.LANCZOS)


def split_zip(name: str, body: bytes, limit: int) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The zip ``name`` as one or more zips of at most ``limit`` bytes ("mydata-1.zip",
    "mydata-2.zip", ...), its entries in their order, and the names of entries too large for any
    (each a photo over the limit alone). As it is when it fits, or when it is no zip."""
    if len(body) <= limit:
        return [(name, body)], []
    try:
        source = zipfile.ZipFile(io.BytesIO(body))
        entries = source.infolist()
    except zipfile.BadZipFile:
        return [(name, body)], []
    groups: list[list[zipfile.ZipInfo]] = [[]]
    size, too_large = 22, []                            # 22: the end-of-archive record
    for entry in entries:
        cost = entry.compress_size + ZIP_ENTRY_OVERHEAD + 2 * len(entry.filename.encode())
        if cost + 22 > limit:
            too_large.append(entry.filename)
            continue
        if size + cost > limit and groups[-1]:
            groups.append([])
            size = 22
        groups[-1].append(entry)
        size += cost
    stem = name.rsplit(".", 1)[0]
    parts = []
    for i, group in enumerate(g for g in groups if g):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for entry in group:       # the same compression as the export's: about the same size
                z.writestr(entry, source.read(entry), compress_type=entry.compress_type)
        parts.append((f"{stem}-{i + 1}.zip", out.getvalue()))
    if len(parts) == 1 and not too_large:
        parts = [(name, parts[0][1])]
    return parts, too_large
