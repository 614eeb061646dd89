"""make_queue picks the backend named by QUEUE_BACKEND."""
import pytest

from engine.queue import make_queue
from engine.queue.memory import InProcessQueue
from engine.queue.process import ProcessQueue
from engine.queue.redis_streams import RedisQueue
from engine.queue.settings import QueueSettings


def test_make_queue_backends(tmp_path, monkeypatch):
    db = str(tmp_path / "q.sqlite3")
    assert isinstance(make_queue(QueueSettings(queue_backend="memory")), InProcessQueue)
    assert isinstance(make_queue(QueueSettings(queue_backend="process", queue_db=db)), ProcessQueue)
    assert isinstance(make_queue(QueueSettings(queue_backend="redis", queue_db=db)), RedisQueue)
    monkeypatch.setenv("QUEUE_BACKEND", "memory")
    assert isinstance(make_queue(), InProcessQueue)
    monkeypatch.setenv("QUEUE_BACKEND", "nope")
    with pytest.raises(Exception):
        make_queue()
