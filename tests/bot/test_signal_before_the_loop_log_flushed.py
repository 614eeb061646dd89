"""A Ctrl-C (SIGTERM) after the log thread has started (bot/log_queue.py) but before main's event
loop takes the signals over is handled by `python -m bot`'s first handler, which ends the process
with os._exit: no atexit handler runs, so the lines logged meanwhile (the .env's and the settings'
warnings), still waiting for that thread, were lost. They are written first (bounded)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.bot.test_main import ROOT

# `python -m bot`, with a stderr the log thread writes slowly (a busy terminal) and SIGTERM sent to itself right
# after the first warning is logged: the window between the log thread's start and the loop's
SIGNALLED_AFTER_THE_FIRST_WARNING = textwrap.dedent("""
    import logging, os, runpy, signal, sys, threading, time

    class SlowStderr:
        # slow for the log thread's writes (a line printed by the main thread goes at once)
        def __init__(self, stream):
            self.stream = stream
        def write(self, text):
            if threading.current_thread() is not threading.main_thread():
                time.sleep(0.2)
            return self.stream.write(text)
        def flush(self):
            self.stream.flush()

    sys.stderr = SlowStderr(sys.stderr)
    import bot.log_queue as log_queue
    start = log_queue.write_logs_off_the_loop

    def started_then_signalled(formatter):
        running = start(formatter)
        logging.getLogger("bot").warning("a warning logged before the loop")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)                       # (the handler runs here)
        return running

    log_queue.write_logs_off_the_loop = started_then_signalled
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
""")


def test_a_signal_before_the_loop_takes_over_still_writes_the_lines_logged(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT="18742", STYLE_TRAINING="false",
               QUEUE_BACKEND="memory", ENGINE_FACTORY="tests.queue.fakes:make_engine", LOG_LEVEL="INFO")
    done = subprocess.run([sys.executable, "-c", SIGNALLED_AFTER_THE_FIRST_WARNING], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1] == "stopped before starting", lines
    assert any(line.endswith("WARNING bot: a warning logged before the loop") for line in lines[:-1]), lines
