"""/healthz (the queue's status) gave each lane's mean_seconds rounded to milliseconds but the
top-level one (the fast lane's) as 8.478064516129031. Both are rounded alike now."""
from engine.queue.memory import InProcessQueue
from engine.queue.process import ProcessQueue
from tests.queue.test_admission import no_workers

UNROUNDED = 8.478064516129031


def test_the_top_level_mean_seconds_is_rounded_as_the_lanes_are(tmp_path):
    q = ProcessQueue(no_workers(tmp_path))
    q.times.mean["fast"] = UNROUNDED
    status = q.status()
    assert status["mean_seconds"] == 8.478 == status["lanes"]["fast"]["mean_seconds"], status
    q.journal.close()


def test_the_in_memory_queue_rounds_it_too():
    q = InProcessQueue(lambda: None)
    q._times.mean["fast"] = UNROUNDED
    status = q.status()
    assert status["mean_seconds"] == 8.478 == status["lanes"]["fast"]["mean_seconds"], status
