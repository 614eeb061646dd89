"""arrival_times.held_before: the wait a message's own date tells (Telegram's, for a message held
while the bot was down), with the clocks' drift and bad dates counting nothing."""
from datetime import datetime, timedelta, timezone

import pytest

from bot.arrival_times import HELD_FROM_S, held_before

NOW = datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("sent,waited", [
    (NOW - timedelta(seconds=150), 150.0),
    (NOW - timedelta(hours=5), 5 * 3600.0),                 # (arrive's wait_taken bounds it)
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
