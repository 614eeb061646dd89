"""/help in Korean named no Korean command: the commands' Korean names (/도움말, /스타일, /취소,
bot.commands.KOREAN_ALIASES) could not be found. It lists them now, each a name that runs."""
import re

from bot.commands import KOREAN_ALIASES

from tests.bot.test_commands import say


async def test_korean_help_names_the_korean_commands(layer):
    text = (await say(layer, "/help", locale="ko")).texts[0]
    words = re.findall(r"/([가-힣]+)", text)
    for word in ("도움말", "스타일", "취소", "설정", "상태", "화가목록"):
        assert word in words, text
    # each of them runs, but "/화가이름" (an artist's name: /monet), as English's "/ARTIST"
    assert all(word in KOREAN_ALIASES for word in words if word != "화가이름"), words
    assert "/화가 " not in text                                        # /화가 lists the artists now
    english = (await say(layer, "/help", locale="en")).texts[0]      # (an English phone's Korean user)
    assert "/도움말" in english and "/스타일" in english
