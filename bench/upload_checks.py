"""The upload check's structure reading against a full decode, for camera-sized pictures the bot
judges without decoding: a 20 MP noisy RLE8 BMP (~80,000 escapes) and a 20 MP RLE TGA of ten
million packets, each whole and cut short, and a TGA made to defeat the check's chunking. The reference is what judging them would cost
otherwise: Pillow decoding the whole file (``Image.load``), which the engine does later.

`python -m bench.upload_checks` writes bench/results/upload_checks.md. Both contenders in this one
process, taking turns call by call (bench.engine_speed.measure_interleaved). The pictures are
made by the tests' own builders (tests/bot/test_upload_rle.py), not read from any dataset.
"""
from __future__ import annotations

import argparse
import io
import struct
import time
from pathlib import Path

import numpy as np
from PIL import Image

from bench.engine_speed import ROOT, measure_interleaved, pct
from bench.report import machine, write_report
from bot.images import UploadError, check_upload
from tests.bot.test_upload_rle import noisy_rle8, rle_bmp, tga_rle


def pictures() -> dict[str, bytes]:
    width, height = 5472, 3648
    bmp = rle_bmp(width, height, noisy_rle8(width, height))
    rng = np.random.default_rng(7)
    tga = tga_rle(np.repeat(rng.integers(0, 256, (height, width // 2, 3), dtype=np.uint8), 2, axis=1))
    return {"RLE8 BMP, whole": bmp, "RLE8 BMP, cut at half": bmp[:len(bmp) // 2],
            "RLE TGA, whole": tga, "RLE TGA, cut 30 bytes short": tga[:-30],
            "RLE TGA made so its chunks never fall into step": hostile_tga()}


def hostile_tga(width: int = 4000, height: int = 2500, size: int = 19_999_000) -> bytes:
    """A grey RLE TGA of 2-byte packets after one 3-byte one: packets followed from an even and an
    odd offset never meet, so each round redoes a single chunk, one lane a step (the check took a
    minute before TGA_STEP_WORK). Too short for its pixels: refused, or left to the engine."""
    body = bytearray(b"\x80" * size)
    body[0:3] = b"\x01\x80\x80"
    header = struct.pack("<BBBHHBHHHHBB", 0, 0, 11, 0, 0, 0, 0, 0, width, height, 8, 0x20)
    return header + bytes(body)


def judged(data: bytes) -> str:
    import bot.images

    # Uploads in formats Pillow decodes in Python (RLE BMP) are held to PYTHON_MEGAPIXELS (4) since
    # 1ae4a4c: lifted here so the 20 MP BMP still times the structure check, not that refusal.
    bot.images.PYTHON_MEGAPIXELS = 64
    try:
        check_upload(data, 100, 64)
        return "taken"
    except UploadError as err:
        return err.key


def decoded(data: bytes) -> None:
    Image.MAX_IMAGE_PIXELS = None
    with Image.open(io.BytesIO(data)) as im:
        try:
            im.load()
        except (OSError, ValueError):      # cut short: Pillow's own refusal, after decoding what is there
            pass


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_checks")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "upload_checks.md")
    args = parser.parse_args(argv)
    lines = ["# Judging a big RLE upload: its structure, against a full decode", "",
             f"Measured by `python -m bench.upload_checks` on {machine()}, {time.strftime('%Y-%m-%d')}: "
             f"`bot.images.check_upload` (the structure check; no decoding) and Pillow decoding the whole "
             f"file, taking turns in one process, {args.reps} runs each.", "",
             "| picture | size | verdict | check p50 ms | check max ms | decode p50 ms | process peak MB: check / decode |",
             "|---|---|---|---|---|---|---|"]
    for name, data in pictures().items():
        (check, check_mb), (decode, decode_mb) = measure_interleaved([lambda d=data: judged(d), lambda d=data: decoded(d)],
                                                      args.reps)
        lines.append(f"| {name} | {len(data) / 1e6:.1f} MB | {judged(data)} | {pct(check, 0.5) * 1000:.0f} | "
                     f"{max(check) * 1000:.0f} | {pct(decode, 0.5) * 1000:.0f} | {check_mb:.0f} / {decode_mb:.0f} |")
    lines += ["", "Pillow's RLE decoders are C, so here the structure check is about as fast as a decode, not "
              "faster; both stay well under a second for a 20 MP picture. The peaks are the whole process's "
              "(the pictures themselves and the bench included), sampled during each contender's calls."]
    write_report(args.out, lines)


if __name__ == "__main__":
    main()
