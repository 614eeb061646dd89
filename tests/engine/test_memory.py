"""engine/memory.py: after load_engine, a freed painting-sized block is reused, not faulted in again.

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

# Allocate, touch, free and allocate again a 64 MB tensor (a 512 px VGG activation is that size);
# count the page faults of the second round only.
CHILD = """
import json, resource, sys, torch
from engine import load_engine
engine = load_engine(keep_freed_memory=sys.argv[1] == "keep")
from engine import memory
def touch():
    t = torch.empty(16 * 1024 * 1024)
    t.fill_(1.0)
    del t
touch()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
touch()
print(json.dumps({"faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before,
                  "applied": memory._applied}))
"""


def run_child(mode: str, **env) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, **env}, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_load_engine_keeps_freed_memory_for_the_next_painting():
    kept = run_child("keep")
    assert kept["applied"] is True
    assert kept["faults"] < 500              # the freed block came back from the heap
    # Without it, the same 64 MB are mapped afresh: one fault per 4 KiB page, about 16,000.
    plain = run_child("plain")
    assert plain["applied"] is None
    assert plain["faults"] > 8000


def test_the_operators_glibc_settings_win():
    child = run_child("keep", MALLOC_TRIM_THRESHOLD_="131072")
    assert child["applied"] is False
    assert child["faults"] > 8000
