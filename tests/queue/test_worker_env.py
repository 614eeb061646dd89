"""`python -m engine worker` reads the same .env as the bot (often the very same file), but a
misspelt name in it (REDIS_PREFX=..., LOG_LEVL=DEBUG) was ignored without a word, and a line that
is not NAME=value got python-dotenv's "could not parse statement starting at line 4", naming
neither the file nor the setting lost. The worker now says each once, as the bot does (one check,
engine/env_file.py, serves both): the names near its own settings or the bot's, never a bot
setting itself, never a value. Real redis-server."""
import os
import subprocess
import sys
import time

import pytest
import redis

from bot.settings import Settings
from engine.env_file import BOT_SETTINGS
from tests.queue.conftest import FAKE
from tests.queue.test_redis import stop

pytestmark = pytest.mark.slow

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_worker(redis_url, folder, **extra) -> str:
    """A worker started in ``folder`` (its .env), stopped once it serves; what it logged."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "LOG_", "TELEGRAM_"))}
    env.update(PYTHONPATH=ROOT, PYTHONUNBUFFERED="1", **extra)
    w = subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", redis_url, "--name", "w1",
                          "--engine-factory", FAKE], cwd=folder, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    r = redis.Redis.from_url(redis_url)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not r.exists("paintbot:worker:w1") and w.poll() is None:
            time.sleep(0.2)
    finally:
        stop([w])
    err = w.stderr.read()
    assert w.returncode == 0 and "Traceback" not in err, err[-3000:]
    return err


def test_misspelt_names_and_a_broken_line_are_said_once_each_without_values(redis_url, tmp_path):
    (tmp_path / ".env").write_text(
        "REDIS_PREFX=paintbto\n"                    # the worker's own REDIS_PREFIX, misspelt
        "MAX_UPLOAD_M=50\n"                         # the bot's MAX_UPLOAD_MB, misspelt: the same .env
        "TELEGRAM_TOKEN=123:tg-secret\n"            # the bot's: no typo for the worker
        "STYLE_TRAINING=false\nCOMPOSE_PROJECT_NAME=p\n"
        'REDIS_URL="redis://:pw-secret@127.0.0.1:1/0\n')     # an unclosed quote
    err = run_worker(redis_url, tmp_path, LOG_LEVL="DEBUG")
    assert "secret" not in err and "python-dotenv" not in err, err
    broken = [line for line in err.splitlines() if "cannot be read" in line]
    assert len(broken) == 1 and ".env line 6 " in broken[0] and "REDIS_URL is not set" in broken[0], err
    assert "WARNING" in broken[0], broken
    typos = [line for line in err.splitlines() if "is no setting" in line]
    assert len(typos) == 3, err
    assert any("REDIS_PREFX," in line and "did you mean REDIS_PREFIX?" in line for line in typos), typos
    assert any("MAX_UPLOAD_M," in line and "did you mean MAX_UPLOAD_MB?" in line for line in typos), typos
    assert any("environment sets LOG_LEVL," in line and "LOG_LEVEL?" in line for line in typos), typos
    for name in ("TELEGRAM_TOKEN", "STYLE_TRAINING", "COMPOSE_PROJECT_NAME"):
        assert name not in err, err


def test_a_good_dotenv_says_nothing_of_it(redis_url, tmp_path):
    (tmp_path / ".env").write_text("# shared with the bot\nTELEGRAM_TOKEN=1:x\nMAX_SIDE=256\nREDIS_PREFIX=paintbot\n"
                                   "export LOG_LEVEL=INFO\n")
    err = run_worker(redis_url, tmp_path)
    assert "is no setting" not in err and "cannot be read" not in err, err


def test_a_utf16_dotenv_stops_the_worker_in_one_line(tmp_path):
    (tmp_path / ".env").write_bytes("REDIS_PREFIX=paintbot\nLOG_LEVL=DEBUG\n".encode("utf-16"))
    run = subprocess.run([sys.executable, "-m", "engine", "worker"], cwd=tmp_path, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT), timeout=60)
    assert run.returncode == 2, run.stderr
    [line] = (run.stdout + run.stderr).strip().splitlines()
    assert line.startswith("error: ") and str(tmp_path / ".env") in line and "UTF-8" in line, line


def test_the_workers_list_of_the_bots_settings_is_the_bots():
    # engine/ does not import bot/: it keeps the names, and this keeps them right
    assert BOT_SETTINGS == set(Settings.model_fields)


def test_submit_says_the_same_env_warnings_once(tmp_path):
    """`python -m engine submit` (an operator's check) reads the same .env: it printed python-dotenv's
    line and nothing about a misspelt name."""
    (tmp_path / ".env").write_text('REDIS_PREFX=paintbto\nREDIS_URL="redis://:pw-secret@127.0.0.1:1/0\n')
    (tmp_path / "p.jpg").write_bytes(b"not yet read")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "LOG_", "TELEGRAM_"))}
    env.update(PYTHONPATH=ROOT)
    run = subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", "redis://127.0.0.1:1/0",
                          "--timeout", "1", "-o", "out", "p.jpg"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    err = run.stderr
    assert "secret" not in err and "python-dotenv" not in err.lower() and "Traceback" not in err, err
    assert sum("cannot be read" in line for line in err.splitlines()) == 1, err
    assert sum("did you mean REDIS_PREFIX?" in line for line in err.splitlines()) == 1, err
