"""The web chat with WEB_ADMIN=false refused /addstyle with "only this community's admins can
change its styles": a web chat has no admins but the bot's operators, and nothing said how to become
one (ADMIN_USER_IDS=web:<id>), nor showed the id, which is seen nowhere else. Its own words now
give both; Telegram's and Discord's stay as they were."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.test_commands import say

WEB = dict(chat="web:local", community="web:local")         # as bot/webchat builds its requests


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_web_refusal_says_how_to_become_an_operator_with_the_users_id(layer, lang):
    out = await say(layer, "/addstyle Ink", images=[make_photo(90, 90, seed=5)], user="web:a1b2-C3", admin=False,
                    locale=lang, **WEB)
    assert out.texts == [t(lang, "web_not_admin", user_id="web:a1b2-C3")] and not layer.described
    assert "web:a1b2-C3" in out.texts[0] and "ADMIN_USER_IDS" in out.texts[0] and "WEB_ADMIN=false" in out.texts[0]


async def test_the_global_refusal_on_the_web_says_it_too(layer):
    out = await say(layer, "/addstyle --global Ink", images=[make_photo(90, 90, seed=5)], user="web:a1b2",
                    admin=True, **WEB)
    assert out.texts == [t("en", "web_not_operator", user_id="web:a1b2")]
    out = await say(layer, "/removestyle --global Ink", user="web:a1b2", admin=True, **WEB)
    assert out.texts == [t("en", "web_not_operator", user_id="web:a1b2")]


async def test_an_operator_listed_by_that_id_may_add_there(layer, settings):
    layer.settings.ADMIN_USER_IDS = "web:a1b2"
    out = await say(layer, "/addstyle Ink", images=[make_photo(90, 90, seed=5)], user="web:a1b2", admin=False, **WEB)
    assert layer.described == [1] and "Ink" in out.texts[-1]


async def test_an_anonymous_page_whose_id_changes_gets_the_common_words(layer):
    out = await say(layer, "/addstyle Ink", images=[make_photo(90, 90, seed=5)], user="web:anonymous-0f0f",
                    admin=False, **WEB)
    assert out.texts == [t("en", "not_admin")]


async def test_other_platforms_keep_their_words(layer):
    group = dict(chat="tg:-100", community="tg:-100")
    out = await say(layer, "/addstyle Ink", images=[make_photo(90, 90, seed=5)], user="tg:5", admin=False, **group)
    assert out.texts == [t("en", "not_admin")]
    out = await say(layer, "/addstyle --global Ink", images=[make_photo(90, 90, seed=5)], user="dc:5", admin=True)
    assert out.texts == [t("en", "not_operator")]
