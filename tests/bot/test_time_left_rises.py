"""A running painting's time left goes up only after a sustained slowdown (RAISE_AFTER_S): on a
loaded machine a /hq read "12% (about 2 min 30 s left)", "22% (2 min 30 s)", "30% (2 min 45 s)",
a short slowdown raising it and its end bringing it down again (QA). It still follows its pace."""
from bot.time_left import TimeLeft
from engine.queue.base import JobStatus


def said_along(steps):
    """The times left TimeLeft says for statuses (seconds since the last one, progress)."""
    time_left, now, said = TimeLeft(), 0.0, []
    for dt, progress in steps:
        now += dt
        said.append(time_left.saw(JobStatus("j", "running", progress=progress), now))
    return said


def paced(seconds_per_percent):
    """1% each 1.5 s to 20% (about 2 min left), then (seconds per 1%, how many) in turn."""
    steps = [(0.0, 0.0)] + [(1.5, p / 100) for p in range(1, 21)]
    p = 20
    for dt, n in seconds_per_percent:
        for _ in range(n):
            p += 1
            steps.append((dt, p / 100))
    return steps


def test_a_short_slowdown_does_not_raise_the_time_left():
    # 8-9 s slower for two or three statuses; one status 10 or 14 s late, two 5-7 s apart, four 4 s
    # apart: each stays in the pace counted (RECENT_S) after it is over, and raised the time left
    # 15 s on, its statuses back at their old pace
    for slow in [(4.0, 2), (3.0, 3), (10.0, 1), (14.0, 1), (5.0, 2), (7.0, 2), (4.0, 4)]:
        said = [s for s in said_along(paced([slow, (1.5, 39)])) if s is not None]
        assert said and max(said) == said[0], (slow, said)
        assert said == sorted(said, reverse=True), (slow, said)     # it only counts down


def test_a_sustained_slowdown_raises_it_once_not_step_by_step():
    said = [s for s in said_along(paced([(4.0, 39)])) if s is not None]
    rises = [b for a, b in zip(said, said[1:]) if b > a]
    assert rises and max(said) >= 180, said          # its pace's time: 1% each 4 s, 80% to go
    assert len(rises) == 1, said                     # (it went 135, 165, 180, 240 s)
