"""Text the bot cannot read, soon after a painting ("thanks!"), is answered with how to get another
version of it (the command layer's after_painting_hint, after_painting_hint_group in a group).
Telegram's group wording says "Here a new photo needs a caption such as /style gogh": on Discord a
server message reaches the bot only where it mentions it, so a server gets its own wording, and a
DM its own (buttons clicked, no captions). Stylize on a text-only message soon after a painting
got that hint too, instead of "That message has no image to paint"."""
from __future__ import annotations

import pytest

from bot.chat import Reply
from bot.discord_bot import discord_wording
from bot.discord_messages import message_wording
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, painted_reply, replies_to
from tests.bot.fake_discord import APP_ID, interaction, user_message

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast   # (the fake queue: a painting is its photo)
CAPTION = {"en": "caption", "ko": "캡션"}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", ["after_painting_hint", "after_painting_hint_group"])
def test_the_after_painting_hints_are_said_the_discord_way(lang, key):
    said = message_wording(Reply(t(lang, key))).text
    assert said == t(lang, f"dc_msg_{key}")
    assert CAPTION[lang] not in said, said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_telegrams_group_hint_naming_a_reply_is_said_the_discord_servers_way(lang):
    """after_painting_hint_group_reply, Telegram's group hint since a reply naming an artist is read
    there: the layer may pick it for any group (not only req.platform == "tg"), and a server still
    gets its own wording (a mention, not a caption, for a new photo)."""
    said = message_wording(Reply(t(lang, "after_painting_hint_group_reply"))).text
    assert said == t(lang, "dc_msg_after_painting_hint_group")
    assert CAPTION[lang] not in said, said


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", ["after_painting_hint", "after_painting_hint_group", "after_painting_hint_group_reply"])
def test_stylize_without_an_image_after_a_painting_says_there_is_no_image(lang, key):
    """Stylize sends no command (its text is ""): the layer's hint for text it cannot read is,
    from an interaction, always Stylize on a message without a picture."""
    assert discord_wording(Reply(t(lang, key)), "").text == t(lang, "dc_stylize_no_image")


async def painted_in(fake, channel: str, **where) -> None:
    msg = user_message(USER, channel, f"<@{APP_ID}> gogh" if where else "gogh",
                       [fake.add_attachment("cat.jpg", make_photo(160, 120))], **where)
    await fake.dispatch("MESSAGE_CREATE", msg)
    await painted_reply(fake, channel, msg, timeout=15)


@pytest.mark.slow
@pytest.mark.parametrize("lang,thanks", [("en", "thanks!"), ("ko", "고마워요!")])
async def test_thanks_after_a_painting_in_a_server_gets_the_servers_hint(discord_fast, lang, thanks):
    fake, _ = discord_fast
    await painted_in(fake, CHANNEL, guild_id=GUILD)
    msg = user_message(USER, CHANNEL, f"<@{APP_ID}> {thanks}", guild_id=GUILD)
    await fake.dispatch("MESSAGE_CREATE", msg)
    [reply] = await fake.wait_for(lambda: replies_to(fake, CHANNEL, msg), timeout=15)
    assert reply["content"] == t(lang, "dc_msg_after_painting_hint_group"), reply["content"]
    assert CAPTION[lang] not in reply["content"]


@pytest.mark.slow
async def test_thanks_after_a_painting_in_a_dm_gets_the_dms_hint(discord_fast):
    fake, _ = discord_fast
    await painted_in(fake, DM)
    msg = user_message(USER, DM, "thanks!")
    await fake.dispatch("MESSAGE_CREATE", msg)
    [reply] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert reply["content"] == t("en", "dc_msg_after_painting_hint"), reply["content"]


@pytest.mark.slow
async def test_stylize_on_a_text_message_just_after_a_painting_says_it_has_no_image(discord_fast):
    fake, _ = discord_fast
    await painted_in(fake, CHANNEL, guild_id=GUILD)
    target = fake.message("what a view", channel_id=CHANNEL)
    target["author"] = USER
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {
        "id": "7", "name": "Stylize", "type": 3, "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}}}, USER, channel_id=CHANNEL, guild_id=GUILD))
    followups = await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:], timeout=15)
    assert followups[0][1]["content"] == t("en", "dc_stylize_no_image"), followups[0][1]["content"]
