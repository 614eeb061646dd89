"""A strength out of range is said as one: "“150%” is not a number between 0 and 1 (or 0–100%)"
(Korean the same) said neither that it was the strength nor that 100% is the most. Now: too high,
below 0, or no number, each with the range and what its end means. QA report s22, finding 8."""
from __future__ import annotations

import pytest

from bot.messages import t
from tests.bot.test_commands import say


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("ko", "ko-KR")])
async def test_a_strength_too_high_says_it_is_the_strength_and_where_it_ends(layer, fake_queue, photo, lang, locale):
    out = await say(layer, "/style gogh 150%", images=[photo], locale=locale)
    assert not fake_queue.jobs
    [text] = out.texts
    assert text == {"en": "The strength “150%” is too high: give 0–100% (or 0–1); 100% is the full painting.",
                    "ko": "강도가 너무 높아요 (“150%”). 0~100%(또는 0~1)로 적어 주세요. 100%가 완전한 그림이에요."}[lang]


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("ko", "ko-KR")])
async def test_a_strength_below_zero_or_no_number_is_said_as_such(layer, lang, locale):
    below = await say(layer, "/strength -20%", locale=locale, user=f"tg:{lang}1")
    assert below.texts == [t(lang, "strength_below_zero", value="-20%")]
    assert {"en": "below 0", "ko": "0보다 낮을 수 없어요"}[lang] in below.texts[0]
    word = await say(layer, "/strength strong", locale=locale, user=f"tg:{lang}2")
    assert word.texts == [t(lang, "not_a_strength", value="strong")]
    assert {"en": "is not a strength", "ko": "강도로 읽을 수 없어요"}[lang] in word.texts[0]
    for text in below.texts + word.texts:
        assert "0–100%" in text or "0~100%" in text


@pytest.mark.parametrize("lang,locale", [("en", "en-US"), ("ko", "ko-KR")])
async def test_a_percentage_without_its_sign_is_told_to_add_it(layer, fake_queue, photo, lang, locale):
    """"/style gogh 7.5": a bare number is a percentage only when whole, so 7.5 is read out of 1.
    "too high: give 0–100%" named a range that holds 7.5; the reply says to add the % sign."""
    out = await say(layer, "/style gogh 7.5", images=[photo], locale=locale)
    assert not fake_queue.jobs
    assert out.texts == [{"en": "The strength “7.5” is more than 1: for a percentage, add the % sign (“7.5%”), "
                                "or give a number from 0 to 1.",
                          "ko": "강도가 1보다 커요 (“7.5”). 퍼센트라면 “7.5%”처럼 %를 붙이고, 아니면 0~1 사이의 숫자로 "
                                "적어 주세요."}[lang]]
    await say(layer, "/style gogh 7.5%", images=[photo], locale=locale)       # as it says: painted
    assert [job.alpha for job in fake_queue.jobs] == [0.075]
