import shutil
import socket
import subprocess
import time

import pytest

from engine.jobs import Job, StyleRef
from tests.queue.fakes import tiny_png

FAKE = "tests.queue.fakes:make_engine"


def make_job(user="u1", style="quick", method="adain", **kw) -> Job:
    return Job(user_id=user, chat_id="c-" + user, image=tiny_png(), styles=[StyleRef("artist", style)],
               method=method, max_side=64, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (make system-deps)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL)
    import redis

    r = redis.Redis(port=port)
    for _ in range(100):
        try:
            r.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(5)
