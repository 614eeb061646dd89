"""LOG_FORMAT=json: every line `python -m bot` writes, on stdout and stderr, is one JSON object (a
log shipper takes each line as one). "Web chat: http://...", "Nothing started: ..." and the exit's
"error: ..." lines were plain text among the JSON (QA2 finding 7). With LOG_FORMAT=text (the
default) they read as before."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.bot.test_main import ROOT, free_port
from tests.bot.test_signal_before_the_loop_log_flushed import SIGNALLED_AFTER_THE_FIRST_WARNING


def bot_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_", "LOG_"))}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), WEB_PORT=str(free_port()),
               ENGINE_FACTORY="tests.queue.fakes:make_engine", **extra)
    return env


def objects(*outputs: str) -> list[dict]:
    """Each non-empty line of ``outputs`` as its JSON object (fails on a line that is none)."""
    found = []
    for output in outputs:
        for line in output.splitlines():
            if line.strip():
                try:
                    found.append(json.loads(line))
                except ValueError:
                    raise AssertionError(f"not JSON: {line!r}\nin:\n{output}") from None
    return found


def run_bot(tmp_path, env, args=()) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)


def test_a_start_and_stop_of_the_web_chat_writes_json_only(tmp_path):
    # the default queue (engine worker processes, whose lines the bot writes too), the web chat
    env = bot_env(tmp_path, LOG_FORMAT="json", WEB_ENABLED="true")
    proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline()         # the web chat's address: it runs
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    [address, *rest] = objects(first, out)
    assert address["msg"] == f"Web chat: http://localhost:{env['WEB_PORT']}/  (drop a photo, type /style gogh)"
    assert address["level"] == "INFO" and address["logger"] == "bot"
    said = [entry["msg"] for entry in objects(err)]
    assert any(msg.startswith("serving: the web chat") for msg in said), said
    assert said[-1] == "stopped", said


def test_the_web_chat_address_is_plain_with_text_logs(tmp_path):
    env = bot_env(tmp_path, WEB_ENABLED="true", QUEUE_BACKEND="memory", STYLE_TRAINING="false")
    proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert first == f"Web chat: http://localhost:{env['WEB_PORT']}/  (drop a photo, type /style gogh)\n"


def test_a_settings_error_exits_with_json_lines(tmp_path):
    done = run_bot(tmp_path, bot_env(tmp_path, LOG_FORMAT="json", MAX_SIDE="big", RATE_LIMIT_JOBS="-1"))
    assert done.returncode == 2, done.stderr
    errors = objects(done.stdout, done.stderr)
    assert len(errors) == 2 and {e["level"] for e in errors} == {"ERROR"}, errors
    said = sorted(e["msg"] for e in errors)
    assert said[0].startswith("error: MAX_SIDE='big': ") and said[1].startswith("error: RATE_LIMIT_JOBS='-1': "), said


def test_log_format_json_in_the_env_file_shapes_a_settings_error_too(tmp_path):
    """The settings that failed are read from the .env as well: so is LOG_FORMAT, for their lines."""
    (tmp_path / ".env").write_text("LOG_FORMAT=json\nMAX_SIDE=big\n")
    done = run_bot(tmp_path, bot_env(tmp_path))
    assert done.returncode == 2, done.stderr
    [error] = objects(done.stdout, done.stderr)
    assert error["msg"].startswith("error: MAX_SIDE='big': "), error


def test_a_settings_error_is_plain_with_text_logs(tmp_path):
    done = run_bot(tmp_path, bot_env(tmp_path, MAX_SIDE="big"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: MAX_SIDE='big': ") and len(done.stderr.splitlines()) == 1, done.stderr


def test_an_unusable_data_dir_exits_with_a_json_line(tmp_path):
    """An exit after the log is set up (DATA_DIR is a file): the same shape."""
    (tmp_path / "data").write_text("not a folder")
    done = run_bot(tmp_path, bot_env(tmp_path, LOG_FORMAT="json", QUEUE_BACKEND="memory", STYLE_TRAINING="false"))
    assert done.returncode == 2, done.stderr
    assert objects(done.stdout, done.stderr)[-1]["msg"].startswith("error: DATA_DIR="), done.stderr


def test_nothing_started_is_a_json_line(tmp_path):
    done = run_bot(tmp_path, bot_env(tmp_path, LOG_FORMAT="json", WEB_ENABLED="false", QUEUE_BACKEND="memory",
                                     STYLE_TRAINING="false"))
    assert done.returncode == 1, done.stderr
    [nothing] = objects(done.stdout)
    assert nothing["msg"] == "Nothing started: set TELEGRAM_TOKEN or DISCORD_TOKEN, or WEB_ENABLED=true."
    assert nothing["level"] == "ERROR"
    objects(done.stderr)


def test_stopped_before_starting_is_a_json_line(tmp_path):
    env = bot_env(tmp_path, LOG_FORMAT="json", QUEUE_BACKEND="memory", STYLE_TRAINING="false")
    done = subprocess.run([sys.executable, "-c", SIGNALLED_AFTER_THE_FIRST_WARNING], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    said = objects(done.stdout, done.stderr)
    assert said[-1]["msg"] == "stopped before starting", said
    assert "a warning logged before the loop" in [entry["msg"] for entry in said]
