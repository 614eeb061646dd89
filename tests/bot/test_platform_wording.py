"""A front-end's own wording of a command-layer text (bot.preference_commands.platform_key): the
platform's key where bot/messages has one, else the common key; /settings and /forgetme use it."""
import pytest

from bot.messages import t
from bot.preference_commands import platform_key

from tests.bot.test_commands import req, say


@pytest.mark.parametrize("user,key,chosen", [
    ("dc:1", "settings_change", "dc_settings_change"),   # Discord's options ("/strength value:0.6")
    ("web:1", "settings_change", "settings_change"),     # no web_ wording: the common one
    ("tg:1", "settings_change", "settings_change"),
    ("web:1", "forget_confirm", "web_forget_confirm"),
    ("web:1", "forgot", "web_forgot"),
    ("dc:1", "forgot", "forgot"),                        # no dc_forgot
    ("tg:1", "forget_confirm", "forget_confirm")])
def test_a_platforms_own_key_else_the_common_one(user, key, chosen):
    assert platform_key(req("/settings", user=user), key) == chosen


@pytest.mark.parametrize("user,confirm,forgot", [
    ("web:9", "web_forget_confirm", "web_forgot"),
    ("dc:9", "forget_confirm", "forgot"),
    ("tg:9", "forget_confirm", "forgot")])
async def test_forgetme_says_each_platforms_words(layer, user, confirm, forgot):
    assert (await say(layer, "/forgetme", user=user)).texts == [t("en", confirm)]
    assert (await say(layer, "/forgetme yes", user=user)).texts == [t("en", forgot)]


@pytest.mark.parametrize("user,key", [("dc:9", "dc_settings_change"), ("web:9", "settings_change")])
async def test_settings_ends_with_each_platforms_how_to(layer, user, key):
    [text] = (await say(layer, "/settings", user=user)).texts
    assert text.splitlines()[-1] == t("en", key)
