"""`stylize`'s common input errors (a missing photo, a bad weight or mix, a bad -o) are said before
torch is imported (seconds), not after: the process that refuses them never loads torch."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.engine.runs import ROOT

# main() as `python -m engine` runs it; then whether torch was ever imported
PROBE = ("import sys\nfrom engine.__main__ import main\n"
         "try:\n    status = main(sys.argv[1:])\nexcept SystemExit as exc:\n    status = exc.code\n"
         "print('torch' in sys.modules, status)\n")


@pytest.mark.parametrize("photo, style, output, words", [
    ("missing.jpg", "gogh", "out.jpg", "not found"),
    ("missing.jpg", "gogh:0", "out.jpg", "more than 0"),
    ("missing.jpg", "gogh,monet,munch,klimt,turner", "out.jpg", "at most 4 styles"),
    ("missing.jpg", "gogh", "out.gif", "name it .jpg"),
    ("missing.jpg", "gogh", "taken/out.jpg", "is a file, not a folder"),
])
def test_an_input_error_is_said_before_torch_loads(tmp_path, photo, style, output, words):
    (tmp_path / "taken").write_text("a file where -o wants a folder")
    run = subprocess.run([sys.executable, "-c", PROBE, "stylize", str(tmp_path / photo), "--style", style,
                          "-o", str(tmp_path / output)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = run.stderr.strip().splitlines()
    assert run.stdout.split() == ["False", "2"], (run.stdout, run.stderr)
    assert len(lines) == 1 and words in lines[0], lines
