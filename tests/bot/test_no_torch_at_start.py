"""The bot process loads no torch at its start (README: `bot/` imports none but for /addstyle):
the engine runs in the worker processes. StyleTrainer.retrain_outdated imported engine.adaptive
(torch) before looking for a community style with a model, so every start with STYLE_TRAINING on
(the default) loaded torch: 309 MB resident against 104 MB."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from bot.style_training import shipped_adaptive_model

from tests.bot.conftest import make_photo
from tests.bot.test_main import ROOT, free_port

# `python -m bot` as run by runpy, with an audit hook saying who imports torch (the hook is this
# process's only: the workers it starts import what they like)
PROBE = """
import atexit, runpy, sys, traceback

def hook(event, args):
    if event == "import" and args[0] == "torch":
        print("torch imported by:", "".join(traceback.format_stack()), file=sys.stderr, flush=True)

sys.addaudithook(hook)
atexit.register(lambda: print("torch loaded:", "torch" in sys.modules, flush=True))
sys.argv = ["bot"]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""


def training_photos(folder):
    """A STYLE_TRAINING_DATA the trainer takes: a photo to train on and one held out to judge."""
    from engine.train_split import is_validation

    content = folder / "content"
    content.mkdir(parents=True)
    (content / "train.jpg").write_bytes(make_photo(96, 72))
    held_out = next(f"v{i}.jpg" for i in range(100) if is_validation(content / f"v{i}.jpg"))
    (content / held_out).write_bytes(make_photo(96, 72))
    return folder


@pytest.mark.skipif(not shipped_adaptive_model().exists(), reason="no shipped adaptive model: no training")
def test_a_start_with_style_training_on_loads_no_torch(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "DISCORD_", "STYLE_TRAINING", "QUEUE_", "LOG_"))}
    # the default queue (engine worker processes) and STYLE_TRAINING (on); a fake engine: quick workers
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(free_port()),
               WEB_ENABLED="true", ENGINE_FACTORY="tests.queue.fakes:make_engine",
               STYLE_TRAINING_DATA=str(training_photos(tmp_path / "train")))
    proc = subprocess.Popen([sys.executable, "-c", PROBE], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # "Web chat: ...": the front-ends start after the trainer (whose start looked at the styles)
        first = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert first.startswith("Web chat: "), (first, err)
    assert proc.returncode == 0, err
    assert "will not get their own models" not in err, err      # the trainer ran its start in full
    assert "torch imported by:" not in err, err
    assert out.strip().endswith("torch loaded: False"), out
