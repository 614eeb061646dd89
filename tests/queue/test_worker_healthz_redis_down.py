"""A Redis worker's /healthz said 200 {"ok": true} while its log said "redis ... is unreachable" (Redis
down at start, or killed under a running worker): docker-compose's healthcheck called a worker cut off
from its jobs healthy. It says 503 with the bot's problem line now, and 200 again once Redis is back."""
import json
import time
import urllib.error
import urllib.request

import pytest

from tests.queue.conftest import RedisServer, free_port
from tests.queue.test_redis import start_worker, stop

pytestmark = pytest.mark.slow


def healthz(port: int) -> tuple[int, dict] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)
    except OSError:
        return None                      # not listening yet


def until_health(port: int, code: int, worker, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    seen = None
    while time.monotonic() < deadline:
        assert worker.poll() is None, worker.stderr.read()
        seen = healthz(port)
        if seen and seen[0] == code:
            return seen[1]
        time.sleep(0.1)
    raise AssertionError(f"/healthz never answered {code}; last {seen}")


def test_a_worker_cut_off_from_redis_is_not_healthy_and_is_again_when_redis_is_back():
    server = RedisServer()
    server.start()
    port = free_port()
    worker = start_worker(server.url, "w1", METRICS_PORT=str(port))
    try:
        until_health(port, 200, worker)
        server.stop()                                       # killed under the running worker
        said = until_health(port, 503, worker)
        assert said["problems"] == ["redis is unreachable"] and not said["ok"]
        assert said["worker"] == "w1" and said["job"] is None
        server.start()                                      # (same port, empty)
        said = until_health(port, 200, worker)
        assert said["ok"] and said["problems"] == []
    finally:
        stop([worker])
        server.stop()


def test_a_worker_started_while_redis_is_down_is_not_healthy():
    server = RedisServer()                                  # its port, nothing listening yet
    port = free_port()
    worker = start_worker(server.url, "w1", METRICS_PORT=str(port))
    try:
        said = until_health(port, 503, worker)
        assert said["problems"] == ["redis is unreachable"]
        server.start()
        until_health(port, 200, worker)
    finally:
        stop([worker])
        server.stop()
