"""Review of /settings' how-to line (76ce3ce): on Discord it said "/strength 60%" and
"/keepcolors on", which Discord's commands refuse (strength takes a number from 0 to 1, keepcolors
True or False: options, not words after the command). On Discord the line names the options."""
import pytest

from bot.messages import t

from tests.bot.test_commands import say


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_discords_settings_name_its_options(layer, lang):
    [said] = (await say(layer, "/settings", user="dc:5", locale=lang)).texts
    assert said.endswith(t(lang, "dc_settings_change")), said
    assert "value:0.6" in said and "on:True" in said and "60%" not in said, said


@pytest.mark.parametrize("platform", ["tg", "web"])
async def test_elsewhere_the_commands_take_words(layer, platform):
    [said] = (await say(layer, "/settings", user=f"{platform}:5")).texts
    assert said.endswith(t("en", "settings_change")), said
