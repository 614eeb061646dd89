"""Walking a file's many tiny structures through file_structure.FileBytes (what engine.images
does for a path: no file read whole, none mapped) against walking its bytes: a PNG of 250,000
tiny text chunks (png_without_refused_metadata stops at STRUCTURE_STEPS, 200,000) and an
ISO media file of 250,000 tiny boxes (boxes(), the same bound). Side by side, taking turns:
the bytes, this checkout's FileBytes and, with --against REV (a git revision), that
revision's FileBytes (its engine/file_structure.py loaded as a module).

`python -m bench.file_bytes_small_reads --against REV` writes
bench/results/file_bytes_small_reads.md. Torch-free (file_structure is).
"""
from __future__ import annotations

import argparse
import importlib.util
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
    lines += ["", "Each walk reads one 8-byte header per step. FileBytes reads the file in 64 KiB windows "
              "(os.pread; no map, never the whole file) and serves the steps from the window held; what "
              "a step cost was Python's own work around it (the slice's checks, struct.calcsize, len), "
              "not the file: a read within the window is now answered from it at once and unpack_from "
              "unpacks in place (5bb0997's FileBytes did neither). The bytes' column reads the file "
              "whole each turn."]
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
