"""What /addstyle does with the paintings and the name it is given."""
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


async def test_a_hangul_name_typed_as_letters_is_the_name_typed_as_syllables(layer, store):
    """NFD Hangul (each syllable as its two or three letters, as some keyboards and macOS send
    it): a name within the 32-character limit as syllables was refused as too long, and names
    were kept in whichever form came."""
    import unicodedata

    from bot.messages import t

    from tests.bot.conftest import make_photo
    from tests.bot.test_commands import say

    name = "아주아주긴이름의수채화스타일입니다열두"          # 19 syllables; 53 letters in NFD
    nfd = unicodedata.normalize("NFD", name)
    assert len(nfd) > 32
    out = await say(layer, f"/addstyle {nfd}", images=[make_photo(90, 90)], locale="ko")
    assert t("ko", "addstyle_bad_name") not in out.texts[-1]
    style = store.find_style("tg:1", unicodedata.normalize("NFC", name))
    assert style is not None and style.name == name               # kept as syllables
    assert f"/style {name}" in (await say(layer, "/communitystyles", locale="ko")).texts[0]
    out = await say(layer, f"/removestyle {nfd}", locale="ko")
    assert out.texts == [t("ko", "removestyle_done", name=name)] and store.find_style("tg:1", name) is None


async def test_the_same_painting_twice_counts_once(layer, store):
    """Three copies of one picture made "3 paintings" for what is the statistics of one."""
    from tests.bot.conftest import make_photo
    from tests.bot.test_commands import say

    painting = make_photo(90, 90, seed=5)
    await say(layer, "/addstyle Dots", images=[painting, painting, painting])
    assert layer.described == [1] and store.find_style("tg:1", "dots").paintings == 1
