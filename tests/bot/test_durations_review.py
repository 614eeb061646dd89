"""Review of the durations in minutes (48eaea0): chat.duration_text raised on a time that is no
number (round(inf), round(nan)) where seconds_text had said it, so a queue whose mean is NaN broke
/status; an hour's wait read "62 min 5 s"; and round()'s halves to even said 60.5 s as "1 min"
but 61.5 s as "1 min 2 s"."""
import math

import pytest

from bot.chat import duration_text

from tests.bot.test_commands import say


@pytest.mark.parametrize("seconds", [math.inf, math.nan])
@pytest.mark.parametrize("whole", [False, True])
def test_a_time_that_is_no_number_is_said_not_raised(seconds, whole):
    for lang in ("en", "ko"):
        assert duration_text(lang, seconds, whole)


async def test_status_with_a_mean_that_is_no_number_answers(layer, fake_queue):
    fake_queue.status = lambda: {"waiting": 0, "running": 0, "mean_seconds": math.nan}
    out = await say(layer, "/status")
    assert out.texts and out.texts[0].startswith("Queue:"), out.texts


@pytest.mark.parametrize("seconds,en,ko", [
    (3600, "1 h", "1시간"), (3725, "1 h 2 min", "1시간 2분"), (7384, "2 h 3 min", "2시간 3분"), (3599.4, "59 min 59 s", "59분 59초"),
    (3599.6, "1 h", "1시간"),
])
def test_from_an_hour_on_in_hours_and_minutes(seconds, en, ko):
    assert (duration_text("en", seconds), duration_text("ko", seconds)) == (en, ko)


@pytest.mark.parametrize("seconds,said", [(59.5, "1 min"), (60.5, "1 min 1 s"), (61.5, "1 min 2 s"), (120.5, "2 min 1 s"),
                                          (59.4, "59.4 s"), (-3, "-3.0 s")])
def test_halves_round_up_the_same_each_minute(seconds, said):
    assert duration_text("en", seconds) == said
