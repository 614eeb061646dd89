"""arrival_times.held_before: the wait a message's own date tells (Telegram's, for a message held
while the bot was down), with the clocks' drift and bad dates counting nothing."""
from datetime import datetime, timedelta, timezone

import pytest

from bot.arrival_times import HELD_FROM_S, HELD_MOST_S, WAITED_BEFORE_MOST_S, ArrivalTimes, held_before

NOW = datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("sent,waited", [
    (NOW - timedelta(seconds=150), 150.0),
    (NOW - timedelta(hours=5), 5 * 3600.0),                 # (Telegram holds a message up to 24 h)
    (NOW - timedelta(seconds=HELD_MOST_S), HELD_MOST_S),
    (NOW - timedelta(seconds=HELD_MOST_S + 1), 0.0),        # no hold: a clock far off, as one ahead
    (NOW - timedelta(days=400), 0.0),
    ((NOW - timedelta(seconds=90)).replace(tzinfo=None), 90.0),     # no zone: UTC, as Telegram's
    (NOW.astimezone(timezone(timedelta(hours=9))) - timedelta(seconds=60), 60.0),    # any zone
    (NOW - timedelta(seconds=HELD_FROM_S - 1), 0.0),        # a date's rounding, the clocks' drift
    (NOW + timedelta(seconds=30), 0.0),                     # ahead of the bot's clock
    (NOW + timedelta(days=400), 0.0),
    (None, 0.0), ("2026-12-07", 0.0), (1765126800, 0.0),    # no date
])
def test_the_wait_a_date_tells(sent, waited):
    assert held_before(sent, now=NOW) == waited


def test_without_a_now_it_is_the_clocks():
    assert 149 <= held_before(datetime.now(timezone.utc) - timedelta(seconds=150)) <= 151


def test_a_date_counts_its_whole_wait_where_a_told_one_is_bounded():
    """A web page's told wait (waited_before, a claim) counts 10 min at most; a platform's own date
    (``sent``, Telegram's server's) its whole wait: held 5 h, it said "done in 10 min"."""
    now = [10_000_000.0]
    arrivals = ArrivalTimes(clock=lambda: now[0])
    arrivals.note(1, sent=datetime.now(timezone.utc) - timedelta(hours=5))
    arrivals.note(2, waited_before=5 * 3600.0)
    arrivals.note(3, waited_before=30.0, sent=datetime.now(timezone.utc) - timedelta(seconds=90))
    arrivals.note(4, sent=datetime.now(timezone.utc) + timedelta(hours=1))
    assert 5 * 3600 - 2 <= now[0] - arrivals.claim(1) <= 5 * 3600 + 2
    assert now[0] - arrivals.claim(2) == WAITED_BEFORE_MOST_S
    assert 89 <= now[0] - arrivals.claim(3) <= 92          # the longer of the two
    assert now[0] - arrivals.claim(4) == 0.0
