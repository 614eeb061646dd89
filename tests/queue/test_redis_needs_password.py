"""A Redis that needs a password, reached by a REDIS_URL with none (the server answers NOAUTH), was
reported as "refused the credentials in REDIS_URL ...; check the password": there was no password
to check. Now the worker and the bot say that Redis needs a password and REDIS_URL has none, and
how to give it; a wrong password keeps its wording. Real redis-server started with --requirepass."""
import pytest

from engine.queue.redis_streams import QueueSetupError, RedisQueue
from engine.queue.settings import QueueSettings
from tests.queue import test_submit_refused as refused
from tests.queue.test_redis import start_worker, stop

pytestmark = pytest.mark.slow

guarded = refused.guarded          # a fixture: a redis-server whose password is s3cret; its port


def worker_says(url: str) -> str:
    worker = start_worker(url, "w")
    try:
        assert worker.wait(60) == 2
    finally:
        stop([worker])
    return worker.stderr.read()


async def test_a_url_without_the_password_redis_needs_is_said_so(guarded):
    url = f"redis://127.0.0.1:{guarded}/0"
    err = worker_says(url)
    assert "needs a password and REDIS_URL has none" in err and "redis://:PASSWORD@host:port/0" in err, err
    assert "refused the credentials" not in err and "Traceback" not in err, err
    with pytest.raises(QueueSetupError, match="needs a password and REDIS_URL has none"):
        await RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url)).start()


async def test_a_wrong_password_keeps_its_wording(guarded):
    url = f"redis://:wrong-pw@127.0.0.1:{guarded}/0"
    err = worker_says(url)
    assert "refused the credentials in REDIS_URL" in err and "check the password" in err, err
    assert "needs a password" not in err and "wrong-pw" not in err, err
    with pytest.raises(QueueSetupError, match="refused the credentials") as raised:
        await RedisQueue(QueueSettings(queue_db=":memory:", redis_url=url)).start()
    assert "needs a password" not in str(raised.value)
