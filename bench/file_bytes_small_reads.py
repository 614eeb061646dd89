"""Walking a file's many tiny structures through file_structure.FileBytes (what engine.images
does for a path: no file read whole, none mapped) against walking its bytes: a PNG of 250,000
tiny text chunks (png_without_refused_metadata stops at STRUCTURE_STEPS, 200,000) and an
ISO media file of 250,000 tiny boxes (boxes(), the same bound). Side by side, taking turns:
the bytes, this checkout's FileBytes and, with --against REV (a git revision), that
revision's FileBytes (its engine/file_structure.py loaded as a module).

A second table: the JPEG marker scans engine.images runs before decoding (jpeg_too_complex,
jpeg_buffered, jpeg_unended: what _jpeg_markers asks) over a 10 MB photo and over a JPEG of 4,000
markers before its scan, through its bytes, a file object's StreamBytes (a BytesIO) and a path's
FileBytes, with the bytes each read from the file as a multiple of its size.

`python -m bench.file_bytes_small_reads --against REV` writes
bench/results/file_bytes_small_reads.md. Torch-free (file_structure is).
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import os
import platform
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from bench.report import write_report
from engine import file_structure

ROOT = Path(__file__).resolve().parents[1]
CHUNKS = 250_000


def png_of_tiny_chunks(count: int = CHUNKS) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I4s", len(body), kind) + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
    pixels = chunk(b"IDAT", zlib.compress(b"".join(b"\0" + bytes(192) for _ in range(64))))
    return file_structure.PNG_SIGNATURE + ihdr + chunk(b"tEXt", b"k\0v") * count + pixels + chunk(b"IEND", b"")


def media_of_tiny_boxes(count: int = CHUNKS) -> bytes:
    return struct.pack(">I4s", 8, b"free") * count


def module_at(revision: str):
    """engine/file_structure.py as it was at ``revision``, loaded as a module of its own."""
    source = subprocess.run(["git", "show", f"{revision}:engine/file_structure.py"], cwd=ROOT,
                            capture_output=True, check=True).stdout
    spec = importlib.util.spec_from_loader(f"file_structure_{revision}", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{revision}:engine/file_structure.py", "exec"), module.__dict__)
    return module


def walks(module, path: Path, size: int, kind: str):
    """A function walking the file at ``path`` with ``module``'s parser: through its FileBytes."""
    def walk():
        with open(path, "rb") as f:
            data = module.FileBytes(f)
            if kind == "png":
                module.png_without_refused_metadata(data, 1 << 20, 64 << 20)
            else:
                sum(1 for _ in module.boxes(data, 0, size))
    return walk


def walks_bytes(path: Path, size: int, kind: str):
    """The same walk over the file's bytes (read each time: what the path's reading replaced)."""
    def walk():
        data = path.read_bytes()
        if kind == "png":
            file_structure.png_without_refused_metadata(data, 1 << 20, 64 << 20)
        else:
            sum(1 for _ in file_structure.boxes(data, 0, size))
    return walk


JPEG_MARKERS = 4_000         # COM segments before the scan: under JPEG_MARKERS_BEFORE_SCAN (4096)


def photo_jpeg() -> bytes:
    """A 10 MB JPEG of noise (a phone photo's size; noise keeps it from compressing smaller)."""
    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(22).integers(0, 256, (2900, 2900, 3), dtype=np.uint8)).save(
        buf, "JPEG", quality=95)
    return buf.getvalue()


def jpeg_of_many_markers(photo: bytes) -> bytes:
    comment = b"\xff\xfe\x00\x12" + b"c" * 16
    return photo[:2] + comment * JPEG_MARKERS + photo[2:]


def jpeg_scan(module, data) -> None:
    """What engine.images._jpeg_markers asks of a JPEG's markers."""
    module.jpeg_too_complex(data)
    module.jpeg_buffered(data)
    module.jpeg_unended(data)


def counting(module, kind: str):
    """``module``'s StreamBytes or FileBytes, counting the bytes its reads ask of the file."""
    base = module.StreamBytes if kind == "stream" else module.FileBytes

    class Counted(base):
        read = 0

        def _read(self, start: int, stop: int) -> bytes:
            Counted.read += max(0, stop - start)
            return super()._read(start, stop)
    return Counted


def scans(module, kind: str, data: bytes, path: Path, reads: list):
    """A function scanning the JPEG's markers through ``module``'s ``kind`` of bytes; the bytes
    read (its last turn's) in reads[0]."""
    if kind == "bytes":
        return lambda: jpeg_scan(module, data)
    cls = counting(module, kind)

    def scan():
        cls.read = 0
        if kind == "stream":
            jpeg_scan(module, cls(io.BytesIO(data)))
        else:
            with open(path, "rb") as f:
                jpeg_scan(module, cls(f))
        reads[:] = [cls.read]
    return scan


