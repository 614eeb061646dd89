"""What /addstyle does with the paintings it is given, with the real engine."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own, so the peak is this describing's alone: the engine loaded and warmed
# up first, then six large PNGs (63 MP each, about 190 MB decoded) described as one style.
MEASURE = """
import asyncio, io, resource, sys
from pathlib import Path
from PIL import Image
from bot.commands import engine_describer
from engine import load_engine

engine = load_engine()
describe = engine_describer(lambda: engine)
small = io.BytesIO(); Image.new("RGB", (300, 200), (200, 90, 40)).save(small, "PNG")
asyncio.run(describe([small.getvalue()], Path(sys.argv[1]) / "warm.safetensors"))
big = io.BytesIO(); Image.new("RGB", (8000, 7900), (30, 60, 120)).save(big, "PNG")
big = big.getvalue()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
asyncio.run(describe([big] * 6, Path(sys.argv[1]) / "big.safetensors"))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_large_paintings_are_described_one_at_a_time_not_all_decoded_at_once(tmp_path):
    """The describer runs in the bot's own process: six 63 MP paintings were all decoded at full
    size before any was described (over a gigabyte at once; ten, 2 GB)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "big.safetensors").is_file()
    grown_mb = int(done.stdout.split()[-1])
    assert grown_mb < 1000, f"the peak grew by {grown_mb} MB"     # one decoded at a time: about 500
