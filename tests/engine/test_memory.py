"""engine/memory.py: after load_engine, a painting reuses the memory the last one freed.

Each case runs in its own interpreter: glibc's thresholds are process-wide and cannot be unset.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                                reason="glibc only")

# Paint one 512 px picture with AdaIN (its VGG activations are tens of MB each) three times; count
# the page faults of the last two paintings (the first maps the memory the process will keep).
CHILD = """
import json, resource, sys
from PIL import Image
from engine import load_engine
from engine import memory
engine = load_engine(precision="fp32", keep_freed_memory=sys.argv[1] == "keep")  # the same sizes on any CPU
photo = Image.radial_gradient("L").resize((512, 512)).convert("RGB")
engine.stylize(photo, "gogh", method="adain")
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(2):
    engine.stylize(photo, "gogh", method="adain")
print(json.dumps({"faults": (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 2,
                  "applied": memory._applied}))
"""


def run_child(mode: str, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **env}, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_load_engine_keeps_freed_memory_for_the_next_painting():
    kept = run_child("keep")
    assert kept["applied"] is True
    # Without it, glibc maps the big blocks afresh for every painting: one fault per 4 KiB page,
    # hundreds of thousands (bench/results/malloc_speed.md); with it, they come back from the heap.
    plain = run_child("plain")
    assert plain["applied"] is None
    assert plain["faults"] > 50_000
    assert kept["faults"] < plain["faults"] / 10    # a stray block may still be mapped afresh


def test_the_operators_glibc_settings_win():
    child = run_child("keep", MALLOC_TRIM_THRESHOLD_="131072")
    assert child["applied"] is False
    assert child["faults"] > 50_000
