"""What a job's status line says where one template and one status are not enough: a painting
done in under a second (Korean words it otherwise: "3초 만에 완성했어요" but "1초도 안 걸려
완성했어요", not "1초도 안 되는 시간 만에"), a painting with its time left or in its last
seconds (bot/time_left.py), a painting started over after its engine crashed (the line
jumped from "painting… 52%" back to "starting…" with no word of why), and a wait behind a painting
that runs long (time_left.WaitLeft)."""
from __future__ import annotations

from .chat import duration_text
from .messages import t
from .time_left import AHEAD_OVERRAN, ALMOST_DONE


def done_text(lang: str, style: str, seconds: float) -> str:
    """The line of a finished painting: "✅ Claude Monet: done in 3.2 s."."""
    if 0 <= seconds < 1:
        return t(lang, "done_under_second", style=style)
    return t(lang, "done", style=style, seconds=duration_text(lang, seconds))


def running_text(lang: str, style: str, percent: int, left: float | None) -> str:
    """A painting's line: "painting… 40%", with the time left its pace says (TimeLeft: None for
    none) "(about 40 s left)", in its last seconds "(almost done)"."""
    if left is None:
        return t(lang, "running", style=style, percent=percent)
    if left <= ALMOST_DONE:
        return t(lang, "running_almost_done", style=style, percent=percent)
    return t(lang, "running_time_left", style=style, percent=percent, left=duration_text(lang, left, whole=True))


def ahead_overran_text(lang: str, style: str, st) -> str | None:
    """A waiting job's line while the painting ahead runs past its typical time (WaitLeft marked it
    AHEAD_OVERRAN): no time, which only crept up 5 s at a time; None for any other status."""
    if getattr(st, "waiting_for", None) != AHEAD_OVERRAN:
        return None
    if not st.position:
        return t(lang, "queued_next_ahead_overran", style=style)
    return t(lang, "queued_ahead_overran", style=style, position=st.position + 1)


class StartedOver:
    """Follows one job's statuses: whether its painting started over, that is the queue has it
    waiting again after it was painting (its worker crashed: the job is retried from the start;
    the queue's status has no count of tries to say so)."""

    def __init__(self) -> None:
        self.painted = False

    def saw(self, st) -> bool:
        """Notes the status ``st``; True while the job waits again after it was painting."""
        if st.state == "running":
            self.painted = True
            return False
        return self.painted and st.state == "queued"
