"""QA: "✅ 클로드 모네: 1초도 안 되는 시간 만에 완성했어요." was stiff: done's "{seconds} 만에" took
"under a second" as one more duration. A painting done in under a second has a sentence of its
own (done_under_second: "1초도 안 걸려 완성했어요"); from a second on "3.0초 만에 완성했어요" as
before. And a painting whose engine crashed went from "그리는 중… 52%" back to "곧 그리기
시작해요" with no word of why: StartedOver tells such a line (running_started_over)."""
import pytest

from bot.messages import t
from bot.status_wording import StartedOver, done_text
from engine.queue.base import JobStatus


@pytest.mark.parametrize("seconds", [0.0, 0.07, 0.5, 0.99])
def test_under_a_second_has_its_own_sentence(seconds):
    assert done_text("ko", "클로드 모네", seconds) == "✅ 클로드 모네: 1초도 안 걸려 완성했어요."
    assert done_text("en", "Claude Monet", seconds) == "✅ Claude Monet: done in under a second."


@pytest.mark.parametrize("seconds,ko,en", [(1.0, "1.0초 만에", "done in 1.0 s"), (3.04, "3.0초 만에", "done in 3.0 s"),
                                           (153.1, "2분 33초 만에", "done in 2 min 33 s")])
def test_a_second_and_more_as_before(seconds, ko, en):
    assert done_text("ko", "클로드 모네", seconds) == f"✅ 클로드 모네: {ko} 완성했어요."
    assert done_text("en", "Claude Monet", seconds) == f"✅ Claude Monet: {en}."


def test_no_korean_done_line_says_a_duration_before_man_e_that_is_no_number():
    assert "되는 시간 만에" not in done_text("ko", "모네", 0.07)
    assert t("ko", "done_under_second", style="모네") == "✅ 모네: 1초도 안 걸려 완성했어요."


def statuses(*states: str) -> list[JobStatus]:
    return [JobStatus("j", state, position=0, progress=0.52 if state == "running" else 0.0) for state in states]


def test_waiting_again_after_painting_is_started_over():
    seen = StartedOver()
    assert [seen.saw(st) for st in statuses("queued", "running", "queued", "queued", "running", "queued")] == \
        [False, False, True, True, False, True]


def test_waiting_before_any_painting_is_not():
    seen = StartedOver()
    assert [seen.saw(st) for st in statuses("queued", "queued")] == [False, False]
    assert not StartedOver().saw(JobStatus("j", "done"))


@pytest.mark.parametrize("lang,said", [("en", "restarting the painting after an engine hiccup"),
                                       ("ko", "엔진이 잠깐 멈춰서 다시 그리는 중")])
def test_the_started_over_line(lang, said):
    assert t(lang, "running_started_over", style="Monet") == f"🎨 Monet: {said}…"
