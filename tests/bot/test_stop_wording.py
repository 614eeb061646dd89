"""Every text a stop tells users says the same thing, in both languages: the bot stops for a
moment, for a restart or maintenance. 26f3f0c made the waiting painting's line say so (the
operator may be stopping it for maintenance, not for "an update"), while a message turned away by
the same stop, or an album's rest, still said "I'm restarting for a moment (an update) ... in a
minute". Its own line said the photo is painted "as soon as it is back": the photo, read so."""
from __future__ import annotations

import pytest

from bot.messages import t

STOP_KEYS = {"busy_restarting": {}, "waiting_for_restart": {"style": "/style gogh"},
             "album_rest_restarting": {"n": 1, "first": 2, "count": 3}, "album_last_restarting": {"n": 1},
             "album_cut_off_restarting": {}}
SAYS = {"en": "a restart or maintenance", "ko": "재시작이나 점검으로"}
CLAIMS = {"en": ("update", "in a minute"), "ko": ("업데이트", "1분")}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", sorted(STOP_KEYS))
def test_each_stop_text_says_a_restart_or_maintenance(key, lang):
    text = t(lang, key, **STOP_KEYS[key])
    assert SAYS[lang] in text, text
    assert not any(claim in text for claim in CLAIMS[lang]), text     # neither its cause nor how long


def test_the_waiting_line_says_whose_return_it_waits_for():
    assert "as soon as the bot is back" in t("en", "waiting_for_restart", style="/style gogh")
    assert "봇이 돌아오는 대로" in t("ko", "waiting_for_restart", style="/style gogh")
