"""Review of d2895df: /strength's reply says the strength as a percentage now ("Strength set to
0% ..."), and its note for 0 went on "At 0 your paintings ...": the same setting said two ways in
one reply. The note says 0% (strength_zero_percent), in English and Korean, whichever way the
0 was typed."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("text,lang", [("/strength 0", "en"), ("/strength 0%", "en"), ("/강도 0", "ko"),
                                       ("/setstyle gogh 0", "en")])
async def test_strength_zero_is_said_as_a_percentage_throughout(layer, text, lang):
    out = await say(layer, text, locale=lang)
    assert out.texts[-1] == t(lang, "strength_done_percent", percent="0%") + " " + t(lang, "strength_zero_percent")
    assert t(lang, "strength_zero") not in out.texts[-1]
