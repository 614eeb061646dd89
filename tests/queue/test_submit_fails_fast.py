"""`python -m engine submit` against a Redis it never reached (a wrong URL, Redis not running)
waited its whole --timeout (600 s by default) before "not all results arrived ...; redis is
unreachable", exit 1. It now says so in one line after a short connect window, exit 2, naming
where the URL came from (--redis or REDIS_URL); a Redis reached and lost later is still waited
for until --timeout. Its refused-password line named REDIS_URL for a URL given by --redis."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.queue import test_submit_refused
from tests.queue.conftest import RedisServer, free_port

ROOT = str(Path(__file__).resolve().parents[2])
guarded = test_submit_refused.guarded     # (a fixture: a redis-server asking for a password)

# the connect window made short, so that the test shows it ends before --timeout (600 s, left default)
SUBMIT = ("import sys, engine.worker_cli as w; w.CONNECT_WINDOW_S = 0.5; from engine.__main__ import main; "
          "sys.exit(main(sys.argv[1:]))")


def env() -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "LOG_"))}
    return dict(clean, PYTHONPATH=ROOT)


def photo(tmp_path) -> Path:
    path = tmp_path / "p.jpg"
    path.write_bytes(b"not read by the queue here")
    return path


def test_a_redis_never_reached_is_one_line_and_exit_2_long_before_the_timeout(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    for given, extra_env, named in ((["--redis", url], {}, "check --redis"), ([], {"REDIS_URL": url}, "check REDIS_URL")):
        began = time.monotonic()
        run = subprocess.run([sys.executable, "-c", SUBMIT, "submit", *given, "-o", str(tmp_path / "out"),
                              str(photo(tmp_path))], cwd=tmp_path, env={**env(), **extra_env},
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 2 and time.monotonic() - began < 30, run.stderr[-3000:]
        [line] = run.stderr.strip().splitlines()
        assert line.startswith(f"error: redis at {url} did not answer in 0 s (ConnectionError: "), line
        assert line.endswith(f"; {named} and that Redis is running"), line


@pytest.mark.slow
def test_a_redis_lost_after_it_answered_is_waited_for_until_the_timeout(tmp_path):
    server = RedisServer()
    server.start()
    try:
        proc = subprocess.Popen([sys.executable, "-c", SUBMIT, "submit", "--redis", server.url, "--timeout", "4",
                                 "-o", str(tmp_path / "out"), str(photo(tmp_path))], cwd=tmp_path, env=env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        r = redis.Redis(port=server.port)
        for _ in range(200):                    # its streams made: submit reached Redis
            if any(b":stream:" in key for key in r.keys()) or proc.poll() is not None:
                break
            time.sleep(0.05)
        server.stop()
        _, err = proc.communicate(timeout=60)
    finally:
        server.stop()
    assert proc.returncode == 1, err[-3000:]
    assert err.strip().splitlines()[-1] == "error: not all results arrived in 4 s; redis is unreachable", err


@pytest.mark.slow
def test_a_refused_password_names_the_option_the_url_came_from(guarded, tmp_path):
    url = f"redis://:wrong-pw@127.0.0.1:{guarded}/0"
    for given, extra_env, named in ((["--redis", url], {}, "--redis"), ([], {"REDIS_URL": url}, "REDIS_URL")):
        run = subprocess.run([sys.executable, "-m", "engine", "submit", *given, "--timeout", "5",
                              "-o", str(tmp_path / "out"), str(photo(tmp_path))], cwd=tmp_path,
                             env={**env(), **extra_env}, capture_output=True, text=True, timeout=120)
        [line] = run.stderr.strip().splitlines()
        assert run.returncode == 2 and f"refused the credentials in {named} " in line, line
        assert "wrong-pw" not in line


@pytest.mark.slow
def test_a_redis_that_answers_but_refuses_writes_was_reached_and_is_waited_for(tmp_path):
    """Out of memory under noeviction (or a read-only replica): it answered, so no connect-window
    error; waited out until --timeout, which then names the refusal, not an unreachable Redis."""
    server = RedisServer()
    server.proc = subprocess.Popen([server.exe, "--port", str(server.port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--maxmemory", "1", "--maxmemory-policy", "noeviction"],
                                   stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                redis.Redis(port=server.port).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        run = subprocess.run([sys.executable, "-c", SUBMIT, "submit", "--redis", server.url, "--timeout", "2",
                              "-o", str(tmp_path / "out"), str(photo(tmp_path))], cwd=tmp_path, env=env(),
                             capture_output=True, text=True, timeout=60)
    finally:
        server.stop()
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and "refuses writes (OutOfMemoryError" in lines[0], run.stderr[-3000:]
    assert lines[-1] == "error: not all results arrived in 2 s; redis refuses writes (see above)", lines
