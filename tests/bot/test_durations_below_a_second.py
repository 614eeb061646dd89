"""A painting done on a GPU in 0.07 s said "done in about 0.07 s" / "0.07초", an estimate below
half a second "about 0 s". Below a second a done-in time is "under a second" ("1초도 안 되는
시간"), and a line that says "about" already (an estimate, /status) says 1 s."""
import pytest

from bot.chat import duration_text
from bot.messages import t


@pytest.mark.parametrize("seconds", [0.07, 0.004, 0.5, 0.99, 0.0])
def test_a_done_in_time_below_a_second(seconds):
    assert duration_text("en", seconds) == "under a second"
    assert duration_text("ko", seconds) == "1초도 안 되는 시간"


@pytest.mark.parametrize("seconds", [0.07, 0.3, 0.99])
def test_an_estimate_below_a_second_is_one_second(seconds):
    assert duration_text("en", seconds, whole=True) == "1 s" and duration_text("ko", seconds, whole=True) == "1초"
    assert duration_text("en", seconds, about=True) == "1 s" and duration_text("ko", seconds, about=True) == "1초"


def test_the_done_line_reads():
    assert t("en", "done", style="Monet", seconds=duration_text("en", 0.07)) == "✅ Monet: done in under a second."


def test_a_second_and_more_as_before():
    assert duration_text("en", 1.0) == "1.0 s" and duration_text("ko", 12.0) == "12.0초"
    assert duration_text("en", 1.2, whole=True) == "1 s"


async def test_status_says_about_one_second(layer, fake_queue):
    from tests.bot.test_commands import say
    fake_queue.status = lambda: {"waiting": 0, "running": 0, "mean_seconds": 0.07}
    text = (await say(layer, "/status")).texts[0]
    assert "about 1 s." in text and "0.07" not in text, text
