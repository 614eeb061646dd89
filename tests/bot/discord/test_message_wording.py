"""A typed message's replies on Discord (a DM, or a server message mentioning the bot) said as a
Discord message has them: the picture attached to the message with the command, not Telegram's
"a photo with the caption /style gogh" (text_hint, no_photo, no_style_no_photo and /start's lines).
The slash commands' own wording (an image option) is bot/discord_bot.py's DISCORD_WORDING."""
from __future__ import annotations

import pytest

from bot.chat import Reply
from bot.discord_messages import message_wording
from bot.messages import t

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, replies_to
from tests.bot.fake_discord import APP_ID, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast
CAPTION = {"en": "caption", "ko": "캡션"}
GOGH = {"en": "gogh", "ko": "고흐"}         # the examples' artist (Korean examples name artists in Korean)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key,params", [("text_hint", {}), ("no_photo", {}),
                                        ("no_style_no_photo", {"command": "/hq"})])
def test_the_replies_that_speak_of_captions_are_said_the_discord_way(lang, key, params):
    said = message_wording(Reply(t(lang, key, **params))).text
    assert said == t(lang, f"dc_msg_{key}", **params)
    assert CAPTION[lang] not in said and (f"/style {GOGH[lang]}" in said or f"/hq {GOGH[lang]}" in said), said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_start_keeps_its_examples_without_captions(lang):
    start = t(lang, "start")
    said = message_wording(Reply(start)).text
    assert CAPTION[lang] in start and CAPTION[lang] not in said, said
    assert t(lang, "dc_msg_start_how") in said and t(lang, "dc_msg_start_named") in said
    kept = [line for line in start.splitlines() if line.startswith("  ")]      # the examples: /gogh works typed
    assert kept and kept == [line for line in said.splitlines() if line.startswith("  ")]


def test_other_replies_are_as_they_were():
    reply = Reply(t("en", "strength_usage"))
    assert message_wording(reply) is reply
    assert message_wording(Reply(None)).text is None


@pytest.mark.slow
async def test_a_dms_start_and_a_mentions_hq_without_a_photo(discord_fast):
    fake, _ = discord_fast
    start = user_message(USER, DM, "/start")
    await fake.dispatch("MESSAGE_CREATE", start)
    [reply] = await fake.wait_for(lambda: replies_to(fake, DM, start), timeout=15)
    assert reply["content"].startswith(t("en", "start").split("\n\n")[0]) and "caption" not in reply["content"]
    assert t("en", "dc_msg_start_how") in reply["content"]
    hq = user_message(USER, CHANNEL, f"<@{APP_ID}> /고화질", guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", hq)
    [reply] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, hq), timeout=15)
    assert reply["content"] == t("ko", "dc_msg_no_style_no_photo", command="/고화질"), reply["content"]
