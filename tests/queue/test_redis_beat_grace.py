"""REDIS_BEAT_GRACE: how long a silent worker keeps its jobs and how long Redis must answer before a
worker takes any over. 8 s (BEAT_GRACE) unless set; the take-over tests set 3 s so that each dead
worker costs them 3 s, not 8, and this file checks that the setting is the one the worker obeys."""
import logging
import time

import pytest
from pydantic import ValidationError

from engine.queue.redis_streams import BEAT_GRACE, SteadyLink
from engine.queue.settings import QueueSettings


def test_the_grace_is_beat_grace_unless_set(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)                         # no .env of the checkout
    monkeypatch.delenv("REDIS_BEAT_GRACE", raising=False)
    assert QueueSettings(_env_file=None).redis_beat_grace == BEAT_GRACE == 8.0
    monkeypatch.setenv("REDIS_BEAT_GRACE", "3")
    assert QueueSettings(_env_file=None).redis_beat_grace == 3.0
    for bad in ("0", "-1", "inf"):
        monkeypatch.setenv("REDIS_BEAT_GRACE", bad)
        with pytest.raises(ValidationError):
            QueueSettings(_env_file=None)


@pytest.mark.parametrize("grace", [3.0, BEAT_GRACE])
def test_redis_is_steady_once_it_answered_for_the_grace(grace):
    link = SteadyLink("redis://127.0.0.1:1/0", logging.getLogger("test"), grace)
    link.up = False
    link.ok()
    now = time.monotonic()
    assert not link.steady(now + grace - 0.5)
    assert link.steady(now + grace + 0.5)
