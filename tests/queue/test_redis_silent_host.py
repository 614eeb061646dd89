"""A Redis host gone silent without closing its connections (a crash, a cut network: no FIN, no
RST), over a real redis-server behind a proxy that can stop answering: the calls waiting on
those connections fail after link.SOCKET_TIMEOUT_S (redis-py 8's own default is 5 s too; 5 to 7
had none) and count as an outage, so neither a worker (whose heartbeat, another thread, would beat
on while its loop hung, holding its job) nor the bot (its event reader: no result would arrive) is
stuck once Redis answers again."""
import asyncio
import socket
import threading

import pytest

from engine.queue.link import SOCKET_TIMEOUT_S
from engine.queue.redis_streams import BEAT_EVERY, BEAT_GRACE, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue.conftest import make_job
from tests.queue.test_redis import start_worker, stop, until

pytestmark = pytest.mark.slow


class SilentProxy:
    """TCP in front of redis-server. ``silence()``: every connection open now, and each new one,
    stays open and hears nothing back (what is sent is read and dropped); ``recover()``: new
    connections are forwarded again, while the silenced ones stay silent for good, as the
    connections to a crashed host do."""

    def __init__(self, upstream_url: str) -> None:
        host_port = upstream_url.split("//", 1)[1].split("/", 1)[0]
        self.upstream = (host_port.rsplit(":", 1)[0], int(host_port.rsplit(":", 1)[1]))
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"
        self.silent = False
        self.silenced: set[socket.socket] = set()         # connections that hear nothing any more
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = None if self.silent else socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client] + ([upstream] if upstream else [])
                if upstream is None:
                    self.silenced.add(client)
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            if upstream is not None:
                threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket | None) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                dropped = target is None or source in self.silenced or target in self.silenced
            if not dropped:
                try:
                    target.sendall(data)
                except OSError:
                    return

    def silence(self) -> None:
        with self.lock:
            self.silent = True
            self.silenced.update(self.open)

    def recover(self) -> None:
        self.silent = False

    def close(self) -> None:
        self.server.close()
        with self.lock:
            for sock in self.open:
                sock.close()


async def test_a_redis_host_gone_silent_hangs_neither_the_worker_nor_the_bot(redis_url):
    proxy = SilentProxy(redis_url)
    worker = start_worker(proxy.url, "w1")
    q = RedisQueue(QueueSettings(queue_db=":memory:", redis_url=proxy.url))
    await q.start()
    try:
        assert q.r.connection_pool.connection_kwargs["socket_timeout"] == SOCKET_TIMEOUT_S
        await until(lambda: q.health()["ok"])
        first = make_job("a", "quick")
        await q.submit(first)
        assert (await asyncio.wait_for(q.wait(first.id), 30)).ok
        proxy.silence()                    # every call under way, the worker's and the bot's, hears nothing
        await asyncio.sleep(1.5)
        proxy.recover()                    # Redis is back; the silenced connections never answer
        job = make_job("b", "quick")
        await q.submit(job)
        result = await asyncio.wait_for(q.wait(job.id), 30)
        assert result.ok
    finally:
        await q.stop()
        stop([worker])
        proxy.close()
    said = worker.stderr.read()
    assert "is unreachable" in said and "is reachable again" in said, said[-2000:]


def test_a_call_that_hears_nothing_gives_up_before_the_workers_jobs_are_taken_over():
    """A heartbeat that met a dead connection waits SOCKET_TIMEOUT_S, reconnects and beats: all
    within BEAT_GRACE, or a healthy worker's job would be taken over and painted twice."""
    assert SOCKET_TIMEOUT_S + BEAT_EVERY < BEAT_GRACE
