"""The fair scheduler on its own: round robin over users, positions, re-queue at the front."""
from engine.queue.scheduler import FairScheduler, Lane, ServiceTimes


def test_round_robin_between_users():
    lane = Lane()
    for i in range(20):
        lane.push("heavy", f"h{i}")
    lane.push("light", "l0")
    order = [lane.pop() for _ in range(21)]
    assert order.index("l0") <= 2           # behind the first two, each told its place (TOLD_PER_USER)
    assert sorted(order) == sorted([f"h{i}" for i in range(20)] + ["l0"])


def test_position_matches_pop_order():
    lane = Lane()
    jobs = [("a", "a0"), ("a", "a1"), ("a", "a2"), ("b", "b0"), ("c", "c0"), ("c", "c1"), ("b", "b1")]
    for user, job in jobs:
        lane.push(user, job)
    positions = {job: lane.position(job) for _, job in jobs}
    order = [lane.pop() for _ in jobs]
    assert {job: order.index(job) for _, job in jobs} == positions


def test_requeue_goes_first_and_remove():
    s = FairScheduler()
    s.push("fast", "a", "a0")
    s.push("fast", "b", "b0")
    s.push("fast", "b", "b1", front=True)
    assert s.position("b1") == 0
    assert s.remove("a0") and not s.remove("a0")
    assert s.pop("fast") == "b1" and s.pop("fast") == "b0" and s.pop("fast") is None
    assert s.waiting() == 0


def test_service_times_follow_measurements():
    t = ServiceTimes()
    t.add("fast", 1.0)
    assert t.mean["fast"] == 1.0
    t.add("fast", 2.0)
    assert 1.0 < t.mean["fast"] < 2.0
