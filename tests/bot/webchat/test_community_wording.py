"""The web chat's styles are its page's, one "community" of everybody using that web chat: its
/addstyle said "for this community" / "이 커뮤니티 전용" and /communitystyles "Community styles
here" (and its cap "This community has 50 styles"), words for a Telegram group or a Discord
server. They say the web chat now; a group still says community."""
import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

WEB = dict(chat="web:a", community="web:local", user="web:a", mentioned=True)
GROUP = dict(chat="tg:-100", community="tg:-100", user="tg:7", mentioned=True)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_web_chat_says_its_styles_are_the_web_chats(layer, lang):
    empty = await say(layer, "/communitystyles", locale=lang, **WEB)
    assert empty.texts == [t(lang, "web_community_none")]
    out = await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=2)], admin=True, locale=lang, **WEB)
    assert t(lang, "web_scope_community") in out.texts[0] and t(lang, "scope_community") not in out.texts[0]
    listing = (await say(layer, "/communitystyles", locale=lang, **WEB)).texts[0].splitlines()
    assert listing[0] == t(lang, "web_community_header", count=1)
    assert listing[1].endswith(t(lang, "web_scope_community"))
    for text in (*out.texts, *listing, *empty.texts):
        assert "community" not in text.casefold() and "커뮤니티" not in text


async def test_a_group_still_says_community(layer):
    assert (await say(layer, "/communitystyles", **GROUP)).texts == [t("en", "community_none")]
    out = await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=2)], admin=True, **GROUP)
    assert t("en", "scope_community") in out.texts[0]
    listing = (await say(layer, "/communitystyles", **GROUP)).texts[0].splitlines()
    assert listing[0] == t("en", "community_header", count=1) and listing[1].endswith(t("en", "scope_community"))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_web_chats_cap_is_the_web_chats(layer, settings, lang):
    settings.MAX_STYLES_PER_COMMUNITY = 1
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=2)], admin=True, **WEB)
    out = await say(layer, "/addstyle Wash", images=[make_photo(80, 80, seed=3)], admin=True, locale=lang, **WEB)
    assert out.texts == [t(lang, "web_addstyle_limit", count=1, limit=1)]
    assert "community" not in out.texts[0].casefold() and "커뮤니티" not in out.texts[0]
