"""Durations from a minute on: "153.1초 만에 완성했어요" and /상태's "약 153.0초" are said in minutes
and seconds now ("2분 33초", "2 min 33 s"); under a minute as before. One helper for both
languages, chat.duration_text, serves the done line, /status and the waiting lines."""
import pytest

from bot.chat import duration_text
from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("seconds,en,ko", [
    (153.1, "2 min 33 s", "2분 33초"), (60, "1 min", "1분"), (120.2, "2 min", "2분"), (59.4, "59.4 s", "59.4초"),
    (12.0, "12.0 s", "12.0초"), (0.04, "under a second", "1초도 안 되는 시간"), (3725, "1 h 2 min", "1시간 2분"),
])
def test_duration_text(seconds, en, ko):
    assert duration_text("en", seconds) == en and duration_text("ko", seconds) == ko


def test_an_estimate_is_whole_seconds():
    assert duration_text("ko", 7, whole=True) == "7초" and duration_text("en", 150, whole=True) == "2 min 30 s"


def test_the_done_line_in_minutes(layer):
    from engine.jobs import Job, JobResult
    job = Job(user_id="tg:1", chat_id="tg:1", image=b"", styles=[])
    done = JobResult(job.id, True, image=b"painting")
    assert layer.outcome_text("ko", "클로드 모네", done, 153.1, job) == "✅ 클로드 모네: 2분 33초 만에 완성했어요."
    assert layer.outcome_text("en", "Claude Monet", done, 153.1, job) == "✅ Claude Monet: done in 2 min 33 s."
    assert layer.outcome_text("ko", "클로드 모네", done, 12.34, job) == "✅ 클로드 모네: 12.3초 만에 완성했어요."


@pytest.mark.parametrize("lang,said", [("ko", "한 장에 약 2분 30초 걸려요"), ("en", "a painting takes about 2 min 30 s.")])
async def test_status_in_minutes(layer, fake_queue, lang, said):
    fake_queue.status = lambda: {"waiting": 0, "running": 0, "mean_seconds": 150.0}
    text = (await say(layer, "/상태" if lang == "ko" else "/status", locale=lang)).texts[0]
    assert said in text, text
    fake_queue.status = lambda: {"waiting": 0, "running": 0, "mean_seconds": 4.0}
    text = (await say(layer, "/status", locale=lang, user="tg:2")).texts[0]
    assert t(lang, "duration_seconds", seconds="4.0") in text, text


async def test_the_waiting_lines_in_minutes(settings, store, photo):
    from bot.commands import CommandLayer

    from tests.bot.test_wait_estimate import TimedQueue, first_line

    layer = CommandLayer(settings, store, TimedQueue())          # an hq painting typically 120 s
    for lang, said in (("en", "(about 2 min)"), ("ko", "(약 2분)")):
        line = await first_line(layer, "/hq gogh", photo, lang)
        assert line == t(lang, "starting", style=layer.catalog.get("gogh").name(lang), eta=duration_text(lang, 120))
        assert line.endswith(said), line


async def test_the_line_waiting_in_line_in_minutes(settings, store, photo):
    from bot.commands import CommandLayer

    from tests.bot.test_wait_estimate import TimedQueue, first_line

    layer = CommandLayer(settings, store, TimedQueue(busy={"hq"}))
    line = await first_line(layer, "/hq gogh", photo, "ko")
    assert "1번째, 약 2분)" in line, line