def jpeg_rows(contenders: list, reps: int, tmp: str) -> list[str]:
    photo = photo_jpeg()
    modules = [(name, module) for name, module in contenders if module is not None]
    columns = [("bytes", file_structure, "bytes")] + [
        (f"{kind} ({name.split('(')[1].rstrip(')')})", module, kind)
        for kind in ("stream", "path") for name, module in modules]
    lines = ["", "## JPEG marker scans (what engine.images does before decoding)", "",
             "Seconds best / median; after each, the bytes read from the file as a multiple of its size. "
             "stream: a BytesIO through StreamBytes; path: the file through FileBytes.", "",
             "| file | " + " | ".join(name for name, _, _ in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for data, label in ((photo, "photo, one scan"), (jpeg_of_many_markers(photo), f"{JPEG_MARKERS:,} markers before its scan")):
        path = Path(tmp) / "scan.jpg"
        path.write_bytes(data)
        reads = [[] for _ in columns]
        fns = [scans(module, kind, data, path, reads[i]) for i, (_, module, kind) in enumerate(columns)]
        results = best_and_median(fns, reps)
        cells = [f"{best:.4f} / {median:.4f}" + (f" ({reads[i][0] / len(data):.1f}x)" if reads[i] else "")
                 for i, (best, median) in enumerate(results)]
        lines.append(f"| JPEG {label} ({len(data) / 1e6:.1f} MB) | " + " | ".join(cells) + " |")
        print(lines[-1], file=sys.stderr)
    return lines


def best_and_median(fns: list, reps: int) -> list[tuple[float, float]]:
    times: list[list[float]] = [[] for _ in fns]
    for fn in fns:
        fn()                                    # warm-up: the file in the page cache
    for _ in range(reps):
        for i, fn in enumerate(fns):            # taking turns: a slow spell falls on all alike
            start = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - start)
    return [(min(t), sorted(t)[len(t) // 2]) for t in times]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.file_bytes_small_reads")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--against", default=None, help="a git revision whose FileBytes runs beside this one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "file_bytes_small_reads.md")
    args = parser.parse_args(argv)
    contenders = [("bytes (read whole)", None), ("FileBytes (this checkout)", file_structure)]
    if args.against:
        contenders.append((f"FileBytes ({args.against})", module_at(args.against)))
    lines = ["# Walking many tiny structures: FileBytes against bytes", "",
             f"Measured by `python -m bench.file_bytes_small_reads{' --against ' + args.against if args.against else ''}` "
             f"on {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}, "
             f"{args.reps} turns each, taking turns; the file in the page cache. Seconds: best / median.", "",
             "| file | " + " | ".join(name for name, _ in contenders) + " |",
             "|---|" + "---|" * len(contenders)]
    with tempfile.TemporaryDirectory() as tmp:
        for kind, data, label in (("png", png_of_tiny_chunks(), f"PNG, {CHUNKS:,} tiny tEXt chunks"),
                                  ("boxes", media_of_tiny_boxes(), f"ISO media, {CHUNKS:,} 8-byte boxes")):
            path = Path(tmp) / kind
            path.write_bytes(data)
            fns = [walks_bytes(path, len(data), kind) if module is None else walks(module, path, len(data), kind)
                   for _, module in contenders]
            results = best_and_median(fns, args.reps)
            lines.append(f"| {label} ({len(data) / 1e6:.1f} MB) | " +
                         " | ".join(f"{best:.3f} / {median:.3f}" for best, median in results) + " |")
            print(lines[-1], file=sys.stderr)
        lines += jpeg_rows(contenders, args.reps, tmp)
    lines += ["", "Each walk reads one 8-byte header per step. FileBytes reads the file in 64 KiB windows "
              "(os.pread; no map, never the whole file) and serves the steps from the window held; what "
              "a step cost was Python's own work around it (the slice's checks, struct.calcsize, len), "
              "not the file: a read within the window is now answered from it at once and unpack_from "
              "unpacks in place (5bb0997's FileBytes did neither: 0.49 s and 0.19 s then, 4ccad04's "
              "results). The bytes' column reads the file whole each turn.", "",
              "The JPEG scans search from each marker on (jpeg_segments, jpeg_scans) and for a 64 KiB run "
              "of fill (jpeg_fill_run). Up to 1bf0578 each search read a new window from where it began, "
              "even where the window held had those bytes (4,000 markers: the file read 108 times over), "
              "and the fill run's search read each window twice (its 64 KiB overlap). The window held now "
              "serves a search that begins in it, and a long pattern's windows are 3 times its length: "
              "the file is read about 2.4 times over (three scans of the picture data: the fill run, the "
              "scans after the first, the restart markers)."]
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
