"""/설정 (/settings) listed the values but not how to change them: its last line names the
commands that do, in English and Korean."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang,command", [("en", "/settings"), ("ko", "/설정")])
async def test_settings_say_how_to_change_them(layer, lang, command):
    [text] = (await say(layer, command, locale=lang)).texts
    assert text.splitlines()[-1] == t(lang, "settings_change"), text
    for name in ("/setstyle", "/strength", "/keepcolors", "/size", "/lang"):
        assert name in text.splitlines()[-1], name


async def test_the_line_follows_the_values(layer):
    await say(layer, "/size large")
    lines = (await say(layer, "/settings")).texts[0].splitlines()
    assert lines[0] == "Your settings" and any("768 px" in line for line in lines[:-1]), lines
