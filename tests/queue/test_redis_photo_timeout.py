"""A photo or a painting over a slow link to Redis (link.PAYLOAD_RATE): its call is given time for
it, while every other call, the heartbeat's included, keeps the 5 s socket timeout that notices a
silent Redis. A real redis-server behind a proxy that carries each connection's bytes at 1 MB/s
(8 Mbit/s): a payload of P MB takes P s, so one over 10 MB cannot pass a 5 s timeout, whatever
the kernel buffers before the proxy absorb (the send then takes over 5 s, or the wait for its
reply does), and one over 5 MB cannot be read within it."""
import asyncio
import io
import os
import random
import shutil
import socket
import subprocess
import sys
import time

import pytest
from PIL import Image

from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import stop, until, worker_env

pytestmark = pytest.mark.slow

RATE = 1_000_000                 # bytes/s each way through the proxy: link.PAYLOAD_RATE, the slowest link allowed for
CHUNK = 16 * 1024
BIG_ENGINE = "tests.queue.test_redis_photo_timeout:make_big_engine"
PORTS = range(47200, 47300)


def bound_socket() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1 in PORTS."""
    for port in random.sample(PORTS, len(PORTS)):
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
            return sock
        except OSError:
            sock.close()
    raise RuntimeError("no free port in 47200-47299")


@pytest.fixture
def redis_url(tmp_path):
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (make system-deps)")
    sock = bound_socket()
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        import redis

        r = redis.Redis(port=port)
        for _ in range(100):
            try:
                r.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.kill()
        proc.wait(5)


class SlowLink:
    """TCP in front of redis-server that carries the bytes of each connection at most RATE bytes/s,
    towards Redis (``up``) and back (``down``), as a slow link does."""

    def __init__(self, upstream_url: str, up: bool = True, down: bool = False) -> None:
        self.upstream = upstream_url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
        self.up, self.down = up, down
        self.sock = bound_socket()
        self.url = f"redis://127.0.0.1:{self.sock.getsockname()[1]}/0"
        self.server = None
        self.tasks: set[asyncio.Task] = set()

    async def start(self) -> "SlowLink":
        self.sock.listen()
        self.server = await asyncio.start_server(self._serve, sock=self.sock)
        return self

    async def _serve(self, reader, writer) -> None:
        up_reader, up_writer = await asyncio.open_connection(self.upstream[0], int(self.upstream[1]))
        for pump in (self._pump(reader, up_writer, self.up), self._pump(up_reader, writer, self.down)):
            task = asyncio.create_task(pump)
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    @staticmethod
    async def _pump(reader, writer, slow: bool) -> None:
        ready = 0.0
        try:
            while data := await reader.read(CHUNK):
                if slow:            # each chunk arrives when the link has carried it (no credit for idle time)
                    ready = max(ready, time.monotonic()) + len(data) / RATE
                    await asyncio.sleep(ready - time.monotonic())
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def close(self) -> None:
        self.server.close()
        for task in list(self.tasks):
            task.cancel()


def noise(side: int) -> Image.Image:
    return Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))


class BigPainter:
    """Paints any photo as noise, ``noise:SIDE`` px square: its JPEG is about 0.9 bytes a pixel."""

    def stylize(self, content, style, **kw):
        return noise(int(style.split(":", 1)[1]))


def make_big_engine(device=None) -> BigPainter:
    return BigPainter()


def big_photo(nbytes: int) -> bytes:
    """A PNG of noise of at least ``nbytes`` (uncompressed, so it decodes as fast as it is made)."""
    buf = io.BytesIO()
    noise(int((nbytes / 3) ** 0.5) + 8).save(buf, "PNG", compress_level=0)
    return buf.getvalue()


def start_painter(url: str, name: str, lanes: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "engine", "worker", "--redis", url, "--name", name,
                             "--engine-factory", BIG_ENGINE, "--lanes", lanes], env=worker_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def test_big_photos_and_paintings_cross_slow_links_to_redis(redis_url):
    """Each of these failed as a Redis outage after 5 s, over and over, and its job never ended:
    - a bot's submit of a 10.5 MB photo (10.5 s at 1 MB/s), over a link slow both ways; that bot
      then reads back its painting, 5.6 MB as JSON (5.6 s);
    - a worker's write of a painting of 10.5 MB as JSON (10.5 s), over a link slow towards Redis.
    The two run side by side (an hq job and a fast one, each lane a worker of its own)."""
    slow_bot = await SlowLink(redis_url, up=True, down=True).start()
    slow_worker = await SlowLink(redis_url, up=True).start()
    workers = [start_painter(redis_url, "near", "hq"), start_painter(slow_worker.url, "far", "fast")]
    bots = [RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url)) for url in (slow_bot.url, redis_url)]
    for q in bots:
        await q.start()
    try:
        await until(lambda: all(q.health()["ok"] and len(q.live) == 2 for q in bots))
        photo = make_job("a", "noise:2200", method="gatys")       # hq: painted by the worker near Redis
        photo.image = big_photo(10_500_000)
        painting = make_job("b", "noise:3000")                    # fast: painted by the far worker

        async def send(q, job):
            await q.submit(job)
            return await asyncio.wait_for(q.wait(job.id), 45)

        sent, painted = await asyncio.gather(send(bots[0], photo), send(bots[1], painting))
        assert sent.ok and painted.ok, (sent, painted)
        assert len(sent.image) * 4 / 3 > 5_300_000                # as base64 in the result's JSON
        assert len(painted.image) * 4 / 3 > 10_200_000
    finally:
        for q in bots:
            await q.stop()
        await asyncio.to_thread(stop, workers)        # the links run on this loop: not blocked meanwhile
        await slow_bot.close()
        await slow_worker.close()
    said = workers[1].stderr.read()
    assert "unreachable" not in said, said[-2000:]


async def test_only_the_calls_that_carry_a_payload_wait_longer(redis_url):
    """The client of the heartbeat and of every small call keeps SOCKET_TIMEOUT_S (5 s, under the
    heartbeat's grace); a payload's gets 5 s plus its size at 1 MB/s, in 5 s steps, at most 120 s.
    A ?socket_timeout= in REDIS_URL is the base of both, and the URL's other options stay."""
    import redis

    from engine.queue.link import SOCKET_TIMEOUT_S, PayloadClients, client_options, payload_timeout

    def timeout(client) -> float:
        return client.connection_pool.connection_kwargs["socket_timeout"]

    assert SOCKET_TIMEOUT_S == 5.0
    assert [payload_timeout(n) for n in (0, 1, 5_000_000, 5_000_001, 11_000_000, 10**9)] == \
        [5.0, 10.0, 10.0, 15.0, 20.0, 120.0]
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=redis_url))
    await q.start()
    try:
        assert timeout(q.r) == SOCKET_TIMEOUT_S
        assert q.payloads.for_size(20_000) is q.r               # an error result, a tiny photo
        assert timeout(q.payloads.for_size(11_000_000)) == 20.0
        assert q.payloads.for_size(11_000_000) is q.payloads.for_size(12_000_000)    # one client per step
    finally:
        await q.stop()
    url = redis_url + "?socket_timeout=3&health_check_interval=7"
    small = redis.Redis.from_url(url, **client_options(url))
    payloads = PayloadClients(url, redis.Redis.from_url, small)
    assert timeout(small) == 3.0 and payloads.for_size(100) is small
    big = payloads.for_size(11_000_000)
    assert timeout(big) == 18.0
    assert big.connection_pool.connection_kwargs["health_check_interval"] == 7
    assert big.connection_pool.connection_kwargs["socket_connect_timeout"] == SOCKET_TIMEOUT_S
    assert big.set("k", b"x" * 11_000_000) and len(small.get("k")) == 11_000_000
    for client in payloads.made() + [small]:
        client.close()
