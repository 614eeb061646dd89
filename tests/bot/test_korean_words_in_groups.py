"""Korean command words in a group where the bot is not addressed: "/시작", "/도움말", "/설정",
"/취소", "/목록" were nobody's commands for this bot before a80242c (no answer: other bots of the
group use these everyday words); since then /시작 and /도움말 posted the long welcome or help into
the group, and /취소 cancelled the user's paintings. They run there now only when the bot is
addressed (@paintbot, a reply to it); the painting words (/스타일 고흐, /고화질, /섞기, /미리보기,
/더강하게, /더약하게), which name this bot's own work, run as the Latin commands do."""
import pytest

from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100")


@pytest.mark.parametrize("text", ["/시작", "/도움말", "/설정", "/취소", "/목록", "/상태", "/언어 en", "/기록삭제"])
async def test_an_everyday_korean_word_is_not_answered_in_a_group_unless_addressed(layer, fake_queue, text):
    out = await say(layer, text, locale="ko", **GROUP)
    assert out.sent == [], out.texts
    addressed = await say(layer, text, locale="ko", mentioned=True, **GROUP)
    assert addressed.sent, text


async def test_the_parsed_request_is_not_ours_so_its_photo_is_not_fetched(layer):
    from tests.bot.test_commands import req
    request = req("/도움말", locale="ko", **GROUP)
    assert layer.ignores(request, layer.parse(request))


async def test_korean_painting_words_still_paint_in_a_group(layer, fake_queue, photo):
    out = await say(layer, "/스타일 고흐", images=[photo], locale="ko", **GROUP)
    assert len(fake_queue.jobs) == 1, out.texts


async def test_latin_help_in_a_group_is_unchanged(layer):
    out = await say(layer, "/help", locale="ko", **GROUP)
    assert out.texts and out.texts[0] == (await say(layer, "/help", locale="ko")).texts[0]
