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


class RedisServer:
    """A redis-server that a test can stop and start again on the same port, without persistence:
    it comes back empty, as a Redis without a volume does."""

    def __init__(self) -> None:
        self.exe = shutil.which("redis-server")
        if self.exe is None:
            pytest.skip("redis-server is not installed (make system-deps)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL)
        import redis

        r = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                r.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def redis_url():
    server = RedisServer()
    server.start()
    yield server.url
    server.stop()
