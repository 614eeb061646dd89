"""A message carries no locale (only interactions do): a Korean user whose first word to the bot
is a bare "@Paintbot" or "@Paintbot help" in a Korean server got English. Where the user has no
/lang and no interaction has told their client's language, the server's preferred locale says it
(a Community server's; every other server has Discord's default en-US, which says nothing).
"@Paintbot help" and "@Paintbot 도움말" show the help (they got "Send me a photo… or try /help")."""
from __future__ import annotations

import pytest

from bot.messages import t

from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_messages import CHANNEL, DM, GUILD, replies_to
from tests.bot.discord.test_hints import joined
from tests.bot.fake_discord import APP_ID, interaction, user_message

fake_api = test_discord.fake_api                  # the fixtures: the fake Discord, the front-end on it
discord_fast = test_discord_limits.discord_fast


def help_start(lang: str) -> str:
    """The first line of /help's text in ``lang``."""
    return t(lang, "help", artists="", shortcut="").splitlines()[0]


async def answer(fake, text: str, channel: str = CHANNEL, **where) -> str:
    msg = user_message(USER, channel, text, **where)
    await fake.dispatch("MESSAGE_CREATE", msg)
    replies = await fake.wait_for(lambda: replies_to(fake, channel, msg), timeout=15)
    return replies[0]["content"]


async def in_server(fake, frontend, locale: str | None) -> None:
    server, _ = fake.guild(GUILD)
    if locale is not None:
        server["preferred_locale"] = locale
    await joined(fake, frontend, server)


@pytest.mark.slow
async def test_a_bare_mention_in_a_korean_server_is_answered_in_korean(discord_fast):
    fake, frontend = discord_fast
    await in_server(fake, frontend, "ko")
    said = await answer(fake, f"<@{APP_ID}>", guild_id=GUILD)
    english = await answer(fake, "hi", DM)                           # (the same answer, in a DM: English)
    assert said != english and "사진" in said, said


@pytest.mark.slow
@pytest.mark.parametrize("locale,lang", [("ko", "ko"), (None, "en")])
async def test_mentioned_help_shows_the_help_in_the_servers_language(discord_fast, locale, lang):
    fake, frontend = discord_fast
    await in_server(fake, frontend, locale)
    said = await answer(fake, f"<@{APP_ID}> help", guild_id=GUILD)
    assert said.startswith(help_start(lang)), said


@pytest.mark.slow
async def test_mentioned_korean_help_shows_the_korean_help_in_an_english_server(discord_fast):
    fake, frontend = discord_fast
    await in_server(fake, frontend, "en-US")
    said = await answer(fake, f"<@{APP_ID}> 도움말", guild_id=GUILD)
    assert said.startswith(help_start("ko")), said


@pytest.mark.slow
async def test_help_typed_in_a_dm_shows_the_help(discord_fast):
    fake, _ = discord_fast
    said = await answer(fake, "Help?", DM)
    assert said.startswith(help_start("en")), said


@pytest.mark.slow
@pytest.mark.parametrize("how", ["lang", "locale"])
async def test_the_users_own_language_beats_the_servers(discord_fast, how):
    """/lang en, or an interaction from an English client, in a Korean server: English."""
    fake, frontend = discord_fast
    await in_server(fake, frontend, "ko")
    if how == "lang":
        await answer(fake, f"<@{APP_ID}> /lang en", guild_id=GUILD)
    else:
        posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
        await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "status", "type": 1}, USER,
                                                              channel_id=CHANNEL, guild_id=GUILD, locale="en-US"))
        await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
    said = await answer(fake, f"<@{APP_ID}> help", guild_id=GUILD)
    assert said.startswith(help_start("en")), said


@pytest.mark.slow
async def test_korean_words_beat_an_english_clients_locale(discord_fast):
    """As bot/README.md says: the client's language (an en-US interaction) comes after Korean words."""
    fake, frontend = discord_fast
    await in_server(fake, frontend, None)
    posts = len(fake.recorded("POST", f"/webhooks/{APP_ID}/"))
    await fake.dispatch("INTERACTION_CREATE", interaction(2, {"id": "9", "name": "status", "type": 1}, USER,
                                                          channel_id=CHANNEL, guild_id=GUILD, locale="en-US"))
    await fake.wait_for(lambda: fake.recorded("POST", f"/webhooks/{APP_ID}/")[posts:])
    said = await answer(fake, f"<@{APP_ID}> 도움말 좀 보여줘", guild_id=GUILD)
    assert "사진" in said, said
