"""RunStops asks Redis about a job at most every LOOK_EVERY seconds, the first time only once
that long has passed since the run took it: the engine asks before it paints, and each lone job
cost two round trips to Redis for nothing."""
from engine.queue import stops
from engine.queue.stops import LOOK_EVERY, RunStops


def test_a_job_just_taken_is_not_looked_up_at_once(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(stops.time, "monotonic", lambda: now[0])
    looked = []

    def look(job_id):
        looked.append(job_id)
        return job_id == "b"

    run = RunStops(["a", "b"], look)
    assert not run("a") and not run("b") and looked == []
    now[0] += LOOK_EVERY
    assert not run("a") and run("b") and looked == ["a", "b"]
    assert run("b") and looked == ["a", "b"]            # stopped for good, not asked again
    run.stop("a")
    assert run("a")
