"""/forgetme on the web chat asked about "styles added in a group or in the web chat" and "a
private chat with me": the web chat has no groups and no private chat beside it. Its question
and answer are the web chat's own now; Telegram and Discord keep theirs."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_web_chat_asks_without_groups(layer, lang):
    out = await say(layer, "/forgetme", user="web:abc", locale=lang)
    [text] = out.texts
    assert text == t(lang, "web_forget_confirm")
    assert not any(word in text for word in ("group", "private", "그룹", "1:1")), text
    [[button, _no]] = out.sent[-1].buttons
    assert button.command == "/forgetme yes web:abc"
    out = await say(layer, button.command, user="web:abc", locale=lang)
    assert out.texts == [t(lang, "web_forgot")]


async def test_telegram_keeps_its_words(layer):
    assert (await say(layer, "/forgetme", user="tg:5")).texts == [t("en", "forget_confirm")]
    assert (await say(layer, "/forgetme yes", user="tg:5")).texts == [t("en", "forgot")]
