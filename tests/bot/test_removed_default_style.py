"""After "/setstyle golden age" and "/removestyle golden_age", /settings still said "default
artist: Golden Age", the removal said nothing of it being someone's default, and "/golden_age"
was "I don't know the command". Now /settings says the default is not available (and what a photo
gets instead), the removal says its users go back to the artist buttons, and "/golden_age" says
the style was removed."""
import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

GROUP = dict(chat="tg:-100", community="tg:-100", mentioned=True)
ADMIN = dict(GROUP, admin=True, user="tg:7")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_removed_default_is_said_gone(layer, store, lang):
    await say(layer, "/addstyle Golden Age", images=[make_photo(80, 80, seed=2)], **ADMIN)
    await say(layer, "/setstyle golden age", user="tg:8", **GROUP)
    out = await say(layer, "/removestyle golden_age", locale=lang, **ADMIN)
    assert out.texts == [t(lang, "removestyle_done", name="Golden Age") + " " + t(lang, "removestyle_was_default")]
    settings = (await say(layer, "/settings", user="tg:8", locale=lang, **GROUP)).texts[0]
    assert t(lang, "settings_default_gone", name="Golden Age") in settings
    gone = await say(layer, "/golden_age", user="tg:8", locale=lang, **GROUP)
    assert gone.texts == [t(lang, "style_gone", name="Golden Age")]


async def test_a_style_nobody_had_as_default_is_removed_plainly(layer, store):
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=3)], **ADMIN)
    out = await say(layer, "/removestyle ink", **ADMIN)
    assert out.texts == [t("en", "removestyle_done", name="Ink")]


async def test_another_communitys_removed_style_is_still_an_unknown_command(layer, store):
    await say(layer, "/addstyle Ink", images=[make_photo(80, 80, seed=3)], **ADMIN)
    await say(layer, "/removestyle ink", **ADMIN)
    out = await say(layer, "/ink", user="tg:9", chat="tg:-200", community="tg:-200", mentioned=True)
    assert out.texts and t("en", "style_gone", name="Ink") not in out.texts


async def test_a_forgotten_users_own_style_is_not_remembered(layer, store):
    await say(layer, "/addstyle mine", images=[make_photo(80, 80, seed=4)], user="tg:42")
    await say(layer, "/removestyle mine", user="tg:42")
    assert store.removed_style("tg:42", "mine") is not None
    await say(layer, "/forgetme yes tg:42", user="tg:42")
    assert store.removed_style("tg:42", "mine") is None        # its name was the user's data


async def test_a_settings_default_still_there_is_its_name(layer, store):
    await say(layer, "/setstyle monet")
    text = (await say(layer, "/settings")).texts[0]
    assert "Claude Monet" in text and t("en", "settings_default_gone", name="monet") not in text
