"""LOG_FORMAT=json: the engine CLI's exit lines ("error: ...": a bad argument, a missing file, a bad
setting) are JSON objects like its log lines (`python -m engine worker` logs JSON); they were plain
text, which a log shipper reading one object per line chokes on (QA2 finding 7). Plain otherwise."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.__main__ import main
from engine.log_format import in_log_shape, log_format_setting

ROOT = Path(__file__).resolve().parents[2]


def objects(output: str) -> list[dict]:
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines, "no line"
    return [json.loads(line) for line in lines]      # (a line that is no JSON fails here)


@pytest.fixture
def json_logs(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)                      # (no .env of the checkout)
    monkeypatch.setenv("LOG_FORMAT", "json")


def test_a_missing_photo_is_a_json_line(json_logs, tmp_path, capsys):
    assert main(["stylize", str(tmp_path / "nope.jpg"), "--style", "gogh", "-o", str(tmp_path / "out.jpg")]) == 2
    [error] = objects(capsys.readouterr().err)
    assert error["msg"] == f"error: file not found: {tmp_path / 'nope.jpg'}"
    assert error["level"] == "ERROR" and error["logger"] == "engine"


def test_a_bad_argument_is_a_json_line(json_logs, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["stylize", "--bogus"])
    assert stopped.value.code == 2
    [error] = objects(capsys.readouterr().err)
    assert error["msg"].startswith("error: ") and "(see `" in error["msg"], error


def test_a_settings_error_of_the_worker_exits_with_json_lines(tmp_path):
    """A bad setting in the worker's environment, in a process of its own as a container runs it."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("LOG_", "QUEUE_", "WORKERS_"))}
    env.update(PYTHONPATH=str(ROOT), LOG_FORMAT="json", QUEUE_BACKEND="carrier pigeon", WORKERS_FAST="many")
    done = subprocess.run([sys.executable, "-m", "engine", "worker"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    errors = objects(done.stdout + done.stderr)
    said = " | ".join(e["msg"] for e in errors)
    assert len(errors) == 2 and "QUEUE_BACKEND" in said and "WORKERS_FAST" in said, said


def test_text_logs_keep_the_plain_line(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert main(["stylize", str(tmp_path / "nope.jpg"), "--style", "gogh", "-o", str(tmp_path / "out.jpg")]) == 2
    assert capsys.readouterr().err == f"error: file not found: {tmp_path / 'nope.jpg'}\n"


def test_log_format_setting_reads_the_environment_then_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    assert log_format_setting(env_file=str(env_file), environ={}) == "text"
    assert log_format_setting("json", env_file=str(env_file), environ={}) == "json"
    env_file.write_text("LOG_FORMAT=JSON\n")
    assert log_format_setting(env_file=str(env_file), environ={}) == "json"
    assert log_format_setting(env_file=str(env_file), environ={"LOG_FORMAT": "text"}) == "text"
    assert log_format_setting(env_file=str(env_file), environ={"LOG_FORMAT": ""}) == "json"    # empty: unset
    # not valid (the error the line says), or a .env that cannot be read: the default
    assert log_format_setting(env_file=str(env_file), environ={"LOG_FORMAT": "xml"}) == "text"
    env_file.write_bytes("LOG_FORMAT=json\n".encode("utf-16"))
    assert log_format_setting(env_file=str(env_file), environ={}) == "text"


def test_in_log_shape_gives_one_object_per_line():
    text = 'error: A=\'x\': "quoted"\n\nerror: B=1: too big'
    assert in_log_shape(text, "text", "bot") == text
    first, second = objects(in_log_shape(text, "json", "bot"))
    assert first["msg"] == 'error: A=\'x\': "quoted"' and second["msg"] == "error: B=1: too big"
    assert first["logger"] == "bot" and first["level"] == "ERROR" and first["pid"] == os.getpid()
