"""The in-process queue (QUEUE_BACKEND=memory) keeps no journal: a stop used to cancel its loop and
leave every wait hanging until the process exited, the users' lines at "queued"/"painting" for
good. Now the painting under way may finish, the others end as refused for the restart, and
jobs sent during the stop are refused the same way."""
import asyncio

from engine.queue import memory
from engine.queue.memory import InProcessQueue
from tests.queue.conftest import make_job
from tests.queue.fakes import FakeEngine


def restarting(result) -> bool:
    return (not result.ok and result.error_key == "busy"
            and result.error_params.get("reason") == "stopping")


async def test_a_stop_lets_the_running_painting_finish_and_refuses_the_waiting_ones():
    q = InProcessQueue(FakeEngine)
    await q.start()
    running, waiting = make_job("a", "sleep:0.5"), make_job("b")
    await q.submit(running)
    await q.submit(waiting)
    waits = [asyncio.ensure_future(q.wait(j.id)) for j in (running, waiting)]
    for _ in range(100):
        if q.status()["running"]:
            break
        await asyncio.sleep(0.02)
    await q.stop()
    assert all(w.done() for w in waits)                 # told before the stop returned
    ran, held = [w.result() for w in waits]
    assert ran.ok
    assert restarting(held)
    late = make_job("c")
    assert (await q.submit(late)).state == "failed"
    assert restarting(await q.wait(late.id))


async def test_a_painting_that_outlasts_the_drain_is_cancelled(monkeypatch):
    monkeypatch.setattr(memory, "DRAIN_S", 0.2)
    q = InProcessQueue(FakeEngine)
    await q.start()
    job = make_job("a", "sleep:30")
    await q.submit(job)
    follow = asyncio.ensure_future(q.wait(job.id))
    for _ in range(100):
        if q.status()["running"]:
            break
        await asyncio.sleep(0.02)
    await asyncio.wait_for(q.stop(), 10)
    result = follow.result()
    assert not result.ok and result.error_key in ("cancelled", "busy")


async def test_the_stop_line_does_not_promise_a_journal_the_in_process_queue_lacks():
    from bot.__main__ import drain_note

    q = InProcessQueue(FakeEngine)
    await q.start()
    try:
        for user in ("a", "b"):
            await q.submit(make_job(user, "sleep:1"))
        await asyncio.sleep(0.1)
        note = drain_note(q)
        assert "journal for the next start" not in note and "1 waiting job(s) are refused" in note
    finally:
        await q.stop()
