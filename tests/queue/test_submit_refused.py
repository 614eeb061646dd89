"""`python -m engine submit` against a Redis that refuses the password in its URL printed a traceback
ending in QueueSetupError and exited 1 (a photo failed); `engine worker` says the same in one line
and exits 2. submit now does as the worker does: one line, no traceback, no password, exit 2.
Real redis-server."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from tests.queue.conftest import RedisServer

ROOT = str(Path(__file__).resolve().parents[2])

pytestmark = pytest.mark.slow


@pytest.fixture
def guarded():
    """A redis-server whose password is s3cret; its port."""
    server = RedisServer()
    server.proc = subprocess.Popen([server.exe, "--port", str(server.port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--requirepass", "s3cret"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            redis.Redis(port=server.port, password="s3cret").ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield server.port
    server.stop()


def submit(tmp_path, url: str) -> subprocess.CompletedProcess:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"not read by the queue here")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "LOG_"))}
    env.update(PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "engine", "submit", "--redis", url, "--timeout", "5",
                           "-o", str(tmp_path / "out"), str(photo)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_submit_says_a_refused_password_in_one_line_and_exits_2(guarded, tmp_path):
    for url, says in ((f"redis://:wrong-pw@127.0.0.1:{guarded}/0", "refused the credentials in --redis"),
                      (f"redis://127.0.0.1:{guarded}/0", "needs a password and --redis has none")):
        run = submit(tmp_path, url)
        assert run.returncode == 2, run.stderr[-3000:]
        [line] = run.stderr.strip().splitlines()
        assert line.startswith("error: ") and says in line, line
        assert "wrong-pw" not in run.stderr and run.stdout == ""


def test_submit_says_a_database_redis_lacks_in_one_line_and_exits_2(guarded, tmp_path):
    run = submit(tmp_path, f"redis://:s3cret@127.0.0.1:{guarded}/99")
    assert run.returncode == 2, run.stderr[-3000:]
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error: ") and "has no database 99" in line and "s3cret" not in line, line
