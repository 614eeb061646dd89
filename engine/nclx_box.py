"""The colour code points (ITU-T H.273) of a HEIF or AVIF file's primary picture, read from its
"nclx" colour box ("colr" among the item properties: ISO/IEC 23008-12, 6.5.5).

pillow-heif hands a HEIC's box on as ``info["nclx_profile"]``; Pillow's AVIF plugin (Pillow 13)
reads none, so a Display P3 or BT.2020 AVIF, or an HDR one (PQ, HLG), came out as its raw numbers.
Only the boxes' headers and the few property boxes are read; nothing is decoded. Torch-free.
"""
from __future__ import annotations

import struct

from .file_structure import STRUCTURE_STEPS, boxes, child_box


def nclx_of(data: bytes) -> dict | None:
    """pillow-heif's form of the box (``color_primaries``, ``transfer_characteristics``,
    ``matrix_coefficients``, ``full_range_flag``) of the primary item; else the first nclx box
    among the properties (the associations unreadable); None where there is none."""
    try:
        meta = child_box(data, 0, len(data), b"meta")
        if meta is None:
            return None
        start, end = meta[0] + 4, meta[1]                     # meta is a full box
        iprp = child_box(data, start, end, b"iprp")
        ipco = iprp and child_box(data, iprp[0], iprp[1], b"ipco")
        if ipco is None:
            return None
        properties = list(boxes(data, *ipco))
        nclx = {i + 1: _nclx(data, *body) for i, (kind, *body) in enumerate(properties) if kind == b"colr"}
        nclx = {index: box for index, box in nclx.items() if box}
        primary = _primary_item(data, start, end)
        ipma = child_box(data, iprp[0], iprp[1], b"ipma")
        for index in _associations(data, *ipma).get(primary, ()) if ipma and primary is not None else ():
            if index in nclx:
                return nclx[index]
        return next(iter(nclx.values()), None)
    except (struct.error, IndexError, ValueError):
        return None


def _nclx(data: bytes, start: int, end: int) -> dict | None:
    if end - start < 11 or data[start:start + 4] != b"nclx":
        return None                                           # an ICC profile ("prof", "rICC")
    primaries, transfer, matrix = struct.unpack_from(">HHH", data, start + 4)
    return {"color_primaries": primaries, "transfer_characteristics": transfer,
            "matrix_coefficients": matrix, "full_range_flag": data[start + 10] >> 7}


def _primary_item(data: bytes, start: int, end: int) -> int | None:
    pitm = child_box(data, start, end, b"pitm")
    if pitm is None:
        return None
    version = data[pitm[0]]
    return struct.unpack_from(">I" if version else ">H", data, pitm[0] + 4)[0]


def _associations(data: bytes, start: int, end: int) -> dict[int, list[int]]:
    """Item id to its property indices (1-based) by an "ipma" box."""
    version, flags = data[start], int.from_bytes(data[start + 1:start + 4], "big")
    pos = start + 4
    count = struct.unpack_from(">I", data, pos)[0]
    pos += 4
    items: dict[int, list[int]] = {}
    for _ in range(min(count, STRUCTURE_STEPS)):
        if version < 1:
            item = struct.unpack_from(">H", data, pos)[0]
            pos += 2
        else:
            item = struct.unpack_from(">I", data, pos)[0]
            pos += 4
        n = data[pos]
        pos += 1
        indices = []
        for _ in range(n):
            if flags & 1:                                     # 15-bit indices after the essential bit
                indices.append(struct.unpack_from(">H", data, pos)[0] & 0x7FFF)
                pos += 2
            else:
                indices.append(data[pos] & 0x7F)
                pos += 1
        if pos > end:
            break
        items[item] = indices
    return items
