"""/강하게 and /약하게 (without 더) were answered "모르는 명령어예요. 혹시 /더강하게…": they are the
same commands as /더강하게 and /더약하게 now."""
import pytest

from bot.commands import KOREAN_ALIASES

from tests.bot.test_commands import say


@pytest.mark.parametrize("word,english", [("강하게", "stronger"), ("약하게", "weaker")])
def test_the_words_without_더_are_aliases(word, english):
    assert KOREAN_ALIASES[word] == english


async def test_강하게_and_약하게_repaint_the_last_painting(layer, fake_queue, photo):
    await say(layer, "/스타일 고흐 0.5", images=[photo], locale="ko")
    out = await say(layer, "/강하게", locale="ko")
    assert fake_queue.jobs[-1].alpha == pytest.approx(0.75), out.texts
    assert not any("모르는 명령어" in text for text in out.texts)
    out = await say(layer, "/약하게", locale="ko")
    assert fake_queue.jobs[-1].alpha == pytest.approx(0.5), out.texts
